// One verify run: scenario instances with their exporters and simulated traffic, a real engine and
// a real Alertmanager on the time-scaled generated files, then healthy → fault → healthy for every
// instance at once, polled until each scenario has shown what it should or the time budget ends.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { dump, load } from "js-yaml";
import type { Registry } from "prom-client";
import { alertsFor } from "../compile/alerts/index.ts";
import { metricContract } from "../model/contract.ts";
import { OUT, paths } from "../model/conventions.ts";
import type { Experiment } from "../model/schema.ts";
import { healthyTraffic, type Traffic } from "../traffic/profile.ts";
import { redirectReceivers, routeInstances, startAlertmanager } from "./alertmanager.ts";
import { judge, type Judged } from "./checks.ts";
import { parseDuration, scaleDuration } from "./durations.ts";
import { startEngine, type ActiveAlert, type Engine, type EngineName } from "./engines.ts";
import { identityOf, rewriteExpr, rewriteRuleFile } from "./instance.ts";
import { newRecord, observe, type InstanceRecord, type PanelResult } from "./observe.ts";
import { RESTART, planInstances, type InstancePlan, type ScenarioLike } from "./plan.ts";
import { EnvironmentError, VerifyError, type Supervisor } from "./supervisor.ts";
import { scaleAlertmanagerConfig, scaleExpr, scaleRuleFile, type Doc } from "./timescale.ts";
import { Webhook, type Delivery } from "./webhook.ts";

/** The exporter and simulator verify drives (src/exporter, src/simulator), injected by the command. */
export interface Runtime<M extends { registry: Registry } = { registry: Registry }> {
  scenariosFor(exp: Experiment): readonly ScenarioLike[];
  createMetrics(exp: Experiment): M;
  serve(registries: () => readonly Registry[], port: number): Promise<{ port: number; close(): Promise<void> }>;
  drive(options: {
    sink: () => M;
    traffic: () => Traffic;
    rps: number;
    seed: number;
  }): { stop(): Promise<void> };
}

export interface VerifyOptions {
  engine: EngineName;
  /** Time compression: every duration divided by this. */
  factor: number;
  /** Requests per second per scenario instance. */
  rps: number;
  seed: number;
  /** Scenarios of these alerts only (and healthy). */
  only?: readonly string[];
  /** Wall-clock budget of the whole run, seconds. */
  budget: number;
  generatedDir: string;
  /** Milliseconds since the epoch: decides whether an end date has passed. */
  now: number;
  signal?: AbortSignal;
  progress(line: string): void;
}

export interface VerifyReport extends Judged {
  engine: EngineName;
  /** Every notification Alertmanager delivered, for reports and debugging. */
  deliveries: readonly Delivery[];
  factor: number;
  wallSeconds: number;
  alertsByExperiment: Map<string, string[]>;
}

export class InterruptedError extends Error {}

interface Live<M> {
  plan: InstancePlan;
  rec: InstanceRecord;
  metrics: M;
  port: number;
  server?: { close(): Promise<void> };
  phase: "healthy" | "fault" | "recovery" | "done";
  healthy: Traffic;
  driver?: { stop(): Promise<void> };
}

function readYaml(dir: string, rel: string): Doc {
  try {
    return load(readFileSync(join(dir, rel), "utf8")) as Doc;
  } catch (e) {
    throw new EnvironmentError(`cannot read ${join(dir, rel)} (run \`npx abwatch generate\` first): ${(e as Error).message}`);
  }
}

/** Every query of a dashboard: panel targets and annotations, with Grafana's interval variables. */
function dashboardQueries(dir: string, id: string): { panel: string; expr: string }[] {
  const d = JSON.parse(readFileSync(join(dir, paths.dashboard(id)), "utf8")) as Doc;
  const out: { panel: string; expr: string }[] = [];
  const walk = (panels: Doc[]) => {
    for (const p of panels) {
      if (Array.isArray(p.panels)) walk(p.panels as Doc[]);
      for (const t of (p.targets as Doc[] | undefined) ?? []) if (typeof t.expr === "string") out.push({ panel: String(p.title), expr: t.expr });
    }
  };
  walk((d.panels as Doc[]) ?? []);
  for (const a of (((d.annotations as Doc | undefined)?.list as Doc[] | undefined) ?? [])) {
    if (typeof a.expr === "string") out.push({ panel: `annotation ${String(a.name)}`, expr: a.expr });
  }
  return out;
}

