// What the sequential tests cost a real Prometheus at steady state, with 30 days of history: the
// generated rules over backfilled raw counters (one sample a minute) and hourly counts (one every
// 30 s, as the rule group records them), against the alternative design that reads the raw counters
// over the whole window (increase(raw[30d]) for the same counts). Per-rule evaluation times come
// from /api/v1/rules (the median of several evaluations).
import { spawn, spawnSync } from "node:child_process";
import { createWriteStream, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compileRuleFile } from "../src/compile/rules/index.ts";
import { quantityContext } from "../src/compile/rules/recording.ts";
import { QUANTITY, sequentialChain } from "../src/compile/rules/quantities.ts";
import { toYaml } from "../src/emit/yaml.ts";
import { OUT, OUTCOME, RECORD, RULE_GROUP_INTERVAL } from "../src/model/conventions.ts";
import { ExperimentSchema, type Experiment } from "../src/model/schema.ts";
import { fmtMs, fmtRatio, median } from "./measure.ts";
import { syntheticExperiment } from "./synthetic.ts";
import { freePort } from "../src/verify/supervisor.ts";

const DAYS = 30;
const RAW_EVERY = 60;
const RECORDED_EVERY = 30;


const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** 30 days of raw counters and of the hourly counts the chain reads, as OpenMetrics, for `experiments`. */
async function writeHistory(file: string, experiments: readonly Experiment[], end: number): Promise<number> {
  const out = createWriteStream(file);
  const write = (text: string) => (out.write(text) ? Promise.resolve() : new Promise<void>((r) => out.once("drain", () => r())));
  const start = end - DAYS * 86_400;
  let samples = 0;
  for (const exp of experiments) {
    const arms = exp.arms.map((a) => ({ name: a.name, perMinute: 100 * a.weight }));
    const series: { name: string; every: number; value: (t: number) => number }[] = [];
    for (const a of arms) {
      for (const [status, share] of [["success", 0.99], ["error", 0.01]] as const) {
        series.push({ name: `ab_test_requests_total{experiment="${exp.id}",model_name="${a.name}",status="${status}"}`, every: RAW_EVERY, value: (t) => ((t - start) / 60) * a.perMinute * share });
      }
      for (const [outcome, share] of [["correct", 0.8], ["incorrect", 0.2]] as const) {
        series.push({ name: `ab_test_predictions_evaluated_total{experiment="${exp.id}",model_name="${a.name}",outcome="${outcome}"}`, every: RAW_EVERY, value: (t) => ((t - start) / 60) * a.perMinute * 0.1 * share });
      }
      series.push({ name: `${RECORD.requestsIncrease1h}{experiment="${exp.id}",${OUT.model}="${a.name}"}`, every: RECORDED_EVERY, value: () => 60 * a.perMinute });
      for (const [outcome, share] of [[OUTCOME.correct, 0.8], [OUTCOME.all, 1]] as const) {
        series.push({ name: `${RECORD.evaluatedIncrease1h}{experiment="${exp.id}",${OUT.model}="${a.name}",${OUT.outcome}="${outcome}"}`, every: RECORDED_EVERY, value: () => 6 * a.perMinute * share });
      }
    }
    for (const s of series) {
      let chunk = "";
      for (let t = start + 3600; t < end; t += s.every) {
        chunk += `${s.name} ${s.value(t)} ${t}\n`;
        samples++;
      }
      await write(chunk);
    }
  }
  await write("# EOF\n");
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  return samples;
}

/** The alternative the chain replaces: the same counts read from raw counters over the whole window. */
function rawWindowRules(exp: Experiment) {
  const scope = `{experiment="${exp.id}"}`;
  return [
    { record: "bench:raw_window_requests", expr: `sum by (model_name) (increase(ab_test_requests_total${scope}[${DAYS}d]))`, labels: { experiment: exp.id } },
    { record: "bench:raw_window_evaluated", expr: `sum by (model_name, outcome) (increase(ab_test_predictions_evaluated_total${scope}[${DAYS}d]))`, labels: { experiment: exp.id } },
  ];
}

interface RuleTimes {
  group: number;
  sinceStart: number;
  statistics: number;
  rawWindow: number;
}

