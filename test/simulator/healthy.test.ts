// Healthy simulated traffic has the spec's numbers (seeded, checked statistically), and for an
// experiment with tighter thresholds, values derived from them that raise no alert (proven by the
// generated promtool tests, which share the healthy profile).
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { alertContext } from "../../src/compile/alerts/index.ts";
import { bucketQuantile } from "../../src/compile/tests/statistics.ts";
import { createExperimentMetrics, type ExperimentMetrics, type RequestRecord } from "../../src/index.ts";
import { loadExperiments } from "../../src/load/index.ts";
import { ExperimentSchema, type Experiment } from "../../src/model/schema.ts";
import { RequestGenerator, type Sent } from "../../src/simulator/index.ts";
import { healthyTraffic, mean } from "../../src/traffic/profile.ts";
import { REPO, runCli } from "../support/cli.ts";
import { scratch } from "../support/tmp.ts";
import { tool } from "../support/tools.ts";
import { parseExposition, valueOf } from "../exporter/parse.ts";

const experiments = (await loadExperiments("experiments", REPO)).experiments.map((e) => e.experiment);
const spec = experiments.find((e) => e.id === "baseline-vs-enhanced")!;

/** The real exporter, with every accepted batch kept for the statistics. */
function capturing(exp: Experiment): { sink: ExperimentMetrics; records: RequestRecord[] } {
  const real = createExperimentMetrics(exp);
  const records: RequestRecord[] = [];
  const sink: ExperimentMetrics = {
    experiment: real.experiment,
    contract: real.contract,
    registry: real.registry,
    record: (r) => real.record(r),
    recordBatch: (rs) => {
      real.recordBatch(rs);
      records.push(...rs);
    },
    recordOutcome: (a, c) => real.recordOutcome(a, c),
    setAccuracy: (a, p) => real.setAccuracy(a, p),
    setBusinessImpact: (v) => real.setBusinessImpact(v),
  };
  return { sink, records };
}

/** 20 virtual minutes of healthy traffic at 250 requests/s, one-second ticks, seed 42. */
function simulateHealthy(exp: Experiment) {
  const { sink, records } = capturing(exp);
  const traffic = healthyTraffic(exp, alertContext(exp).c);
  const sent: Sent = {};
  const g = new RequestGenerator(42);
  for (let s = 0; s < 20 * 60; s++) g.tick(sink, traffic, 250, 1, [sent]);
  return { sink, records, sent };
}

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.ceil(q * xs.length) - 1]!;
/** |observed - p| within four standard errors of a proportion. */
const withinBinomial = (observed: number, p: number, n: number) => Math.abs(observed - p) < 4 * Math.sqrt((p * (1 - p)) / n);

