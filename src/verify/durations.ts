// Prometheus durations ("1h30m", "500ms") as milliseconds and back. verify divides every duration
// of the generated files by the time-compression factor, so it must read and write them exactly as
// Prometheus, Alertmanager and vmalert do (model.ParseDuration: units y w d h m s ms, largest first).

const UNITS: readonly (readonly [string, number])[] = [
  ["y", 365 * 24 * 3600_000],
  ["w", 7 * 24 * 3600_000],
  ["d", 24 * 3600_000],
  ["h", 3600_000],
  ["m", 60_000],
  ["s", 1000],
  ["ms", 1],
];

const PATTERN = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

/** Milliseconds of a Prometheus duration; a bare number is seconds (PromQL accepts that too). */
export function parseDuration(text: string): number {
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const m = PATTERN.exec(text);
  if (m === null || text === "") throw new Error(`not a Prometheus duration: ${JSON.stringify(text)}`);
  return UNITS.reduce((sum, [, ms], i) => sum + Number(m[i + 1] ?? 0) * ms, 0);
}

/** The shortest Prometheus spelling of a whole number of milliseconds ("90000" → "1m30s"). */
export function formatDuration(ms: number): string {
  if (!Number.isInteger(ms) || ms < 0) throw new Error(`duration must be whole milliseconds, got ${ms}`);
  if (ms === 0) return "0s";
  let rest = ms;
  let out = "";
  // Years and weeks are not used: "30d" reads better than "4w2d".
  for (const [unit, size] of UNITS.slice(2)) {
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out;
}

/** A duration divided by `factor`, rounded to whole milliseconds and never below 1ms. */
export function scaleDuration(text: string, factor: number): string {
  return formatDuration(Math.max(1, Math.round(parseDuration(text) / factor)));
}
