// The choices behind abwatch's sequential tests, in one place: the rules, the dashboard, the test
// generator, the calibration benchmark and the coming `report` command all read them from here.

/**
 * Mixing standard deviation for the accuracy difference, in accuracy (fraction) units. The mixture
 * test is most sensitive around effects of this size; 3 points is the scale of the specification's
 * own +3.6-point improvement. Detection time is flat around it (0.02 to 0.05 detect a 3-point drop
 * within the same hour at 100 labelled predictions a minute; see BENCHMARKS.md).
 */
export const TAU_ACCURACY = 0.03;

/**
 * Mixing standard deviation for sample-ratio mismatch, per observation on the scale of Cohen's
 * w = sqrt(Σ (share − weight)² / weight): a 72/28 split against 70/30 is w = 0.044, 74/26 is 0.087.
 */
export const TAU_SRM = 0.05;

/**
 * Labelled predictions an arm needs before its accuracy enters the sequential comparison: the normal
 * approximation of a proportion wants n·p·(1 − p) of 10 or more (about 60 at 80 % accuracy); 100
 * leaves room, and the mixture boundary is far out at such sizes anyway (|z| above 5).
 */
export const MIN_LABELLED_PER_ARM = 100;

/** Without a declared schedule, the sequential tests cover an experiment's first 30 days. */
export const DEFAULT_HORIZON_DAYS = 30;

/**
 * Family-wise error: the accuracy alert compares every treatment with the control, so each
 * comparison gets α / (number of treatments) (Bonferroni): the chance that any of them raises a
 * false alarm stays ≤ α.
 */
export function perComparisonAlpha(alpha: number, treatments: number): number {
  return alpha / Math.max(1, treatments);
}

/**
 * Days the sequential tests watch: the declared schedule (start to end, both days included) or the
 * default. The rules sum data over this horizon and stop alerting once the experiment is older, so
 * the false-alarm guarantee holds however long it runs.
 */
export function horizonDays(schedule: { start: string; end?: string | undefined } | undefined): number {
  if (schedule?.end === undefined) return DEFAULT_HORIZON_DAYS;
  const day = 86_400_000;
  const ms = (s: string) => Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00Z` : s);
  const days = Math.ceil((ms(schedule.end) - ms(schedule.start)) / day);
  return Number.isFinite(days) && days > 0 ? days + 1 : DEFAULT_HORIZON_DAYS;
}

/** How many standard errors the split tolerance must span before the split alert may fire. */
export const SPLIT_STANDARD_ERRORS = 5;

/**
 * Requests an hour needs before a share can be off its weight by the tolerance for a reason other
 * than chance: the tolerance is then at least five standard errors of every arm's share
 * (sqrt(w (1 − w) / N)), so a correct split crosses it with probability below 10⁻⁶ per look.
 * Below that the ±band is noise (a 50/25/25 split with ±3 points cried wolf 1.6 times a day at 20
 * requests a minute; see BENCHMARKS.md).
 */
export function splitMinimumRequests(weights: readonly number[], tolerance: number): number {
  const worst = Math.max(...weights.map((w) => w * (1 - w)));
  return Math.ceil((SPLIT_STANDARD_ERRORS ** 2 * worst) / (tolerance * tolerance));
}
