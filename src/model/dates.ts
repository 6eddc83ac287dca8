// Schedule dates: a calendar date ("2026-12-31", a whole day in UTC) or an RFC 3339 timestamp
// ("2026-12-31T18:00:00Z", "2026-12-31T18:00:00.5+02:00"). Checked field by field, because
// Date.parse rolls impossible dates forward (2025-02-30 becomes 3 March) instead of refusing them.

export const DATE_FORMS = 'a date like "2026-12-31" or an RFC 3339 timestamp like "2026-12-31T18:00:00Z"';

const FORM =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(?:([Zz])|([+-])(\d{2}):(\d{2})))?$/;

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const leap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

export type ParsedDate =
  | {
      ok: true;
      /** Milliseconds since the epoch at the start of the date or at the timestamp. */
      startMs: number;
      /** For a calendar date, the end of that day (the next midnight, UTC); for a timestamp, itself. */
      endMs: number;
      dateOnly: boolean;
    }
  | { ok: false; message: string };

export function parseScheduleDate(text: string): ParsedDate {
  const m = FORM.exec(text);
  if (m === null) return { ok: false, message: `expected ${DATE_FORMS}, got ${JSON.stringify(text)}` };
  const [, y, mo, d, h, mi, s, frac, zulu, sign, oh, om] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12) return { ok: false, message: `${JSON.stringify(text)} has no month ${mo} (expected 01 to 12)` };
  const days = month === 2 && leap(year) ? 29 : DAYS[month - 1]!;
  if (day < 1 || day > days) {
    return { ok: false, message: `${JSON.stringify(text)} is not a calendar date: ${MONTHS[month - 1]} ${year} has ${days} days` };
  }
  const date = Date.UTC(year, month - 1, day);
  if (h === undefined) return { ok: true, startMs: date, endMs: date + 86_400_000, dateOnly: true };
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
    return { ok: false, message: `${JSON.stringify(text)} is not a time of day (hours 00-23, minutes and seconds 00-59)` };
  }
  if (zulu === undefined && (Number(oh) > 23 || Number(om) > 59)) {
    return { ok: false, message: `${JSON.stringify(text)} has an impossible UTC offset ${sign}${oh}:${om}` };
  }
  const offsetMs = zulu !== undefined ? 0 : (sign === "-" ? -1 : 1) * (Number(oh) * 60 + Number(om)) * 60_000;
  const ms = date + ((Number(h) * 60 + Number(mi)) * 60 + Number(s)) * 1000 + Math.floor(Number(frac ?? 0) * 1000) - offsetMs;
  return { ok: true, startMs: ms, endMs: ms, dateOnly: false };
}

function instant(text: string, which: "startMs" | "endMs"): number {
  const p = parseScheduleDate(text);
  // The schema accepts only parseable dates, so compilers never see this.
  if (!p.ok) throw new Error(`unparseable schedule date ${JSON.stringify(text)}`);
  return p[which];
}

/** Unix seconds at which the experiment starts: the start of a calendar date, or the timestamp. */
export const startSeconds = (start: string) => instant(start, "startMs") / 1000;
/** Unix seconds at which the experiment ends: the end of a calendar date (next midnight UTC), or the timestamp. */
export const endSeconds = (end: string) => instant(end, "endMs") / 1000;
