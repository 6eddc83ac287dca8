// Go's formatting as Prometheus's alert templates apply it (template funcs humanize,
// humanizePercentage, humanizeDuration over fmt's %.4g), so generated tests can state the exact
// annotation text an alert renders.

/** fmt.Sprintf("%.4g", v): 4 significant digits, trailing zeros dropped, exponent form outside 1e-4..1e4. */
export function goG4(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (!Number.isFinite(v)) return v > 0 ? "+Inf" : "-Inf";
  if (v === 0) return "0";
  const [mantissa, expText] = v.toExponential(3).split("e") as [string, string];
  const exp = Number(expText);
  const strip = (s: string) => (s.includes(".") ? s.replace(/\.?0+$/, "") : s);
  if (exp < -4 || exp >= 4) {
    const sign = exp < 0 ? "-" : "+";
    return `${strip(mantissa)}e${sign}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  return strip(v.toFixed(3 - exp));
}

export function humanize(v: number): string {
  if (v === 0 || !Number.isFinite(v)) return goG4(v);
  let prefix = "";
  if (Math.abs(v) >= 1) {
    for (const p of ["k", "M", "G", "T", "P", "E", "Z", "Y"]) {
      if (Math.abs(v) < 1000) break;
      prefix = p;
      v /= 1000;
    }
  } else {
    for (const p of ["m", "u", "n", "p", "f", "a", "z", "y"]) {
      if (Math.abs(v) >= 1) break;
      prefix = p;
      v *= 1000;
    }
  }
  return `${goG4(v)}${prefix}`;
}

export function humanizePercentage(v: number): string {
  return `${goG4(v * 100)}%`;
}

export function humanizeDuration(v: number): string {
  if (!Number.isFinite(v)) return goG4(v);
  const sign = v < 0 ? "-" : "";
  v = Math.abs(v);
  if (v >= 1) {
    const whole = Math.trunc(v);
    const [d, h, m, s] = [Math.trunc(whole / 86400), Math.trunc(whole / 3600) % 24, Math.trunc(whole / 60) % 60, whole % 60];
    if (d !== 0) return `${sign}${d}d ${h}h ${m}m ${s}s`;
    if (h !== 0) return `${sign}${h}h ${m}m ${s}s`;
    if (m !== 0) return `${sign}${m}m ${s}s`;
    return `${sign}${goG4(v)}s`;
  }
  if (v === 0) return `${sign}0s`;
  let prefix = "";
  for (const p of ["m", "u", "n", "p", "f", "a", "z", "y"]) {
    if (v >= 1) break;
    prefix = p;
    v *= 1000;
  }
  return `${sign}${goG4(v)}${prefix}s`;
}

/** plain: four significant digits, no SI prefix (a p-value of 0.004 reads better than "4m"). */
export type ValueFormat = "humanize" | "humanizePercentage" | "humanizeDuration" | "plain";

export const FORMAT: Record<ValueFormat, (v: number) => string> = { humanize, humanizePercentage, humanizeDuration, plain: goG4 };
