// Prometheus durations ("2m", "1h", "30d") to and from minutes.
const UNIT_MINUTES: Record<string, number> = { s: 1 / 60, m: 1, h: 60, d: 1440, w: 10080 };

export function minutesOf(duration: string): number {
  let total = 0;
  for (const [, n, unit] of duration.matchAll(/(\d+)([smhdw])/g)) total += Number(n) * UNIT_MINUTES[unit!]!;
  return total;
}

export const at = (minutes: number) => `${minutes}m`;
