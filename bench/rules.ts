// Rule-evaluation cost in a real Prometheus: the generated rule files (recording rules + alerts in
// one group per experiment) against the same alerts written without recording rules (every
// recorded series inlined), loaded side by side into one Prometheus that scrapes synthetic series
// for N experiments. Cost is prometheus_rule_group_last_duration_seconds summed over each file's
// groups, the median over several evaluations.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { type AddressInfo, createServer as createNetServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compileInlineAlertFile, compileRuleFile } from "../src/compile/rules/index.ts";
import { seriesDefinitions } from "../src/compile/tests/series.ts";
import { healthyTraffic } from "../src/compile/tests/traffic.ts";
import { toYaml } from "../src/emit/yaml.ts";
import { metricContract } from "../src/model/contract.ts";
import { ExperimentSchema, type Experiment } from "../src/model/schema.ts";
import { fmtMs, fmtRatio, median } from "./measure.ts";
import { syntheticExperiment } from "./synthetic.ts";

const SCRAPE_SECONDS = 5;
const EVAL_SECONDS = 10;

function escapeLabel(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

/** Serves every experiment's series in the text exposition format, counters growing with time. */
async function metricsServer(experiments: readonly Experiment[]): Promise<{ server: Server; port: number; series: number }> {
  const lines: { prefix: string; counter: boolean; value: number }[] = [];
  for (const exp of experiments) {
    const c = metricContract(exp);
    const t = healthyTraffic(exp, c);
    for (const d of seriesDefinitions(exp, c)) {
      const labels = Object.entries(d.labels)
        .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
        .join(",");
      lines.push({ prefix: `${d.metric}{${labels}} `, counter: d.counter, value: d.at(t) ?? 0 });
    }
  }
  const start = Date.now();
  const server = createServer((_req, res) => {
    const minutes = (Date.now() - start) / 60_000;
    res.writeHead(200, { "Content-Type": "text/plain; version=0.0.4" });
    const chunk: string[] = [];
    for (const l of lines) chunk.push(`${l.prefix}${l.counter ? l.value * (minutes + 60) : l.value}\n`);
    res.end(chunk.join(""));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, port: (server.address() as AddressInfo).port, series: lines.length };
}

async function freePort(): Promise<number> {
  const s = createNetServer();
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

/** Prometheus's own metric `name` per rule group, read from its /metrics page. */
async function perGroup(port: number, name: string): Promise<Map<string, number>> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const out = new Map<string, number>();
  for (const m of text.matchAll(new RegExp(`^${name}\\{rule_group="([^"]+)"\\} (\\S+)$`, "gm"))) out.set(m[1]!, Number(m[2]));
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function measure(n: number): Promise<{ recorded: number; inline: number; series: number; rules: number; alerts: number }> {
  const dir = join(tmpdir(), `abwatch-bench-rules-${process.pid}-${n}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const experiments = Array.from({ length: n }, (_, i) => ExperimentSchema.parse(syntheticExperiment(i)));
  const recordedFile = { groups: experiments.flatMap((e) => compileRuleFile(e).groups) };
  const inlineFile = { groups: experiments.flatMap((e) => compileInlineAlertFile(e).groups) };
  writeFileSync(join(dir, "recorded.yml"), toYaml(recordedFile, "bench"));
  writeFileSync(join(dir, "inline.yml"), toYaml(inlineFile, "bench"));

  const { server, port, series } = await metricsServer(experiments);
  const promPort = await freePort();
  writeFileSync(
    join(dir, "prometheus.yml"),
    [
      "global:",
      `  scrape_interval: ${SCRAPE_SECONDS}s`,
      `  evaluation_interval: ${EVAL_SECONDS}s`,
      "rule_files:",
      `  - ${join(dir, "recorded.yml")}`,
      `  - ${join(dir, "inline.yml")}`,
      "scrape_configs:",
      "  - job_name: synthetic",
      "    static_configs:",
      `      - targets: ["127.0.0.1:${port}"]`,
      "",
    ].join("\n"),
  );
  let prom: ChildProcess | undefined;
  try {
    prom = spawn(
      "prometheus",
      [
        `--config.file=${join(dir, "prometheus.yml")}`,
        `--storage.tsdb.path=${join(dir, "data")}`,
        `--web.listen-address=127.0.0.1:${promPort}`,
        "--log.level=warn",
      ],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    let stderr = "";
    prom.stderr!.on("data", (d) => (stderr += String(d)));
    // Ready, then enough evaluations that every rate has two samples (bounded in time).
    const deadline = Date.now() + 150_000;
    for (;;) {
      if (Date.now() > deadline) throw new Error(`prometheus did not warm up: ${stderr.slice(-2000)}`);
      if (prom.exitCode !== null) throw new Error(`prometheus exited ${prom.exitCode}: ${stderr.slice(-2000)}`);
      try {
        const it = [...(await perGroup(promPort, "prometheus_rule_group_iterations_total")).values()];
        if (it.length === 2 * n && Math.min(...it) >= 4) break;
      } catch {
        // not listening yet
      }
      await sleep(1000);
    }
    const recorded: number[] = [];
    const inline: number[] = [];
    for (let i = 0; i < 6; i++) {
      const r = [...(await perGroup(promPort, "prometheus_rule_group_last_duration_seconds")).entries()];
      const sum = (file: string) => r.filter(([group]) => group.startsWith(`${file};`)).reduce((s, [, v]) => s + v, 0);
      recorded.push(sum(join(dir, "recorded.yml")));
      inline.push(sum(join(dir, "inline.yml")));
      await sleep(EVAL_SECONDS * 1000);
    }
    const rules = recordedFile.groups.reduce((s, g) => s + g.rules.length, 0);
    const alerts = inlineFile.groups.reduce((s, g) => s + g.rules.length, 0);
    return { recorded: median(recorded) * 1000, inline: median(inline) * 1000, series, rules, alerts };
  } finally {
    prom?.kill("SIGTERM");
    if (prom && prom.exitCode === null) await new Promise((r) => prom!.once("exit", r));
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
    "`prometheus_rule_group_last_duration_seconds` summed over the groups of each rule file (median of six",
    `evaluations), in one real Prometheus (Debian's 2.42) scraping synthetic healthy series every ${SCRAPE_SECONDS}s and`,
    `evaluating every ${EVAL_SECONDS}s. "abwatch" is the generated rule file: recording rules plus alerts reading`,
    "them. \"Inlined\" is the same alerts with every recorded series replaced by its expression, no recording",
    "rules (its promtool tests pass too, see test/rules). Both files are loaded side by side, so they see the same",
    "data and the same machine load. Measured about a minute after start: the 1h windows then hold about a",
    "minute of samples, which flatters the inlined alerts; with a full hour of data their share of the work grows.",
    "",
    "| experiments | series | abwatch rules | abwatch eval | inlined alerts | inlined eval | ratio |",
    "|---:|---:|---:|---:|---:|---:|---:|",
    ...rows,
    "",
  ].join("\n");
}
