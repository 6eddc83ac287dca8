// The calibration benchmark's model against the real rule engine: the same random per-minute
// counters (a mismatched split, a worse treatment, a counter reset) go to promtool, with the rules
// abwatch generates today ("after") and the 1h-window rules it generated before
// (test/fixtures/calibration/before.rules.yml). promtool must find the model's statistic values at
// several minutes, and every alert firing exactly at the minute the model says, not a minute before.
import { spawnSync } from "node:child_process";
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  DAY,
  afterAccuracy,
  afterAccuracyStatistic,
  afterSrm,
  afterSrmStatistic,
  beforeAccuracy,
  beforeSplitDeviation,
  beforeSrm,
  beforeSrmStatistic,
  beforeZ,
  simulate,
  type AlertModel,
  type Counters,
  type Design,
} from "../../bench/calibration/model.ts";
import type { Counter } from "../../bench/calibration/prometheus.ts";
import { oldCritical } from "../../bench/calibration/scenarios.ts";
import { sampler } from "../../bench/calibration/traffic.ts";
import { num } from "../../src/compile/promql.ts";
import { compileRuleFile } from "../../src/compile/rules/index.ts";
import { toYaml } from "../../src/emit/yaml.ts";
import { RECORD, STATISTIC } from "../../src/model/conventions.ts";
import { ExperimentSchema } from "../../src/model/schema.ts";
import { REPO } from "../support/cli.ts";
import { scratch } from "../support/tmp.ts";
import { tool } from "../support/tools.ts";

const MINUTES = 200;
const ARMS = ["baseline", "enhanced"] as const;
const design: Design = { weights: [0.7, 0.3], alpha: 0.05, minSamples: 1000, splitTolerance: 0.05, horizon: 30 * DAY };

class ListCounter implements Counter {
  readonly mayReset = true;
  readonly last: number;
  constructor(readonly values: number[]) {
    this.last = values.length - 1;
  }
  at(m: number): number {
    return this.values[m]!;
  }
}

/** Per-minute random traffic: a 78/22 split of 40 requests a minute, the treatment 12 points less accurate. */
function traffic(): { counters: Counters; series: { name: string; values: number[] }[] } {
  const draw = sampler("calibration model test");
  const requests = ARMS.map(() => [0]);
  const correct = ARMS.map(() => [0]);
  const incorrect = ARMS.map(() => [0]);
  for (let m = 1; m <= MINUTES; m++) {
    const toControl = draw(40, 0.78);
    [toControl, 40 - toControl].forEach((x, i) => requests[i]!.push(requests[i]![m - 1]! + x));
    [0.8, 0.68].forEach((p, i) => {
      const c = draw(20, p);
      correct[i]!.push(correct[i]![m - 1]! + c);
      incorrect[i]!.push(incorrect[i]![m - 1]! + 20 - c);
    });
  }
  // The control's exporter restarts at minute 97: its request counter starts over.
  const reset = requests[0]![96]!;
  for (let m = 97; m <= MINUTES; m++) requests[0]![m]! -= reset;
  const series = ARMS.flatMap((arm, i) => [
    { name: `ab_test_requests_total{experiment="baseline-vs-enhanced", model_name="${arm}", status="success"}`, values: requests[i]! },
    { name: `ab_test_predictions_evaluated_total{experiment="baseline-vs-enhanced", model_name="${arm}", outcome="correct"}`, values: correct[i]! },
    { name: `ab_test_predictions_evaluated_total{experiment="baseline-vs-enhanced", model_name="${arm}", outcome="incorrect"}`, values: incorrect[i]! },
  ]);
  const counters = (xs: number[][]) => xs.map((v) => new ListCounter(v));
  return { counters: { requests: counters(requests), correct: counters(correct), incorrect: counters(incorrect) }, series };
}

const { counters, series } = traffic();
const CHECK_MINUTES = [61, 96, 97, 130, 160, 181, 199];

interface Case {
  expr: string;
  eval_time: string;
  exp_samples: { labels: string; value: number }[];
}

/** `expr` equals `value` to nine significant digits at `minute` (promtool compares floats exactly). */
function equals(expr: string, minute: number, value: number | undefined, labels: string): Case {
  if (value === undefined) return { expr, eval_time: `${minute}m`, exp_samples: [] };
  return {
    expr: `abs(${expr} - ${num(value)}) <= bool ${num(Math.max(1e-9, Math.abs(value) * 1e-9))}`,
    eval_time: `${minute}m`,
    exp_samples: [{ labels, value: 1 }],
  };
}

