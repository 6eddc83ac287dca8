// The calibration's simulated experiments: which alert, which rules (before: 1h windows; after:
// today's), what traffic, how many runs. Each scenario draws from its own seeded stream, so its
// results do not depend on which worker runs it.
import chiSquareQuantile from "@stdlib/stats-base-dists-chisquare-quantile";
import { DEFAULT_THRESHOLDS } from "../../src/model/defaults.ts";
import { splitMinimumRequests } from "../../src/stats/design.ts";
import {
  DAY,
  afterAccuracy,
  afterSrm,
  beforeAccuracy,
  beforeSplitDeviation,
  beforeSrm,
  simulate,
  type AlertModel,
  type Counters,
  type Design,
} from "./model.ts";
import { SteadyCounter, labelled, sampler, splitRequests, type Binomial } from "./traffic.ts";

/** The issue's traffic levels: labelled predictions per arm, or requests in all, per minute. */
export const RATES = [10, 100, 1000] as const;

/** The old SRM threshold: the chi-square critical value for p < 0.001, to 4 decimals as the old rules wrote it. */
export const oldCritical = (df: number) => Math.round(chiSquareQuantile(1 - 0.001, df) * 1e4) / 1e4;

const design = (weights: readonly number[], splitTolerance = 0.05): Design => ({
  weights,
  alpha: DEFAULT_THRESHOLDS.alpha,
  minSamples: DEFAULT_THRESHOLDS.minSamples,
  splitTolerance,
  horizon: 30 * DAY,
});

export type Rules = "before" | "after";

export interface Scenario {
  alert: string;
  rules: Rules;
  /** What is simulated, for the table. */
  traffic: string;
  rate: number;
  runs: number;
  days: number;
  /** Stop each run at its first firing (time to detection) instead of counting every false alarm. */
  untilFirst: boolean;
  /** One simulated experiment: its alert model over freshly drawn counters. */
  make(draw: Binomial, minutes: number): AlertModel;
}

/** Counters every minute for the 1h-window rules; whole hours suffice for the sequential ones. */
const resolution = (rules: Rules) => (rules === "before" ? 1 : 60);
const split = (xs: readonly number[]) => xs.map((x) => Number((x * 100).toFixed(1))).join("/");

function srm(rules: Rules, weights: number[], shares: number[], rate: number, runs: number, days: number, untilFirst: boolean): Scenario {
  const d = design(weights);
  return {
    alert: "SampleRatioMismatch",
    rules,
    traffic: `${split(shares)} against ${split(weights)}`,
    rate,
    runs,
    days,
    untilFirst,
    make: (draw, minutes) => {
      const requests = splitRequests(draw, shares, rate, minutes, resolution(rules));
      return rules === "before" ? beforeSrm(d, { requests }, oldCritical(weights.length - 1)) : afterSrm(d, { requests });
    },
  };
}

function accuracy(rules: Rules, accuracies: number[], rate: number, runs: number, days: number, untilFirst: boolean): Scenario {
  const d = design(accuracies.map(() => 1 / accuracies.length));
  return {
    alert: "AccuracyRegression",
    rules,
    traffic: `${accuracies.slice(1).map((a) => `${a * 100} %`).join(", ")} against a control at ${accuracies[0]! * 100} %`,
    rate,
    runs,
    days,
    untilFirst,
    make: (draw, minutes) => {
      const arms = accuracies.map((a) => labelled(draw, a, rate, minutes, resolution(rules)));
      const c: Counters = {
        correct: arms.map((a) => a.correct),
        incorrect: arms.map((a) => a.incorrect),
        // As in the healthy profile, a tenth of requests get labels.
        requests: arms.map(() => new SteadyCounter(rate * 10, minutes)),
      };
      return rules === "before" ? beforeAccuracy(d, c) : afterAccuracy(d, c);
    },
  };
}

/** Before: at least minSamples requests in the hour; after: enough for the tolerance to span 5 standard errors. */
function splitDeviation(rules: Rules, weights: number[], tolerance: number, rate: number, runs: number): Scenario {
  const d = design(weights, tolerance);
  const minimum = rules === "before" ? d.minSamples : Math.max(d.minSamples, splitMinimumRequests(weights, tolerance));
  return {
    alert: "TrafficSplitDeviation",
    rules,
    traffic: `${split(weights)}, ±${tolerance * 100} points`,
    rate,
    runs,
    days: 30,
    untilFirst: false,
    make: (draw, minutes) => beforeSplitDeviation(d, { requests: splitRequests(draw, weights, rate, minutes, 1) }, minimum),
  };
}

/** Every scenario, in the order of the tables. */
export function scenarios(): Scenario[] {
  const list: Scenario[] = [];
  for (const rate of RATES) list.push(accuracy("before", [0.8, 0.8], rate, 100, 30, false), accuracy("after", [0.8, 0.8], rate, 2000, 30, false));
  for (const rate of RATES) list.push(srm("before", [0.7, 0.3], [0.7, 0.3], rate, 200, 30, false), srm("after", [0.7, 0.3], [0.7, 0.3], rate, 2000, 30, false));
  list.push(accuracy("after", [0.8, 0.8, 0.8], 100, 2000, 30, false), srm("after", [0.5, 0.25, 0.25], [0.5, 0.25, 0.25], 100, 2000, 30, false));
  for (const [weights, tolerance, edge] of [
    [[0.7, 0.3], 0.05, 40],
    [[0.5, 0.25, 0.25], 0.03, 120],
  ] as const) {
    for (const rate of [10, 20, edge, 100, 1000]) {
      if (rate !== edge) list.push(splitDeviation("before", [...weights], tolerance, rate, 50));
      list.push(splitDeviation("after", [...weights], tolerance, rate, 100));
    }
  }
  for (const rate of RATES) list.push(accuracy("before", [0.8, 0.77], rate, 100, 7, true), accuracy("after", [0.8, 0.77], rate, 500, 7, true));
  for (const rate of RATES) list.push(srm("before", [0.7, 0.3], [0.72, 0.28], rate, 100, 7, true), srm("after", [0.7, 0.3], [0.72, 0.28], rate, 500, 7, true));
  return list;
}

export interface Outcome {
  /** Each run's first firing, seconds from its start (null: none). */
  firstTimes: (number | null)[];
  /** Firings over all runs. */
  episodes: number;
  /** Run-days with at least one firing. */
  daysWithAlarm: number;
}

export function runScenario(s: Scenario): Outcome {
  const draw = sampler(`${s.alert} ${s.rules} ${s.traffic} ${s.rate} ${s.untilFirst}`);
  const firstTimes: (number | null)[] = [];
  let episodes = 0;
  let daysWithAlarm = 0;
  for (let i = 0; i < s.runs; i++) {
    const r = simulate(s.make(draw, s.days * 1440), s.days * DAY, { untilFirst: s.untilFirst });
    firstTimes.push(r.first ?? null);
    episodes += r.firings.length;
    daysWithAlarm += new Set(r.firings.map((t) => Math.floor(t / DAY))).size;
  }
  return { firstTimes, episodes, daysWithAlarm };
}
