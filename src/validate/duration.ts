// Prometheus durations (`5m`, `1h30m`, `0`), parsed as prometheus/common's model.ParseDuration
// does: units in the order y w d h m s ms, each at most once, and "0" without a unit.
const DURATION = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
const UNIT_MS = [365 * 24 * 3600e3, 7 * 24 * 3600e3, 24 * 3600e3, 3600e3, 60e3, 1e3, 1];
/** time.Duration is int64 nanoseconds. */
const MAX_MS = 9223372036854775807 / 1e6;

export type DurationResult = { ok: true; ms: number } | { ok: false; error: string };

/** Rule files repeat a handful of durations ("5m", "15m") thousands of times. */
const cache = new Map<string, DurationResult>();

export function parseDuration(text: string): DurationResult {
  const hit = cache.get(text);
  if (hit !== undefined) return hit;
  const r = parse(text);
  if (cache.size > 10_000) cache.clear();
  cache.set(text, r);
  return r;
}

function parse(text: string): DurationResult {
  if (text === "0") return { ok: true, ms: 0 };
  if (text === "") return { ok: false, error: "empty duration string" };
  const m = DURATION.exec(text);
  if (m === null) return { ok: false, error: `not a valid duration string: ${goQuote(text)}` };
  let ms = 0;
  for (let i = 0; i < UNIT_MS.length; i++) {
    const part = m[i + 1];
    if (part === undefined) continue;
    const n = Number(part);
    if (!Number.isFinite(n) || n > MAX_MS / UNIT_MS[i]!) return { ok: false, error: "duration out of range" };
    ms += n * UNIT_MS[i]!;
    if (ms > MAX_MS) return { ok: false, error: "duration out of range" };
  }
  return { ok: true, ms };
}

/** Formats milliseconds the way Prometheus prints durations (`1h30m`, `0s`). */
export function formatDuration(ms: number): string {
  if (ms === 0) return "0s";
  const units: [string, number][] = [["y", UNIT_MS[0]!], ["w", UNIT_MS[1]!], ["d", UNIT_MS[2]!], ["h", UNIT_MS[3]!], ["m", UNIT_MS[4]!], ["s", UNIT_MS[5]!], ["ms", 1]];
  let out = "";
  let rest = ms;
  for (const [u, size] of units) {
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${u}`;
      rest -= n * size;
    }
  }
  return out;
}

/** Go's %q for the ASCII-printable strings our messages quote. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === "\\") out += `\\${ch}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\r") out += "\\r";
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, "0")}`;
    else out += ch;
  }
  return `${out}"`;
}
