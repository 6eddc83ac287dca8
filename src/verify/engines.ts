// The rule engines verify runs for real: Prometheus, or VictoriaMetrics single-node + vmalert. Both
// scrape the scenario exporters, evaluate the (time-scaled) generated rules and send alerts to
// Alertmanager; verify reads their alerts and runs the dashboards' queries through the same API.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { dump } from "js-yaml";
import { formatDuration, parseDuration } from "./durations.ts";
import { getJson, waitReady } from "./http.ts";
import { EnvironmentError, VerifyError, freePort, which, type Supervisor } from "./supervisor.ts";

export type EngineName = "prometheus" | "victoriametrics";

export interface ActiveAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: string;
}

export interface Sample {
  metric: Record<string, string>;
  value: number;
}

export interface Engine {
  name: EngineName;
  /** Alerts the engine holds now, pending and firing. */
  alerts(): Promise<ActiveAlert[]>;
  /** An instant query through the engine's Prometheus-compatible API. */
  query(expr: string): Promise<Sample[]>;
  /** Labels engines add to every alert on their own (left out when verify compares labels). */
  readonly ownLabels: readonly string[];
}

export interface EngineOptions {
  /** The engine's HTTP port (default: a free one). */
  port?: number;
  ruleFiles: readonly string[];
  targets: readonly { job: string; address: string }[];
  alertmanager: string;
  /** Time compression factor: the engine's own timers shrink with the rules'. */
  factor: number;
}

/**
 * An engine that did not come up: a port it could not bind is the environment's fault (exit 2);
 * anything else (a rule file it refused) is a verification failure.
 */
function startFailure(sup: Supervisor, name: string, address: string): Error {
  const log = sup.tail(name, 20);
  const text = `${name} did not start on ${address}:\n${log}`;
  return /address already in use|bind: |cannot assign requested address|permission denied/i.test(log) ? new EnvironmentError(text) : new VerifyError(text);
}

const scaled = (d: string, f: number) => formatDuration(Math.max(1, Math.round(parseDuration(d) / f)));

/** Scrape settings at the usual 30s, compressed like the rules (VictoriaMetrics reads them too). */
function scrapeConfig(o: EngineOptions, extraGlobal: Record<string, string> = {}): string {
  const interval = scaled("30s", o.factor);
  return dump({
    global: { scrape_interval: interval, scrape_timeout: interval, ...extraGlobal },
    scrape_configs: o.targets.map((t) => ({ job_name: t.job, static_configs: [{ targets: [t.address] }] })),
  });
}

async function query(base: string, expr: string): Promise<Sample[]> {
  type R = { status: string; data: { resultType: string; result: { metric: Record<string, string>; value: [number, string] }[] } };
  const r = await getJson<R>(`${base}/api/v1/query?query=${encodeURIComponent(expr)}`);
  if (r.data.resultType !== "vector") return [];
  return r.data.result.map((s) => ({ metric: s.metric, value: Number(s.value[1]) }));
}

export async function startPrometheus(sup: Supervisor, o: EngineOptions): Promise<Engine> {
  const bin = which("prometheus", "prometheus");
  const port = o.port ?? (await freePort());
  const config = join(sup.dir, "prometheus.yml");
  const scrape = scrapeConfig(o, { evaluation_interval: scaled("30s", o.factor) });
  writeFileSync(
    config,
    `${scrape}${dump({ rule_files: o.ruleFiles, alerting: { alertmanagers: [{ static_configs: [{ targets: [o.alertmanager] }] }] } })}`,
  );
  sup.start("prometheus", bin, [
    `--config.file=${config}`,
    `--storage.tsdb.path=${join(sup.dir, "prometheus-data")}`,
    `--web.listen-address=127.0.0.1:${port}`,
    `--query.lookback-delta=${scaled("5m", o.factor)}`,
    `--rules.alert.resend-delay=${scaled("1m", o.factor)}`,
    "--log.level=warn",
  ]);
  const base = `http://127.0.0.1:${port}`;
  if (!(await waitReady(`${base}/-/ready`, 30_000, () => sup.exited("prometheus") !== null))) {
    throw startFailure(sup, "prometheus", `127.0.0.1:${port}`);
  }
  return {
    name: "prometheus",
    ownLabels: [],
    async alerts() {
      type R = { data: { alerts: { labels: Record<string, string>; annotations: Record<string, string>; state: string }[] } };
      const r = await getJson<R>(`${base}/api/v1/alerts`);
      return r.data.alerts.map((a) => ({ labels: a.labels, annotations: a.annotations, state: a.state }));
    },
    query: (expr) => query(base, expr),
  };
}

export async function startVictoriaMetrics(sup: Supervisor, o: EngineOptions): Promise<Engine> {
  const vmBin = which("victoria-metrics", "victoria-metrics");
  const vmalertBin = which("vmalert", "victoria-metrics");
  const [vmPort, alertPort] = [o.port ?? (await freePort()), await freePort()];
  const config = join(sup.dir, "scrape.yml");
  writeFileSync(config, scrapeConfig(o));
  sup.start("victoria-metrics", vmBin, [
    `-storageDataPath=${join(sup.dir, "vm-data")}`,
    `-httpListenAddr=127.0.0.1:${vmPort}`,
    `-promscrape.config=${config}`,
    // VictoriaMetrics hides the newest 30s of samples by default and looks back 5m for the last
    // sample of a series: both are compressed with the rest of time.
    `-search.latencyOffset=${scaled("30s", o.factor)}`,
    `-search.maxStalenessInterval=${scaled("5m", o.factor)}`,
    "-loggerLevel=ERROR",
  ]);
  const vm = `http://127.0.0.1:${vmPort}`;
  if (!(await waitReady(`${vm}/health`, 30_000, () => sup.exited("victoria-metrics") !== null))) {
    throw startFailure(sup, "victoria-metrics", `127.0.0.1:${vmPort}`);
  }
  const interval = scaled("30s", o.factor);
  sup.start("vmalert", vmalertBin, [
    ...o.ruleFiles.map((f) => `-rule=${f}`),
    `-datasource.url=${vm}`,
    `-remoteWrite.url=${vm}`,
    `-remoteRead.url=${vm}`,
    `-notifier.url=http://${o.alertmanager}`,
    `-httpListenAddr=127.0.0.1:${alertPort}`,
    `-evaluationInterval=${interval}`,
    `-datasource.queryStep=${scaled("5m", o.factor)}`,
    `-remoteWrite.flushInterval=${interval}`,
    `-rule.resendDelay=${scaled("1m", o.factor)}`,
    "-loggerLevel=ERROR",
  ]);
  const vmalert = `http://127.0.0.1:${alertPort}`;
  if (!(await waitReady(`${vmalert}/health`, 30_000, () => sup.exited("vmalert") !== null))) {
    throw startFailure(sup, "vmalert", `127.0.0.1:${alertPort}`);
  }
  return {
    name: "victoriametrics",
    ownLabels: ["alertgroup"],
    async alerts() {
      type R = { data: { alerts: { labels: Record<string, string>; annotations: Record<string, string>; state: string }[] } };
      const r = await getJson<R>(`${vmalert}/api/v1/alerts`);
      return r.data.alerts.map((a) => ({ labels: a.labels, annotations: a.annotations, state: a.state }));
    },
    query: (expr) => query(vm, expr),
  };
}

export function startEngine(name: EngineName, sup: Supervisor, o: EngineOptions): Promise<Engine> {
  return name === "prometheus" ? startPrometheus(sup, o) : startVictoriaMetrics(sup, o);
}
