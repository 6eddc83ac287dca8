// createExperimentMetrics: the series a service exports follow the experiment's metric contract,
// bad input is refused with its field path and records nothing, accuracy comes from a sliding
// window of outcomes unless the service sets it.
import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { createExperimentMetrics, ExporterInputError, type ExperimentMetrics, type RequestRecord } from "../../src/index.ts";
import { loadExperiments } from "../../src/load/index.ts";
import { REPO } from "../support/cli.ts";
import { parseExposition, valueOf } from "./parse.ts";

const loaded = (await loadExperiments("experiments", REPO)).experiments.map((e) => e.experiment);
const spec = loaded.find((e) => e.id === "baseline-vs-enhanced")!;
const search = loaded.find((e) => e.id === "search-ranking-three-way")!;

const text = (m: ExperimentMetrics) => m.registry.metrics();
const families = async (m: ExperimentMetrics) =>
  (await m.registry.getMetricsAsJSON()).map((f) => ({ name: f.name, type: f.type })).sort((a, b) => a.name.localeCompare(b.name));

const good: RequestRecord = { arm: "baseline", latencySeconds: 0.05, ok: true, score: 0.5, confidence: 0.8, correct: true };

describe("series follow the metric contract", () => {
  it("registers the spec's seven metrics, with their types, for the spec's experiment", async () => {
    const m = createExperimentMetrics(spec);
    expect(await families(m)).toEqual([
      { name: "ab_test_business_impact", type: "gauge" },
      { name: "ab_test_model_accuracy", type: "gauge" },
      { name: "ab_test_model_confidence", type: "histogram" },
      { name: "ab_test_prediction_score", type: "histogram" },
      { name: "ab_test_predictions_evaluated_total", type: "counter" },
      { name: "ab_test_requests_total", type: "counter" },
      { name: "ab_test_response_time_seconds", type: "histogram" },
    ]);
  });

  it("uses search-ranking's own names, labels, values, scope and buckets, and registers no business metric (declared false)", async () => {
    const m = createExperimentMetrics(search);
    expect((await families(m)).map((f) => f.name)).toEqual([
      "search_ranker_confidence",
      "search_ranker_judged_total",
      "search_ranker_latency_seconds",
      "search_ranker_ndcg_percent",
      "search_ranker_relevance_score",
      "search_ranker_requests_total",
    ]);
    m.record({ arm: "llm-rerank", latencySeconds: 0.3, ok: false, correct: false });
    const s = parseExposition(await text(m));
    expect(valueOf(s, "search_ranker_requests_total", { exp: "ranking-q4", service: "search", variant: "llm-rerank", result: "failed" })).toBe(1);
    expect(valueOf(s, "search_ranker_judged_total", { variant: "llm-rerank", judgement: "irrelevant" })).toBe(1);
    const les = s.filter((x) => x.name === "search_ranker_latency_seconds_bucket" && x.labels.variant === "bm25").map((x) => x.labels.le);
    expect(les).toEqual(["0.025", "0.05", "0.1", "0.15", "0.25", "0.4", "0.6", "1", "2", "+Inf"]);
    expect(valueOf(s, "search_ranker_latency_seconds_bucket", { variant: "llm-rerank", le: "0.25" })).toBe(0);
    expect(valueOf(s, "search_ranker_latency_seconds_bucket", { variant: "llm-rerank", le: "0.4" })).toBe(1);
    expect(s.every((x) => x.labels.exp === "ranking-q4" && x.labels.service === "search")).toBe(true);
  });

  it("starts every arm's counters and histograms at zero, so a rate sees the first error", async () => {
    const s = parseExposition(await text(createExperimentMetrics(spec)));
    for (const arm of ["baseline", "enhanced"]) {
      expect(valueOf(s, "ab_test_requests_total", { model_name: arm, status: "error" })).toBe(0);
      expect(valueOf(s, "ab_test_response_time_seconds_count", { model_name: arm })).toBe(0);
    }
    expect(s.some((x) => x.name === "ab_test_model_accuracy")).toBe(false); // no value before an outcome or setAccuracy
  });

  it("record() and recordBatch() update the same series the same way", async () => {
    const records: RequestRecord[] = [
      good,
      { arm: "enhanced", latencySeconds: 0.2, ok: false, score: 1, confidence: 0, correct: false },
      { arm: "baseline", latencySeconds: 0, ok: true },
    ];
    const one = createExperimentMetrics(spec);
    for (const r of records) one.record(r);
    const batch = createExperimentMetrics(spec);
    batch.recordBatch(records);
    expect(await text(batch)).toBe(await text(one));
    const s = parseExposition(await text(one));
    expect(valueOf(s, "ab_test_requests_total", { model_name: "baseline", status: "success" })).toBe(2);
    expect(valueOf(s, "ab_test_requests_total", { model_name: "enhanced", status: "error" })).toBe(1);
    expect(valueOf(s, "ab_test_response_time_seconds_sum", { model_name: "baseline" })).toBeCloseTo(0.05, 12);
    expect(valueOf(s, "ab_test_prediction_score_count", { model_name: "baseline" })).toBe(1);
    expect(valueOf(s, "ab_test_model_confidence_bucket", { model_name: "enhanced", le: "0.1" })).toBe(1);
    expect(valueOf(s, "ab_test_predictions_evaluated_total", { model_name: "baseline", outcome: "correct" })).toBe(1);
  });

  it("accepts an experiment as written (defaults filled) or already parsed, and shares one registry between experiments", async () => {
    const registry = new Registry();
    const a = createExperimentMetrics({ id: "exp-a", title: "A", owner: { team: "t" }, arms: [{ name: "c", weight: 0.5, control: true }, { name: "t", weight: 0.5 }] }, { registry });
    // A parsed experiment carries its scope: another id needs another scope too.
    const b = createExperimentMetrics({ ...spec, id: "exp-b", metrics: { ...spec.metrics, scope: { experiment: "exp-b" } } }, { registry });
    expect(a.registry).toBe(registry);
    a.record({ arm: "c", latencySeconds: 1, ok: true });
    b.record({ arm: "enhanced", latencySeconds: 1, ok: true });
    const s = parseExposition(await registry.metrics());
    expect(valueOf(s, "ab_test_requests_total", { experiment: "exp-a", model_name: "c", status: "success" })).toBe(1);
    expect(valueOf(s, "ab_test_requests_total", { experiment: "exp-b", model_name: "enhanced", status: "success" })).toBe(1);
  });

  it("refuses to share a metric name with different labels on one registry", () => {
    const registry = new Registry();
    createExperimentMetrics(spec, { registry });
    const clash = { ...spec, id: "other", metrics: { ...spec.metrics, scope: { team_label: "x" } } };
    expect(() => createExperimentMetrics(clash, { registry })).toThrow(/experiment\.metrics\.names\.requests: .*already on this registry/);
  });

  it("never touches prom-client's global registry", async () => {
    const { register } = await import("prom-client");
    createExperimentMetrics(spec).record(good);
    expect(register.getSingleMetric("ab_test_requests_total")).toBeUndefined();
  });
});

