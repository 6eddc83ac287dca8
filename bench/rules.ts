// Rule-evaluation cost in a real Prometheus: the generated rule files (recording rules + alerts in
// one group per experiment) against the same alerts written without recording rules (every
// recorded series inlined), loaded side by side into one Prometheus that scrapes synthetic series
// for N experiments. Cost is prometheus_rule_group_last_duration_seconds summed over each file's
// groups, the median over several evaluations.
import { spawn, spawnSync } from "node:child_process";
import { createWriteStream, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { compileInlineAlertFile, compileRuleFile } from "../src/compile/rules/index.ts";
import { seriesDefinitions, seriesValue } from "../src/compile/tests/series.ts";
import { healthyTraffic } from "../src/traffic/profile.ts";
import { toYaml } from "../src/emit/yaml.ts";
import { metricContract } from "../src/model/contract.ts";
import { RULE_GROUP_INTERVAL } from "../src/model/conventions.ts";
import { ExperimentSchema, type Experiment } from "../src/model/schema.ts";
import { fmtMs, fmtRatio, median } from "./measure.ts";
import { syntheticExperiment } from "./synthetic.ts";
import { freePort } from "../src/verify/supervisor.ts";

const SCRAPE_SECONDS = 60;
/** Backfilled history, so the 1h windows hold an hour of data as in steady state. */
const HISTORY_MINUTES = 65;

function escapeLabel(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

interface Line {
  prefix: string;
  counter: boolean;
  value: number;
}

function seriesLines(experiments: readonly Experiment[]): Line[] {
  const lines: Line[] = [];
  for (const exp of experiments) {
    const c = metricContract(exp);
    const t = healthyTraffic(exp, c);
    for (const d of seriesDefinitions(exp, c)) {
      const labels = Object.entries(d.labels)
        .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
        .join(",");
      lines.push({ prefix: `${d.metric}{${labels}} `, counter: d.counter, value: seriesValue(d, t) ?? 0 });
    }
  }
  return lines;
}

/** A sample's value at `ms`: counters grow by their per-minute increment from `origin`. */
const valueAt = (l: Line, ms: number, origin: number) => (l.counter ? (l.value * (ms - origin)) / 60_000 : l.value);

/** Writes the last HISTORY_MINUTES as OpenMetrics and turns it into TSDB blocks with promtool. */
async function backfill(lines: readonly Line[], origin: number, now: number, dataDir: string, dir: string): Promise<void> {
  const file = join(dir, "history.om");
  const out = createWriteStream(file);
  const write = (text: string) => (out.write(text) ? Promise.resolve() : new Promise<void>((r) => out.once("drain", () => r())));
  let chunk: string[] = [];
  for (const l of lines) {
    for (let ms = origin + 60_000; ms < now; ms += SCRAPE_SECONDS * 1000) chunk.push(`${l.prefix}${valueAt(l, ms, origin)} ${ms / 1000}\n`);
    if (chunk.length > 50_000) {
      await write(chunk.join(""));
      chunk = [];
    }
  }
  await write(`${chunk.join("")}# EOF\n`);
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  const r = spawnSync("promtool", ["tsdb", "create-blocks-from", "openmetrics", file, dataDir], { encoding: "utf8", timeout: 600_000 });
  if (r.status !== 0) throw new Error(`promtool backfill failed: ${r.stderr.slice(-2000)}`);
  rmSync(file, { force: true });
}

/** Serves every experiment's series in the text exposition format, counters growing with time. */
async function metricsServer(lines: readonly Line[], origin: number): Promise<{ server: Server; port: number }> {
  const server = createServer((_req, res) => {
    const now = Date.now();
    res.writeHead(200, { "Content-Type": "text/plain; version=0.0.4" });
    res.end(lines.map((l) => `${l.prefix}${valueAt(l, now, origin)}\n`).join(""));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, port: (server.address() as AddressInfo).port };
}


/** Prometheus's own metric `name` per rule group, read from its /metrics page. */
async function perGroup(port: number, name: string): Promise<Map<string, number>> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const out = new Map<string, number>();
  for (const m of text.matchAll(new RegExp(`^${name}\\{rule_group="([^"]+)"\\} (\\S+)$`, "gm"))) out.set(m[1]!, Number(m[2]));
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The generated groups' own interval (RULE_GROUP_INTERVAL), which overrides the global one. */
const EVAL_SECONDS = Number.parseInt(RULE_GROUP_INTERVAL, 10);

/** Runs one Prometheus with one rule file; returns the median summed group duration in ms. */
async function evaluate(
  dir: string,
  ruleFile: string,
  metricsPort: number,
  groups: number,
  history: { lines: readonly Line[]; origin: number },
): Promise<number> {
  const promPort = await freePort();
  const interval = EVAL_SECONDS;
  const config = join(dir, `prometheus-${basename(ruleFile)}`);
  writeFileSync(
    config,
    [
      "global:",
      `  scrape_interval: ${SCRAPE_SECONDS}s`,
      `  evaluation_interval: ${interval}s`,
      "rule_files:",
      `  - ${ruleFile}`,
      "scrape_configs:",
      "  - job_name: synthetic",
      "    static_configs:",
      `      - targets: ["127.0.0.1:${metricsPort}"]`,
      "",
    ].join("\n"),
  );
  const data = join(dir, `data-${basename(ruleFile)}`);
  await backfill(history.lines, history.origin, Date.now(), data, dir);
  const prom = spawn(
    "prometheus",
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${data}`,
      `--web.listen-address=127.0.0.1:${promPort}`,
      "--storage.tsdb.retention.time=1d",
      "--log.level=warn",
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  prom.stderr!.on("data", (d) => (stderr += String(d)));
  try {
    // Ready, and every group evaluated twice with data (bounded in time).
    const deadline = Date.now() + 60_000 + interval * 6_000;
    for (;;) {
      if (Date.now() > deadline) throw new Error(`prometheus did not warm up: ${stderr.slice(-2000)}`);
      if (prom.exitCode !== null) throw new Error(`prometheus exited ${prom.exitCode}: ${stderr.slice(-2000)}`);
      try {
        const it = [...(await perGroup(promPort, "prometheus_rule_group_iterations_total")).values()];
        if (it.length === groups && Math.min(...it) >= 3) break;
      } catch {
        // not listening yet
      }
      await sleep(1000);
    }
    const sums: number[] = [];
    for (let i = 0; i < 3; i++) {
      await sleep(interval * 1000);
      const r = await perGroup(promPort, "prometheus_rule_group_last_duration_seconds");
      sums.push([...r.values()].reduce((a, b) => a + b, 0));
    }
    return median(sums) * 1000;
  } finally {
    prom.kill("SIGTERM");
    if (prom.exitCode === null) await new Promise((r) => prom.once("exit", r));
    rmSync(data, { recursive: true, force: true });
  }
}

async function measure(n: number): Promise<{ recorded: number; inline: number; series: number; rules: number; alerts: number }> {
  const dir = join(tmpdir(), `abwatch-bench-rules-${process.pid}-${n}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const experiments = Array.from({ length: n }, (_, i) => ExperimentSchema.parse(syntheticExperiment(i)));
  const recordedFile = { groups: experiments.flatMap((e) => compileRuleFile(e).groups) };
  const inlineFile = { groups: experiments.flatMap((e) => compileInlineAlertFile(e).groups) };
  writeFileSync(join(dir, "recorded.yml"), toYaml(recordedFile, "bench"));
  writeFileSync(join(dir, "inline.yml"), toYaml(inlineFile, "bench"));
  const lines = seriesLines(experiments);
  const origin = Date.now() - HISTORY_MINUTES * 60_000;
  const { server, port } = await metricsServer(lines, origin);
  const series = lines.length;
  try {
    const recorded = await evaluate(dir, join(dir, "recorded.yml"), port, n, { lines, origin });
    const inline = await evaluate(dir, join(dir, "inline.yml"), port, n, { lines, origin });
    const rules = recordedFile.groups.reduce((s, g) => s + g.rules.length, 0);
    const alerts = inlineFile.groups.reduce((s, g) => s + g.rules.length, 0);
    return { recorded, inline, series, rules, alerts };
  } finally {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchRules(sizes: readonly number[] = [1, 100, 1000]): Promise<string> {
  const rows: string[] = [];
  for (const n of sizes) {
    const m = await measure(n);
    rows.push(
      `| ${n} | ${m.series} | ${m.rules} | ${fmtMs(m.recorded)} | ${m.alerts} | ${fmtMs(m.inline)} | **${fmtRatio(m.recorded / m.inline)}** |`,
    );
  }
  return [
    "## Rule evaluation cost in Prometheus",
    "",
    "`prometheus_rule_group_last_duration_seconds` summed over the groups of a rule file (median of three",
    `evaluations), in a real Prometheus (Debian's 2.42) scraping synthetic healthy series every ${SCRAPE_SECONDS}s and`,
    `evaluating every ${RULE_GROUP_INTERVAL} (the generated groups' interval). "abwatch" is the generated rule file:`,
    "recording rules plus alerts reading them. \"Inlined\" is the same alerts with every recorded series replaced",
    "by its expression, keeping only the sequential tests' chain of recording rules, which cannot be inlined at a",
    "sensible cost (its promtool tests pass too, see test/rules). Each file runs in its",
    `own Prometheus against the same series, with ${HISTORY_MINUTES} minutes of history backfilled (promtool tsdb`,
    `create-blocks-from openmetrics, one sample a minute) so the 1h windows are full, as in steady state.`,
    "",
    "| experiments | series | abwatch rules | abwatch eval | inlined rules | inlined eval | ratio |",
    "|---:|---:|---:|---:|---:|---:|---:|",
    ...rows,
    "",
  ].join("\n");
}