async function measure(n: number): Promise<RuleTimes & { samples: number }> {
  const dir = join(tmpdir(), `abwatch-bench-sequential-${process.pid}-${n}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const experiments = Array.from({ length: n }, (_, i) => ExperimentSchema.parse(syntheticExperiment(i)));
  const end = Math.floor(Date.now() / 1000);
  const samples = await writeHistory(join(dir, "history.om"), experiments, end);
  const b = spawnSync("promtool", ["tsdb", "create-blocks-from", "openmetrics", "--max-block-duration=240h", join(dir, "history.om"), join(dir, "data")], {
    encoding: "utf8",
    timeout: 1_200_000,
  });
  if (b.status !== 0) throw new Error(`promtool backfill failed: ${b.stderr.slice(-2000)}`);
  rmSync(join(dir, "history.om"));
  const groups = experiments.flatMap((e) => [
    ...compileRuleFile(e).groups,
    { name: `raw-window-${e.id}`, interval: RULE_GROUP_INTERVAL, rules: rawWindowRules(e) },
  ]);
  writeFileSync(join(dir, "rules.yml"), toYaml({ groups }, "bench"));
  writeFileSync(join(dir, "prometheus.yml"), `global:\n  evaluation_interval: ${RULE_GROUP_INTERVAL}\nrule_files:\n  - ${join(dir, "rules.yml")}\n`);
  const port = await freePort();
  const prom = spawn(
    "prometheus",
    [`--config.file=${join(dir, "prometheus.yml")}`, `--storage.tsdb.path=${join(dir, "data")}`, `--web.listen-address=127.0.0.1:${port}`, "--storage.tsdb.retention.time=60d", "--log.level=warn"],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  prom.stderr!.on("data", (d) => (stderr += String(d)));
  const chain = sequentialChain(quantityContext(experiments[0]!));
  const kind = (record: string | undefined): keyof RuleTimes | undefined => {
    if (record === undefined) return undefined;
    if (record.startsWith("bench:")) return "rawWindow";
    const key = Object.entries(RECORD).find(([, v]) => v === record)?.[0] as keyof typeof RECORD | undefined;
    if (key === undefined || !chain.has(key) || QUANTITY[key].reads === undefined) return undefined;
    return key === "requestsCumulative" || key === "evaluatedCumulative" ? "sinceStart" : "statistics";
  };
  try {
    const samplesOf: RuleTimes[] = [];
    const deadline = Date.now() + 180_000;
    while (samplesOf.length < 5) {
      if (Date.now() > deadline) throw new Error(`prometheus did not evaluate the rules in time: ${stderr.slice(-2000)}`);
      if (prom.exitCode !== null) throw new Error(`prometheus exited ${prom.exitCode}: ${stderr.slice(-2000)}`);
      await sleep(30_000);
      const body = (await (await fetch(`http://127.0.0.1:${port}/api/v1/rules`).catch(() => undefined))?.json().catch(() => undefined)) as
        | { data: { groups: { name: string; evaluationTime: number; rules: { name: string; type: string; evaluationTime: number; health: string }[] }[] } }
        | undefined;
      const gs = body?.data.groups ?? [];
      if (gs.length === 0 || gs.some((g) => g.rules.some((r) => r.health === "unknown"))) continue;
      const t: RuleTimes = { group: 0, sinceStart: 0, statistics: 0, rawWindow: 0 };
      for (const g of gs) {
        if (!g.name.startsWith("raw-window-")) t.group += g.evaluationTime;
        for (const r of g.rules) {
          const k = kind(r.type === "recording" ? r.name : undefined);
          if (k !== undefined) t[k] += r.evaluationTime;
        }
      }
      samplesOf.push(t);
    }
    const med = (k: keyof RuleTimes) => (median(samplesOf.map((s) => s[k])) * 1000) / n;
    return { group: med("group"), sinceStart: med("sinceStart"), statistics: med("statistics"), rawWindow: med("rawWindow"), samples };
  } finally {
    prom.kill("SIGTERM");
    if (prom.exitCode === null) await new Promise((r) => prom.once("exit", r));
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchSequential(sizes: readonly number[] = [1, 10]): Promise<string> {
  const rows: string[] = [];
  for (const n of sizes) {
    const m = await measure(n);
    rows.push(
      `| ${n} | ${(m.samples / 1e6).toFixed(1)} M | ${fmtMs(m.group)} | ${fmtMs(m.sinceStart)} | ${fmtMs(m.statistics)} | ${fmtMs(m.rawWindow)} | **${fmtRatio(m.sinceStart / m.rawWindow)}** |`,
    );
  }
  return [
    "## Sequential tests: evaluation cost with 30 days of history",
    "",
    `A real Prometheus (Debian's 2.42) with ${DAYS} days of backfilled history per synthetic experiment: raw counters`,
    `one sample a minute, and the hourly counts the chain reads one sample every ${RECORDED_EVERY} s, as the rule group records`,
    "them (promtool tsdb create-blocks-from openmetrics, 10-day blocks). Per-rule evaluation times from /api/v1/rules,",
    "median of five evaluations, per experiment. \"Counts since the start\" are the chain's two subquery rules",
    "(`sum_over_time(hourly[30d:1h])`); \"statistics\" the three rules after them; \"raw window\" the alternative design,",
    "the same counts as `increase(raw[30d])` (two rules, not generated). Ratio: counts since the start / raw window.",
    "",
    "| experiments | samples backfilled | generated group, per experiment | counts since the start | statistics | raw window | ratio |",
    "|---:|---:|---:|---:|---:|---:|---:|",
    ...rows,
    "",
  ].join("\n");
}