describe("bad input is refused with a typed error and records nothing", () => {
  const bad: [string, unknown, RegExp][] = [
    ["an unknown arm (the cardinality guard)", { ...good, arm: "baseline2" }, /^arm: expected one of the experiment's arms \(baseline, enhanced\).*got "baseline2"$/],
    ["a negative latency", { ...good, latencySeconds: -0.001 }, /^latencySeconds: expected a latency in seconds, a finite number >= 0, got -0.001$/],
    ["a NaN latency", { ...good, latencySeconds: Number.NaN }, /^latencySeconds: .* got NaN$/],
    ["an infinite latency", { ...good, latencySeconds: Infinity }, /^latencySeconds: .* got Infinity$/],
    ["a latency given as a string", { ...good, latencySeconds: "0.05" }, /^latencySeconds: .* got "0.05"$/],
    ["a score above 1", { ...good, score: 1.01 }, /^score: expected a score from 0 to 1, got 1.01$/],
    ["a negative confidence", { ...good, confidence: -0.1 }, /^confidence: expected a confidence from 0 to 1, got -0.1$/],
    ["ok missing", { arm: "baseline", latencySeconds: 0.1 }, /^ok: expected true or false, got nothing$/],
    ["correct not a boolean", { ...good, correct: "yes" }, /^correct: expected true, false or nothing, got "yes"$/],
    ["not an object", null, /^record: expected a request record object, got null$/],
  ];

  it.each(bad)("record() refuses %s", async (_what, record, message) => {
    const m = createExperimentMetrics(spec);
    const before = await text(m);
    let error: unknown;
    try {
      m.record(record as RequestRecord);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ExporterInputError);
    expect((error as Error).message).toMatch(message);
    expect(await text(m)).toBe(before);
  });

  it("recordBatch() names the bad record's index and records none of the batch, good records before it included", async () => {
    const m = createExperimentMetrics(spec);
    const before = await text(m);
    const batch = [good, good, { ...good, score: Number.NaN }, good] as RequestRecord[];
    expect(() => m.recordBatch(batch)).toThrow(/^records\[2\]\.score: expected a score from 0 to 1, got NaN$/);
    expect(await text(m)).toBe(before);
    const e = (() => {
      try {
        m.recordBatch([good, { ...good, arm: "nope" }]);
      } catch (x) {
        return x as ExporterInputError;
      }
    })()!;
    expect(e).toMatchObject({ name: "ExporterInputError", path: "records[1].arm", received: "nope" });
  });

  it("setAccuracy and setBusinessImpact validate everything before setting anything", async () => {
    const m = createExperimentMetrics(spec);
    expect(() => m.setAccuracy("nope", 80)).toThrow(/^arm: expected one of the experiment's arms/);
    expect(() => m.setAccuracy("baseline", 101)).toThrow(/^percent: expected an accuracy in percent, a number from 0 to 100, got 101$/);
    const before = await text(m);
    expect(() => m.setBusinessImpact({ revenueLift: 2, costImpact: Number.NaN })).toThrow(/^businessImpact\.costImpact: expected a finite number \(percent\), got NaN$/);
    expect(() => m.setBusinessImpact({ revenue: 2 } as never)).toThrow(/^businessImpact\.revenue: expected one of the business components/);
    expect(await text(m)).toBe(before);
    expect(() => createExperimentMetrics(search).setBusinessImpact({ revenueLift: 1 })).toThrow(/declares metrics\.names\.businessImpact false/);
  });

  it("a bad experiment or option is refused with its field path", () => {
    expect(() => createExperimentMetrics({ ...spec, arms: [{ name: "a", weight: 0.5, control: true }, { name: "b", weight: 0.4 }] })).toThrow(
      /^experiment\.arms: expected a valid value \(traffic weights must sum to 1, got 0\.9/,
    );
    expect(() => createExperimentMetrics({ ...spec, id: "Bad Id" })).toThrow(/^experiment\.id: expected an experiment id: lower-case letters/);
    expect(() => createExperimentMetrics(spec, { accuracyWindow: 0 })).toThrow(/^options\.accuracyWindow: expected .* got 0$/);
  });
});

describe("accuracy", () => {
  it("is the share correct of the last N labelled outcomes while the service does not set it", async () => {
    const m = createExperimentMetrics(spec, { accuracyWindow: 4 });
    const outcome = (correct: boolean): RequestRecord => ({ arm: "enhanced", latencySeconds: 0.1, ok: true, correct });
    m.recordBatch([outcome(true), outcome(false)]);
    expect(valueOf(parseExposition(await text(m)), "ab_test_model_accuracy", { model_name: "enhanced" })).toBe(50);
    m.recordBatch([outcome(true), outcome(true), outcome(true), outcome(true)]); // the two first slide out
    expect(valueOf(parseExposition(await text(m)), "ab_test_model_accuracy", { model_name: "enhanced" })).toBe(100);
    m.record(outcome(false));
    expect(valueOf(parseExposition(await text(m)), "ab_test_model_accuracy", { model_name: "enhanced" })).toBe(75);
    // Labelled outcomes still count in predictions evaluated.
    expect(valueOf(parseExposition(await text(m)), "ab_test_predictions_evaluated_total", { model_name: "enhanced", outcome: "incorrect" })).toBe(2);
  });

  it("counts outcomes that arrive after their request (recordOutcome) without counting a request", async () => {
    const m = createExperimentMetrics(spec, { accuracyWindow: 10 });
    m.recordOutcome("baseline", true);
    m.recordOutcome("baseline", false);
    m.recordOutcome("baseline", true);
    const s = parseExposition(await text(m));
    expect(valueOf(s, "ab_test_model_accuracy", { model_name: "baseline" })).toBeCloseTo(200 / 3, 9);
    expect(valueOf(s, "ab_test_predictions_evaluated_total", { model_name: "baseline", outcome: "correct" })).toBe(2);
    expect(valueOf(s, "ab_test_requests_total", { model_name: "baseline", status: "success" })).toBe(0);
    expect(() => m.recordOutcome("nope", true)).toThrow(/^arm: expected one of the experiment's arms/);
    expect(() => m.recordOutcome("baseline", 1 as never)).toThrow(/^correct: expected true or false, got 1$/);
  });

  it("is the service's value once it calls setAccuracy, outcomes notwithstanding", async () => {
    const m = createExperimentMetrics(spec);
    m.setAccuracy("baseline", 82);
    m.record({ ...good, correct: false });
    const s = parseExposition(await text(m));
    expect(valueOf(s, "ab_test_model_accuracy", { model_name: "baseline" })).toBe(82);
  });
});

describe("business impact", () => {
  it("sets the four components under the contract's metric_type values; components left out keep their value", async () => {
    const m = createExperimentMetrics(spec);
    m.setBusinessImpact({ revenueLift: 1.8, costImpact: 1.9, riskReduction: 4, netBusinessValue: 3.9 });
    m.setBusinessImpact({ netBusinessValue: -1 });
    const s = parseExposition(await text(m));
    expect(valueOf(s, "ab_test_business_impact", { experiment: "baseline-vs-enhanced", metric_type: "revenue_lift" })).toBe(1.8);
    expect(valueOf(s, "ab_test_business_impact", { metric_type: "net_business_value" })).toBe(-1);
  });
});
