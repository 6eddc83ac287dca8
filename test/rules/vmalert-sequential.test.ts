// The sequential chain on the second rule engine: VictoriaMetrics stores three hours of counters
// (a 72/28 split against 70/30, the treatment 4 points less accurate), vmalert replays the
// generated chain of recording rules over them, and the statistics it writes back match the
// inference module at whole hours, and only change at whole hours (MetricsQL aligns the subquery's
// hourly steps as Prometheus does). A missing tool fails the test.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileRuleFile } from "../../src/compile/rules/index.ts";
import { quantityContext } from "../../src/compile/rules/recording.ts";
import { sequentialChain } from "../../src/compile/rules/quantities.ts";
import { toYaml } from "../../src/emit/yaml.ts";
import { RECORD, STATISTIC } from "../../src/model/conventions.ts";
import { ExperimentSchema } from "../../src/model/schema.ts";
import { compareAccuracy, srmTest } from "../../src/stats/index.ts";
import { TAU_ACCURACY, TAU_SRM } from "../../src/stats/design.ts";
import { scratch } from "../support/tmp.ts";
import { tool } from "../support/tools.ts";
import { freePort } from "../../src/verify/supervisor.ts";

const exp = ExperimentSchema.parse({
  id: "replay",
  title: "Replay",
  owner: { team: "t" },
  arms: [
    { name: "baseline", weight: 0.7, control: true },
    { name: "enhanced", weight: 0.3 },
  ],
});
const SHARE = { baseline: 0.72, enhanced: 0.28 } as const;
const ACCURACY = { baseline: 0.82, enhanced: 0.78 } as const;
const PER_MINUTE = 2500;
const MINUTES = 180;


const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("the sequential chain on VictoriaMetrics, replayed by vmalert", () => {
  const dir = scratch();
  let vm: ChildProcess;
  let base = "";
  // Three whole hours that ended at least three hours ago (replay needs the past).
  const t0 = (Math.floor(Date.now() / 3_600_000) - 6) * 3600;

  async function query(expr: string, at: number): Promise<{ metric: Record<string, string>; value: number }[]> {
    const url = `${base}/api/v1/query?query=${encodeURIComponent(expr)}&time=${at}`;
    const body = (await (await fetch(url)).json()) as { data: { result: { metric: Record<string, string>; value: [number, string] }[] } };
    return body.data.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
  }

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    vm = spawn(tool("victoria-metrics"), [`-storageDataPath=${join(dir, "vm")}`, `-httpListenAddr=127.0.0.1:${port}`, "-retentionPeriod=100y", "-search.disableCache"], {
      stdio: "ignore",
    });
    for (let i = 0; i < 100; i++) {
      if ((await fetch(`${base}/health`).catch(() => undefined))?.ok) break;
      await sleep(200);
    }
    const lines: string[] = [];
    for (let m = 0; m <= MINUTES; m++) {
      const ts = (t0 + m * 60) * 1000;
      for (const arm of ["baseline", "enhanced"] as const) {
        const r = PER_MINUTE * SHARE[arm];
        const l = { experiment: exp.id, model_name: arm };
        const line = (name: string, extra: string, v: number) =>
          lines.push(`${name}{experiment="${l.experiment}",model_name="${l.model_name}",${extra}} ${v} ${ts}`);
        line("ab_test_requests_total", 'status="success"', r * 0.99 * m);
        line("ab_test_requests_total", 'status="error"', r * 0.01 * m);
        line("ab_test_predictions_evaluated_total", 'outcome="correct"', (r / 10) * ACCURACY[arm] * m);
        line("ab_test_predictions_evaluated_total", 'outcome="incorrect"', (r / 10) * (1 - ACCURACY[arm]) * m);
      }
    }
    const imported = await fetch(`${base}/api/v1/import/prometheus`, { method: "POST", body: lines.join("\n") + "\n" });
    expect(imported.ok).toBe(true);
    await fetch(`${base}/internal/force_flush`);

    // Only the chain's rules: replay runs rule after rule, waiting between them for remote write.
    const chain = new Set([...sequentialChain(quantityContext(exp))].map((k) => RECORD[k] as string));
    const file = compileRuleFile(exp);
    file.groups[0]!.rules = file.groups[0]!.rules.filter((r) => "record" in r && chain.has(r.record));
    writeFileSync(join(dir, "chain.yml"), toYaml(file, "test"));
    const iso = (s: number) => new Date(s * 1000).toISOString().replace(".000", "");
    const r = spawnSync(
      tool("vmalert"),
      [
        `-rule=${join(dir, "chain.yml")}`,
        `-datasource.url=${base}`,
        `-remoteWrite.url=${base}`,
        `-replay.timeFrom=${iso(t0)}`,
        `-replay.timeTo=${iso(t0 + MINUTES * 60)}`,
        "-replay.rulesDelay=2s",
        "-remoteWrite.flushInterval=500ms",
        "-replay.disableProgressBar",
        "-httpListenAddr=127.0.0.1:0",
      ],
      { encoding: "utf8", timeout: 120_000 },
    );
    expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
    await fetch(`${base}/internal/force_flush`);
  }, 180_000);

  afterAll(async () => {
    if (vm === undefined || vm.exitCode !== null) return;
    const exited = new Promise((resolve) => vm.once("exit", resolve));
    vm.kill("SIGTERM");
    await exited;
  });

  it("sums whole hours: the counts since the start step once an hour", async () => {
    const at = async (s: number) => (await query(`${RECORD.requestsCumulative}{model_name="baseline"}`, t0 + s))[0]?.value;
    expect(await at(3600 + 30)).toBeCloseTo(PER_MINUTE * SHARE.baseline * 60, 6);
    expect(await at(7200 - 30)).toBeCloseTo(PER_MINUTE * SHARE.baseline * 60, 6);
    expect(await at(7200 + 30)).toBeCloseTo(PER_MINUTE * SHARE.baseline * 120, 6);
  });

  it("records the SRM test's statistics the inference module computes", async () => {
    const n = PER_MINUTE * 120;
    const ref = srmTest(
      exp.arms.map((a) => ({ count: n * SHARE[a.name as keyof typeof SHARE], weight: a.weight })),
      { alpha: 0.05, tau: TAU_SRM },
    );
    const got = await query(RECORD.srmCumulative, t0 + 7200 + 300);
    const stat = (s: string) => got.find((x) => x.metric.statistic === s)!.value;
    expect(stat(STATISTIC.requests)).toBeCloseTo(ref.n, 6);
    expect(stat(STATISTIC.chi2) / ref.chi2).toBeCloseTo(1, 9);
  });

  it("records the accuracy comparison the inference module computes", async () => {
    const outcomes = (arm: keyof typeof SHARE) => {
      const labelled = (PER_MINUTE * SHARE[arm] * 120) / 10;
      return { correct: labelled * ACCURACY[arm], total: labelled };
    };
    const ref = compareAccuracy(outcomes("enhanced"), outcomes("baseline"), { alpha: 0.05, tau: TAU_ACCURACY });
    const got = await query(`${RECORD.accuracyDifferenceCumulative}{model_name="enhanced"}`, t0 + 7200 + 300);
    const stat = (s: string) => got.find((x) => x.metric.statistic === s)!.value;
    expect(stat(STATISTIC.estimate) / ref.estimate).toBeCloseTo(1, 9);
    expect(stat(STATISTIC.variance) / ref.variance).toBeCloseTo(1, 9);
  });
});
