// drive(): live traffic into a real exporter, scraped over HTTP. What /metrics shows equals what was
// sent (no observation lost); traffic and exporter can be switched while it runs; it never throws.
import { afterEach, describe, expect, it } from "vitest";
import { alertContext } from "../../src/compile/alerts/index.ts";
import { createExperimentMetrics, ExporterInputError, serveMetrics, type ExperimentMetrics } from "../../src/index.ts";
import { loadExperiments } from "../../src/load/index.ts";
import { drive, type Driver, type Sent } from "../../src/simulator/index.ts";
import { healthyTraffic, type Traffic } from "../../src/traffic/profile.ts";
import { REPO } from "../support/cli.ts";
import { parseExposition, valueOf, type Sample } from "../exporter/parse.ts";

const experiments = (await loadExperiments("experiments", REPO)).experiments.map((e) => e.experiment);
const spec = experiments.find((e) => e.id === "baseline-vs-enhanced")!;
const search = experiments.find((e) => e.id === "search-ranking-three-way")!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const drivers: Driver[] = [];
afterEach(async () => {
  await Promise.all(drivers.splice(0).map((d) => d.stop()));
});
function start(...args: Parameters<typeof drive>): Driver {
  const d = drive(...args);
  drivers.push(d);
  return d;
}

/** Every count /metrics shows for each arm equals what the driver sent. */
function expectSame(samples: readonly Sample[], m: ExperimentMetrics, sent: Sent) {
  const { names, labels: l, values: v } = m.contract;
  for (const arm of m.experiment.arms.map((a) => a.name)) {
    const s = sent[arm] ?? { requests: 0, errors: 0, correct: 0, incorrect: 0, latencySeconds: 0, scores: 0, confidences: 0 };
    const at = (extra: Record<string, string>) => ({ [l.model]: arm, ...extra });
    expect(valueOf(samples, names.requests, at({ [l.status]: v.success })) + valueOf(samples, names.requests, at({ [l.status]: v.error })), arm).toBe(s.requests);
    expect(valueOf(samples, names.requests, at({ [l.status]: v.error }))).toBe(s.errors);
    expect(valueOf(samples, `${names.responseTime}_count`, at({}))).toBe(s.requests);
    expect(valueOf(samples, `${names.responseTime}_sum`, at({}))).toBeCloseTo(s.latencySeconds, 6);
    expect(valueOf(samples, `${names.predictionScore!}_count`, at({}))).toBe(s.scores);
    expect(valueOf(samples, `${names.confidence!}_count`, at({}))).toBe(s.confidences);
    expect(valueOf(samples, names.predictionsEvaluated!, at({ [l.outcome]: v.correct }))).toBe(s.correct);
    expect(valueOf(samples, names.predictionsEvaluated!, at({ [l.outcome]: v.incorrect }))).toBe(s.incorrect);
  }
}