describe("healthy traffic of the spec's experiment (seed 42, 300,000 requests)", async () => {
  const { sink, records, sent } = simulateHealthy(spec);
  const samples = parseExposition(await sink.registry.metrics());
  const arm = (name: string) => records.filter((r) => r.arm === name);
  const baseline = arm("baseline");
  const enhanced = arm("enhanced");

  it("splits 70/30 exactly (fractions carried over) and sends what was asked", () => {
    expect(baseline.length + enhanced.length).toBe(300_000);
    expect(baseline.length).toBe(210_000);
    expect(sent.baseline!.requests).toBe(210_000);
  });

  it("baseline: 45-55 ms for 90 % of requests, p95 79 ms, 1.2 % errors", () => {
    const ms = baseline.map((r) => r.latencySeconds * 1000);
    expect(withinBinomial(ms.filter((x) => x >= 45 && x <= 55).length / ms.length, 0.9, ms.length)).toBe(true);
    expect(quantile(ms, 0.95)).toBeCloseTo(79, 6);
    expect(quantile(ms, 0.5)).toBeCloseTo(50, 6);
    expect(withinBinomial(baseline.filter((r) => !r.ok).length / baseline.length, 0.012, baseline.length)).toBe(true);
  });

  it("enhanced: 60-80 ms for 90 % of requests, p95 109 ms, 0.8 % errors", () => {
    const ms = enhanced.map((r) => r.latencySeconds * 1000);
    expect(withinBinomial(ms.filter((x) => x >= 60 && x <= 80).length / ms.length, 0.9, ms.length)).toBe(true);
    expect(quantile(ms, 0.95)).toBeCloseTo(109, 6);
    expect(withinBinomial(enhanced.filter((r) => !r.ok).length / enhanced.length, 0.008, enhanced.length)).toBe(true);
  });

  it("the exported histograms give p95 ≈ 79 and 109 ms the way histogram_quantile interpolates", () => {
    const buckets = spec.metrics.buckets.responseTime;
    for (const [name, p95] of [["baseline", 0.079], ["enhanced", 0.109]] as const) {
      const count = valueOf(samples, "ab_test_response_time_seconds_count", { model_name: name });
      const masses = buckets.map((le, i) => ({
        value: le,
        share:
          (valueOf(samples, "ab_test_response_time_seconds_bucket", { model_name: name, le: String(le) }) -
            (i === 0 ? 0 : valueOf(samples, "ab_test_response_time_seconds_bucket", { model_name: name, le: String(buckets[i - 1]) }))) /
          count,
      }));
      expect(Math.abs(bucketQuantile(0.95, buckets, masses).value - p95)).toBeLessThan(0.0015);
    }
  });

  it("accuracy: the gauges 82 % and 85.6 % (+3.6 points); a tenth of requests labelled, correct at those rates", () => {
    expect(valueOf(samples, "ab_test_model_accuracy", { model_name: "enhanced" }) - valueOf(samples, "ab_test_model_accuracy", { model_name: "baseline" })).toBeCloseTo(3.6, 9);
    for (const [name, n, p] of [["baseline", baseline.length, 0.82], ["enhanced", enhanced.length, 0.856]] as const) {
      const labelled = sent[name]!.correct + sent[name]!.incorrect;
      expect(withinBinomial(labelled / n, 0.1, n)).toBe(true);
      expect(withinBinomial(sent[name]!.correct / labelled, p, labelled)).toBe(true);
    }
  });

  it("confidence means 0.8 and the same score distribution on both arms (no drift); business 3.9 % net", () => {
    for (const name of ["baseline", "enhanced"]) {
      const c = arm(name).map((r) => r.confidence!);
      expect(Math.abs(c.reduce((s, x) => s + x, 0) / c.length - 0.8)).toBeLessThan(0.002);
    }
    const cdf = (name: string, le: number) =>
      valueOf(samples, "ab_test_prediction_score_bucket", { model_name: name, le: String(le) }) / valueOf(samples, "ab_test_prediction_score_count", { model_name: name });
    const ks = Math.max(...spec.metrics.buckets.predictionScore.map((le) => Math.abs(cdf("baseline", le) - cdf("enhanced", le))));
    expect(ks).toBeLessThan(0.01);
    expect(valueOf(samples, "ab_test_business_impact", { metric_type: "net_business_value" })).toBeCloseTo(3.9, 9);
  });

  it("is reproducible: the same seed sends the same requests", () => {
    expect(simulateHealthy(spec).records.slice(0, 1000)).toEqual(records.slice(0, 1000));
  });
});

describe("healthy traffic of an experiment with tighter thresholds", () => {
  const input = {
    id: "tight-thresholds",
    title: "Tight thresholds",
    owner: { team: "quality" },
    arms: [
      { name: "control", weight: 0.6, control: true },
      { name: "candidate", weight: 0.4 },
    ],
    thresholds: {
      accuracy: { green: 92, yellow: 85, warning: 90, critical: 80 },
      errorRatio: 0.01,
      latencyP95Seconds: 0.075,
      confidence: 0.9,
    },
  };
  const exp = ExperimentSchema.parse(input);
  const t = healthyTraffic(exp, alertContext(exp).c);

  it("derives values well inside every threshold", () => {
    for (const arm of ["control", "candidate"]) {
      const a = t.arms[arm]!;
      expect(a.errorRatio).toBeLessThanOrEqual(0.005);
      expect(bucketQuantile(0.95, exp.metrics.buckets.responseTime, a.latency).value).toBeLessThanOrEqual(0.05);
      expect(a.accuracy).toBeGreaterThanOrEqual(95);
      expect(Math.min(...a.confidence.map((m) => m.value))).toBeGreaterThan(0.9);
      expect(a.correctRatio).toBe(a.accuracy / 100);
    }
    expect(t.arms.candidate!.accuracy).toBeGreaterThan(t.arms.control!.accuracy);
    expect(mean(t.arms.control!.confidence)).toBeCloseTo(0.95, 9);
  });

  it("raises no alert and every fault still fires: its generated promtool tests pass", () => {
    const root = scratch();
    mkdirSync(join(root, "experiments"));
    writeFileSync(join(root, "experiments/tight.ts"), `import { defineExperiment } from "abwatch";\nexport default defineExperiment(${JSON.stringify(input)});\n`);
    const g = runCli(["generate"], root);
    expect(g.code, g.stderr).toBe(0);
    const r = spawnSync(tool("promtool"), ["test", "rules", "tight-thresholds.test.yml"], { cwd: join(root, "generated/tests"), encoding: "utf8", timeout: 120_000 });
    expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
  });
});