const GRAFANA_INTERVALS: Record<string, string> = { $__rate_interval: "1m", $__interval: "30s", $__range: "1h" };

export async function runVerify<M extends { registry: Registry }>(
  experiments: readonly Experiment[],
  opts: VerifyOptions,
  runtime: Runtime<M>,
  sup: Supervisor,
): Promise<VerifyReport> {
  const started = Date.now();
  const elapsed = () => (Date.now() - started) / 1000;
  const aborted = () => opts.signal?.aborted === true;
  const F = opts.factor;
  const scaled = (d: string) => parseDuration(scaleDuration(d, F)) / 1000;

  // Plans and the files each instance runs.
  const plans = experiments.flatMap((e) => planInstances(e, runtime.scenariosFor(e), { now: opts.now, ...(opts.only ? { only: opts.only } : {}) }));
  const annotations = new Map<string, Map<string, Record<string, string>>>();
  const ruleDocs = new Map<string, Doc>();
  for (const e of experiments) {
    const doc = readYaml(opts.generatedDir, paths.rules(e.id));
    ruleDocs.set(e.id, doc);
    const byAlert = new Map<string, Record<string, string>>();
    for (const g of doc.groups as Doc[]) for (const r of g.rules as Doc[]) if (r.alert !== undefined) byAlert.set(String(r.alert), r.annotations as Record<string, string>);
    annotations.set(e.id, byAlert);
  }
  mkdirSync(join(sup.dir, "rules"), { recursive: true });
  const ruleFiles = plans.map((p) => {
    const file = join(sup.dir, "rules", `${p.exp.id}.rules.yml`);
    const doc = rewriteRuleFile(ruleDocs.get(p.base.id)!, identityOf(p.base), identityOf(p.exp), p.clockShift);
    writeFileSync(file, dump(scaleRuleFile(doc, F), { lineWidth: -1 }));
    return file;
  });

  // Receivers, Alertmanager, exporters, engine.
  const webhook = new Webhook(started);
  await webhook.listen();
  sup.onClose(() => webhook.close());
  const amGenerated = readYaml(opts.generatedDir, paths.alertmanager());
  const instancesOf = new Map(experiments.map((e) => [e.id, plans.filter((p) => p.base.id === e.id).map((p) => p.exp.id)] as const));
  const routed = routeInstances(amGenerated, instancesOf);
  const { doc: amDoc, files } = redirectReceivers(scaleAlertmanagerConfig(routed, F), webhook.url, join(sup.dir, "secrets"));
  const am = await startAlertmanager(sup, amDoc, files);

  const lives: Live<M>[] = [];
  for (const [i, plan] of plans.entries()) {
    const live: Live<M> = {
      plan,
      rec: newRecord(),
      metrics: runtime.createMetrics(plan.exp),
      port: 0,
      phase: "healthy",
      healthy: healthyTraffic(plan.exp, metricContract(plan.exp)),
    };
    const served = await runtime.serve(() => [live.metrics.registry], 0).catch((e: Error) => {
      throw new EnvironmentError(`cannot serve an exporter on 127.0.0.1: ${e.message}`);
    });
    live.port = served.port;
    live.server = served;
    live.driver = runtime.drive({
      sink: () => live.metrics,
      traffic: () => (live.phase === "fault" && !live.plan.restart ? live.plan.fault(live.healthy) : live.healthy),
      rps: opts.rps,
      seed: opts.seed + i,
    });
    lives.push(live);
  }
  sup.onClose(async () => {
    for (const l of lives) {
      await l.driver?.stop();
      await l.server?.close();
    }
  });

  const engine: Engine = await startEngine(opts.engine, sup, {
    ruleFiles,
    targets: lives.map((l) => ({ job: l.plan.exp.id, address: `127.0.0.1:${l.port}` })),
    alertmanager: am.address,
    factor: F,
  });
  const engineChildren = opts.engine === "prometheus" ? ["prometheus"] : ["victoria-metrics", "vmalert"];

  // Timeline, in seconds of wall time: healthy warm-up (10 scaled minutes), then every fault at once.
  const warmup = scaled("10m");
  const faultDeadline = opts.budget * 0.6;
  const poll = Math.min(1, Math.max(0.25, scaled("30s")));
  const faulty = lives.filter((l) => l.plan.name !== "healthy");
  // Panel queries of each experiment's dashboard, by experiment then query, latest result.
  const panelResults = new Map<string, PanelResult>();
  const panelQueries = experiments.flatMap((e) =>
    dashboardQueries(opts.generatedDir, e.id).map((q) => ({ experiment: e, ...q, key: `${e.id}\0${q.panel}\0${q.expr}` })),
  );
  const panelsDone = () => panelQueries.every((q) => (panelResults.get(q.key)?.series ?? 0) > 0);
  let lastPanels = -Infinity;
  let lastProgress = 0;

  const setUp = async (l: Live<M>, up: boolean) => {
    if (!up && l.server !== undefined) {
      await l.server.close();
      l.server = undefined;
    } else if (up && l.server === undefined) {
      l.server = await runtime.serve(() => [l.metrics.registry], l.port);
    }
  };

  const satisfied = (l: Live<M>, phase: "fault" | "recovery") => {
    const r = l.rec;
    const mentioned = (status: "firing" | "resolved", runbook: string | undefined) =>
      webhook.deliveries.some((d) => d.experiment === l.plan.exp.id && d.status === status && runbook !== undefined && d.text.includes(runbook));
    const runbookOf = (name: string) => annotations.get(l.plan.base.id)?.get(name)?.runbook_url;
    if (phase === "fault") {
      return l.plan.expected.every((e) => {
        const key = JSON.stringify(Object.keys(e.labels).sort().map((k) => [k, e.labels[k]]));
        return r.firingNow.has(key) && (e.inhibited || mentioned("firing", runbookOf(e.labels.alertname!)));
      });
    }
    return l.plan.expected.every((e) => {
      if (e.latched) return true;
      const key = JSON.stringify(Object.keys(e.labels).sort().map((k) => [k, e.labels[k]]));
      return !r.activeNow.has(key) && (e.inhibited || mentioned("resolved", runbookOf(e.labels.alertname!)));
    });
  };

  // Bounded: the loop ends at the budget whatever happens.
  for (let i = 0; i < Math.ceil(opts.budget / poll) + 1 && elapsed() < opts.budget; i++) {
    if (aborted()) throw new InterruptedError("interrupted");
    for (const name of engineChildren) {
      if (sup.exited(name) !== null) throw new VerifyError(`${name} exited during the run:\n${sup.tail(name)}`);
    }
    const now = elapsed();
    let alerts: ActiveAlert[];
    try {
      alerts = await engine.alerts();
    } catch {
      alerts = [];
    }
    const byInstance = new Map<string, typeof alerts>();
    for (const a of alerts) {
      const id = a.labels[OUT.experiment] ?? "";
      byInstance.set(id, [...(byInstance.get(id) ?? []), a]);
    }
    for (const l of lives) observe(l.rec, byInstance.get(l.plan.exp.id) ?? [], now, engine.ownLabels);

    for (const l of lives) {
      if (l.phase === "healthy" && now >= warmup && l.plan.name !== "healthy") {
        l.phase = "fault";
        l.rec.faultStart = now;
        if (!l.plan.fault(l.healthy).up) await setUp(l, false);
        if (l.plan.restart) {
          // The exporter goes away for two scrapes and comes back with every counter at zero.
          await setUp(l, false);
          await sleep(2 * scaled("30s") * 1000);
          l.metrics = runtime.createMetrics(l.plan.exp);
          await setUp(l, true);
        }
      } else if (l.phase === "fault" && (satisfied(l, "fault") || now >= faultDeadline) && (l.plan.expected.length > 0 || now >= warmup + scaled("1h"))) {
        l.phase = "recovery";
        l.rec.faultEnd = now;
        await setUp(l, true);
      } else if (l.phase === "recovery" && satisfied(l, "recovery")) {
        l.phase = "done";
      }
    }

    // Every dashboard query, until each has returned data: panels on the healthy instance once its
    // windows hold data (the sequential panels from the first whole hour with enough requests), the
    // alert annotations on an instance whose alerts fire (vmalert writes ALERTS through remote
    // write, a little after the alert fires). Retried every few seconds, not every poll.
    // The annotation queries are tried whenever an alert fires, however early: with `--only` an
    // alert may fire and resolve before the windowed panels are worth querying.
    const windowsReady = now >= warmup + scaled("1h") / 2;
    const firingSomewhere = lives.some((l) => l.rec.firingNow.size > 0);
    if ((windowsReady || firingSomewhere) && now - lastPanels >= 5 && !panelsDone()) {
      lastPanels = now;
      for (const q of panelQueries) {
        if ((panelResults.get(q.key)?.series ?? 0) > 0) continue;
        const alerts = q.expr.startsWith("ALERTS");
        if (!alerts && !windowsReady) continue;
        const on = alerts
          ? lives.find((l) => l.plan.base.id === q.experiment.id && l.rec.firingNow.size > 0)
          : lives.find((l) => l.plan.base.id === q.experiment.id && l.plan.name === "healthy");
        if (on !== undefined) panelResults.set(q.key, await runPanel(engine, q.experiment.id, q, on.plan, F));
      }
    }

    if (now - lastProgress >= 5) {
      lastProgress = now;
      const count = (p: Live<M>["phase"]) => faulty.filter((l) => l.phase === p).length;
      const firing = lives.reduce((s, l) => s + l.rec.firingNow.size, 0);
      opts.progress(
        `verify: ${Math.round(now)}s  ${now < warmup ? "warming up" : `${count("fault")} in fault, ${count("recovery")} recovering, ${count("done")} done of ${faulty.length}`}` +
          `  firing ${firing}  notifications ${webhook.deliveries.length}`,
      );
    }
    const pending = faulty.filter((l) => l.phase !== "done");
    if (now >= warmup && pending.length === 0 && panelsDone()) break;
    await sleep(poll * 1000);
  }
  const panels = panelQueries.map(
    (q) =>
      panelResults.get(q.key) ?? {
        experiment: q.experiment.id,
        panel: q.panel,
        expr: q.expr,
        series: 0,
        error: q.expr.startsWith("ALERTS") ? "no alert fired, so the alert annotations could not be queried" : "the run ended before the panel could be queried",
      },
  );

  const judged = judge({
    plans,
    record: { instances: new Map(lives.map((l) => [l.plan.exp.id, l.rec])), deliveries: webhook.deliveries, panels, wallSeconds: elapsed() },
    alertmanager: amDoc,
    annotations,
    ownLabels: engine.ownLabels,
  });
  return {
    ...judged,
    engine: opts.engine,
    deliveries: webhook.deliveries,
    factor: F,
    wallSeconds: elapsed(),
    alertsByExperiment: new Map(experiments.map((e) => [e.id, alertsFor(plans.find((p) => p.base.id === e.id)!.ctx).map((a) => a.name)])),
  };
}

async function runPanel(engine: Engine, experiment: string, q: { panel: string; expr: string }, plan: InstancePlan, factor: number): Promise<PanelResult> {
  let expr = q.expr;
  for (const [v, d] of Object.entries(GRAFANA_INTERVALS)) expr = expr.split(v).join(d);
  expr = scaleExpr(rewriteExpr(expr, identityOf(plan.base), identityOf(plan.exp)), factor);
  try {
    const samples = await engine.query(expr);
    return { experiment, panel: q.panel, expr, series: samples.filter((s) => Number.isFinite(s.value)).length };
  } catch (e) {
    return { experiment, panel: q.panel, expr, series: 0, error: (e as Error).message };
  }
}

export { RESTART };
