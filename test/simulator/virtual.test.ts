// Virtual mode: a timeline of phases, scraped in virtual time, written as OpenMetrics that the real
// promtool turns into TSDB blocks; the dumped samples are what the simulator sent.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { alertContext, ALERT_SPECS } from "../../src/compile/alerts/index.ts";
import { loadExperiments } from "../../src/load/index.ts";
import { openMetrics, simulateVirtual, type VirtualRun } from "../../src/simulator/index.ts";
import { healthyTraffic } from "../../src/traffic/profile.ts";
import { REPO } from "../support/cli.ts";
import { scratch } from "../support/tmp.ts";
import { tool } from "../support/tools.ts";

const experiments = (await loadExperiments("experiments", REPO)).experiments.map((e) => e.experiment);
const spec = experiments.find((e) => e.id === "baseline-vs-enhanced")!;
const search = experiments.find((e) => e.id === "search-ranking-three-way")!;
const START = Date.UTC(2026, 10, 30, 12, 0, 0);

function run(cmd: string, args: readonly string[], cwd: string) {
  const r = spawnSync(tool(cmd), args, { cwd, encoding: "utf8", timeout: 120_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

/** Loads OpenMetrics text into TSDB blocks with promtool and dumps the samples back, per series. */
function throughPromtool(text: string, match: string): Map<string, [number, number][]> {
  const dir = scratch();
  writeFileSync(join(dir, "in.om"), text);
  const created = run("promtool", ["tsdb", "create-blocks-from", "openmetrics", "in.om", "data"], dir);
  expect(created.code, created.out).toBe(0);
  mkdirSync(join(dir, "data/wal"), { recursive: true }); // promtool 2.42's dump opens the WAL
  const dump = run("promtool", ["tsdb", "dump", `--match=${match}`, "data"], dir);
  expect(dump.code, dump.out).toBe(0);
  const series = new Map<string, [number, number][]>();
  for (const line of dump.out.trim().split("\n")) {
    const m = /^(\{.*\}) (\S+) (\d+)$/.exec(line);
    if (!m) continue;
    const list = series.get(m[1]!) ?? [];
    list.push([Number(m[3]), Number(m[2])]);
    series.set(m[1]!, list);
  }
  return series;
}

const one = (series: Map<string, [number, number][]>, ...parts: string[]) => {
  const keys = [...series.keys()].filter((k) => parts.every((p) => k.includes(p)));
  expect(keys, parts.join(" ")).toHaveLength(1);
  return series.get(keys[0]!)!;
};
const atMinute = (samples: [number, number][], minute: number) => samples.find(([ts]) => ts === START + minute * 60_000)?.[1];

describe("virtual mode", () => {
  it("writes two experiments' healthy traffic that promtool loads, every count equal to what was sent", async () => {
    const runs: VirtualRun[] = [spec, search].map((e) => ({ experiment: e, phases: [{ from: 0, traffic: healthyTraffic(e, alertContext(e).c) }] }));
    const r = await simulateVirtual(runs, { minutes: 10, stepSeconds: 15, seed: 9, rps: 50, startMs: START });
    const text = [...openMetrics(r.families)].join("");
    expect(text.endsWith("# EOF\n")).toBe(true);
    const dumped = throughPromtool(text, '{__name__=~"ab_test_requests_total|search_ranker_judged_total"}');
    const ok = one(dumped, 'model_name="enhanced"', 'status="success"');
    expect(ok).toHaveLength(41); // minute 0 to 10, every 15 s
    expect(ok[0]).toEqual([START, 0]);
    const sentEnhanced = r.sent[0]!.enhanced!;
    expect(ok.at(-1)![1] + one(dumped, 'model_name="enhanced"', 'status="error"').at(-1)![1]).toBe(sentEnhanced.requests);
    expect(sentEnhanced.requests).toBe(10 * 60 * 50 * 0.3);
    expect(one(dumped, 'variant="llm-rerank"', 'judgement="irrelevant"').at(-1)![1]).toBe(r.sent[1]!["llm-rerank"]!.incorrect);
  });

  it("plays a timeline: a fault, an outage (a gap), then a restart (counters from zero)", async () => {
    const ctx = alertContext(spec);
    const healthy = healthyTraffic(spec, ctx.c);
    const fault = ALERT_SPECS.find((a) => a.name === "HighErrorRate")!.test.fault(healthy, ctx);
    const phases = [
      { from: 0, traffic: healthy },
      { from: 20, traffic: fault },
      { from: 40, traffic: { ...healthy, up: false } },
      { from: 45, traffic: healthy, restart: true },
    ];
    const r = await simulateVirtual([{ experiment: spec, phases }], { minutes: 60, seed: 1, rps: 100, startMs: START });
    const dumped = throughPromtool([...openMetrics(r.families)].join(""), '{__name__="ab_test_requests_total"}');
    const err = one(dumped, 'model_name="enhanced"', 'status="error"');
    const ok = one(dumped, 'model_name="enhanced"', 'status="success"');
    const total = (m: number) => atMinute(err, m)! + atMinute(ok, m)!;
    // The fault: a quarter of the enhanced arm's requests fail between minutes 20 and 40.
    const n = total(40) - total(20);
    expect(n).toBe(20 * 60 * 30);
    expect(Math.abs((atMinute(err, 40)! - atMinute(err, 20)!) / n - 0.25)).toBeLessThan(4 * Math.sqrt((0.25 * 0.75) / n));
    // The outage: no samples after minute 40 until minute 45 (exclusive of the first scrape after it).
    expect(err.filter(([ts]) => ts > START + 40 * 60_000 && ts <= START + 45 * 60_000)).toEqual([]);
    // The restart: the counter starts again, below its value before the outage.
    expect(atMinute(ok, 46)!).toBeLessThan(atMinute(ok, 40)!);
    expect(atMinute(ok, 60)! + atMinute(err, 60)!).toBe(15 * 60 * 30);
  });

  it("is byte-reproducible for a seed, and another seed gives other bytes", async () => {
    const runs: VirtualRun[] = [{ experiment: spec, phases: [{ from: 0, traffic: healthyTraffic(spec, alertContext(spec).c) }] }];
    const text = async (seed: number) => [...openMetrics((await simulateVirtual(runs, { minutes: 5, seed, rps: 40, startMs: START })).families)].join("");
    const a = await text(3);
    expect(await text(3)).toBe(a);
    expect(await text(4)).not.toBe(a);
  });

  it("refuses out-of-bounds options and the same experiment twice", async () => {
    const runs: VirtualRun[] = [{ experiment: spec, phases: [{ from: 0, traffic: healthyTraffic(spec, alertContext(spec).c) }] }];
    await expect(simulateVirtual(runs, { minutes: 0, seed: 1, rps: 1, startMs: START })).rejects.toThrow(/^minutes: expected whole minutes/);
    await expect(simulateVirtual(runs, { minutes: 60, seed: 1, rps: 1e6, startMs: START })).rejects.toThrow(/^rps: expected at most 50000000 requests/);
    await expect(simulateVirtual([...runs, ...runs], { minutes: 1, seed: 1, rps: 1, startMs: START })).rejects.toThrow(/^runs\[1\]: expected an experiment simulated once/);
  });
});