/** The alert's first firing minute per the model (and how many instances fire then), checked in promtool with the minute before. */
function firingCases(model: AlertModel): { minute: number; cases: Case[] } {
  const run = simulate(model, MINUTES * 60, { interval: 60, untilFirst: true });
  expect(run.first, `${model.name} should fire within the test`).toBeDefined();
  const minute = run.first! / 60;
  const instances = run.firings.filter((t) => t === run.first).length;
  const firing = `count(ALERTS{alertname="${model.name}", alertstate="firing"})`;
  return {
    minute,
    cases: [
      { expr: firing, eval_time: `${minute - 1}m`, exp_samples: [] },
      { expr: firing, eval_time: `${minute}m`, exp_samples: [{ labels: "{}", value: instances }] },
    ],
  };
}

function promtool(dir: string, ruleFile: string, cases: Case[]): { code: number | null; out: string } {
  const test = {
    rule_files: [ruleFile],
    evaluation_interval: "1m",
    tests: [
      {
        interval: "1m",
        input_series: series.map((s) => ({ series: s.name, values: s.values.map((v) => num(v)).join(" ") })),
        promql_expr_test: cases,
      },
    ],
  };
  writeFileSync(join(dir, "model.test.yml"), toYaml(test, "calibration model test"));
  const r = spawnSync(tool("promtool"), ["test", "rules", "model.test.yml"], { cwd: dir, encoding: "utf8", timeout: 120_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

describe("the calibration model against promtool", () => {
  it("uses the old rules' SRM thresholds: chi-square critical values for p < 0.001, as the fixture has them", () => {
    expect(oldCritical(1)).toBe(10.8276);
    expect(oldCritical(2)).toBe(13.8155);
    expect(readFileSync(join(REPO, "test/fixtures/calibration/before.rules.yml"), "utf8")).toContain(`> ${oldCritical(1)}`);
  });

  it("matches the 1h-window rules of before: chi-square and z values, and each alert's firing minute", () => {
    const dir = scratch();
    copyFileSync(join(REPO, "test/fixtures/calibration/before.rules.yml"), join(dir, "before.rules.yml"));
    const cases: Case[] = [];
    for (const m of CHECK_MINUTES) {
      cases.push(equals('experiment:ab_test_srm_chi2:increase1h{experiment="baseline-vs-enhanced"}', m, beforeSrmStatistic(design, counters, m * 60)?.chi2, '{experiment="baseline-vs-enhanced"}'));
      cases.push(
        equals(
          'experiment_model:ab_test_accuracy_ztest:ratio1h{experiment="baseline-vs-enhanced"}',
          m,
          beforeZ(counters, m * 60, 1),
          '{experiment="baseline-vs-enhanced", model_name="enhanced"}',
        ),
      );
    }
    const firings = [beforeSrm(design, counters, oldCritical(1)), beforeAccuracy(design, counters), beforeSplitDeviation(design, counters)].map(firingCases);
    const r = promtool(dir, "before.rules.yml", [...cases, ...firings.flatMap((f) => f.cases)]);
    expect(r.code, r.out).toBe(0);
  });

  it("matches today's sequential rules: the statistics since the start, and each alert's firing minute", () => {
    const dir = scratch();
    const exp = ExperimentSchema.parse({
      id: "baseline-vs-enhanced",
      title: "Calibration",
      owner: { team: "ml-platform" },
      arms: [
        { name: "baseline", weight: 0.7, control: true },
        { name: "enhanced", weight: 0.3 },
      ],
    });
    writeFileSync(join(dir, "after.rules.yml"), toYaml(compileRuleFile(exp), "calibration model test"));
    const cases: Case[] = [];
    const labels = '{experiment="baseline-vs-enhanced"';
    for (const m of CHECK_MINUTES) {
      const srm = afterSrmStatistic(design, counters, m * 60);
      cases.push(equals(`${RECORD.srmCumulative}{statistic="${STATISTIC.chi2}"}`, m, srm?.chi2, `${labels}, statistic="${STATISTIC.chi2}"}`));
      cases.push(equals(`${RECORD.srmCumulative}{statistic="${STATISTIC.requests}"}`, m, srm?.n, `${labels}, statistic="${STATISTIC.requests}"}`));
      const acc = afterAccuracyStatistic(design, counters, m * 60, 1);
      for (const st of [STATISTIC.estimate, STATISTIC.variance] as const) {
        cases.push(
          equals(`${RECORD.accuracyDifferenceCumulative}{statistic="${st}"}`, m, acc?.[st], `${labels}, model_name="enhanced", statistic="${st}"}`),
        );
      }
    }
    const firings = [afterSrm(design, counters), afterAccuracy(design, counters)].map(firingCases);
    // The statistics since the start step at whole hours, so the sequential alerts fire 10 minutes past one.
    for (const f of firings) expect(f.minute % 60).toBe(10);
    const r = promtool(dir, "after.rules.yml", [...cases, ...firings.flatMap((f) => f.cases)]);
    expect(r.code, r.out).toBe(0);
  });
});