describe("drive", () => {
  it("sends at the asked rate, split by the traffic, and /metrics shows exactly what was sent", async () => {
    const m = createExperimentMetrics(search);
    const traffic = healthyTraffic(search, alertContext(search).c);
    const server = await serveMetrics({ host: "127.0.0.1", port: 0, registries: () => [m.registry] });
    try {
      const started = performance.now();
      const d = start({ sink: () => m, traffic: () => traffic, rps: 2000, seed: 5, tickMs: 20 });
      await sleep(1500);
      // Scraped while loaded: every scrape is consistent with a moment of the run.
      const mid = parseExposition(await (await fetch(server.url)).text());
      expect(valueOf(mid, "search_ranker_latency_seconds_count", { variant: "bm25" })).toBeGreaterThan(0);
      await d.stop();
      const elapsed = (performance.now() - started) / 1000;
      const sent = d.sent();
      const total = Object.values(sent.total).reduce((n, a) => n + a.requests, 0);
      expect(total).toBeGreaterThan(2000 * (elapsed - 0.5));
      expect(total).toBeLessThanOrEqual(2000 * elapsed);
      // Fractions are carried over: bm25 has half of everything, to the request.
      expect(Math.abs(sent.total.bm25!.requests - total / 2)).toBeLessThanOrEqual(1.5);
      expect(sent.failures).toBe(0);
      expectSame(parseExposition(await (await fetch(server.url)).text()), m, sent.total);
      // Nothing is sent after stop() has resolved.
      await sleep(100);
      expect(d.sent().total).toEqual(sent.total);
    } finally {
      await server.close();
    }
  });

  it("follows the traffic it is given: a null arm and a down exporter record nothing", async () => {
    const m = createExperimentMetrics(spec);
    const healthy = healthyTraffic(spec, alertContext(spec).c);
    let traffic: Traffic = healthy;
    const d = start({ sink: () => m, traffic: () => traffic, rps: 1000, seed: 1, tickMs: 20 });
    await sleep(300);
    traffic = { ...healthy, arms: { ...healthy.arms, enhanced: null } };
    await sleep(60); // a tick in flight finishes on the old traffic
    const before = d.sent().total;
    await sleep(300);
    const after = d.sent().total;
    expect(after.enhanced).toEqual(before.enhanced);
    expect(after.baseline!.requests).toBeGreaterThan(before.baseline!.requests + 100);
    traffic = { ...healthy, up: false };
    await sleep(60);
    const down = d.sent();
    await sleep(300);
    expect(d.sent().total).toEqual(down.total);
    expect(d.sent().ticks).toBeGreaterThan(down.ticks);
    await d.stop();
    expectSame(parseExposition(await m.registry.metrics()), m, d.sent().total);
  });

  it("counts per sink: after the exporter is swapped (a restart), sent().sink matches the new exporter", async () => {
    let m = createExperimentMetrics(spec);
    const first = m;
    const traffic = healthyTraffic(spec, alertContext(spec).c);
    const d = start({ sink: () => m, traffic: () => traffic, rps: 1000, seed: 2, tickMs: 20 });
    await sleep(300);
    m = createExperimentMetrics(spec);
    await sleep(300);
    await d.stop();
    const sent = d.sent();
    expectSame(parseExposition(await m.registry.metrics()), m, sent.sink);
    const firstCount = valueOf(parseExposition(await first.registry.metrics()), "ab_test_response_time_seconds_count", { model_name: "baseline" });
    expect(sent.sink.baseline!.requests + firstCount).toBe(sent.total.baseline!.requests);
  });

  it("never throws from its timer: a failing tick is counted and the next one runs", async () => {
    const m = createExperimentMetrics(spec);
    const healthy = healthyTraffic(spec, alertContext(spec).c);
    let fail = true;
    const d = start({
      sink: () => m,
      traffic: () => {
        if (fail) throw new Error("traffic source broke");
        return healthy;
      },
      rps: 500,
      seed: 3,
      tickMs: 20,
    });
    await sleep(200);
    expect(d.sent().failures).toBeGreaterThan(0);
    expect(d.sent().lastFailure).toBe("traffic source broke");
    fail = false;
    await sleep(200);
    await d.stop();
    expect(d.sent().total.baseline!.requests).toBeGreaterThan(0);
    expectSame(parseExposition(await m.registry.metrics()), m, d.sent().total);
  });

  it("refuses bad options with ExporterInputError", () => {
    const m = createExperimentMetrics(spec);
    const traffic = () => healthyTraffic(spec, alertContext(spec).c);
    expect(() => drive({ sink: () => m, traffic, rps: -1, seed: 1 })).toThrow(ExporterInputError);
    expect(() => drive({ sink: () => m, traffic, rps: Number.NaN, seed: 1 })).toThrow(/^rps: /);
    expect(() => drive({ sink: () => m, traffic, rps: 1, seed: 1.5 })).toThrow(/^seed: /);
    expect(() => drive({ sink: () => m, traffic, rps: 1, seed: 1, tickMs: 0 })).toThrow(/^tickMs: /);
  });
});
