// What verify expects of each scenario instance: the alerts that must fire (exact labels), where
// Alertmanager must deliver them, which it must hold back (inhibition), and which resolve when the
// fault ends. Expectations come from the alert catalogue itself (each alert's test fault and the
// labels its test expects), so a new alert is verified live without touching verify.
import { ALERTS, OUT, type AlertName } from "../model/conventions.ts";
import type { Experiment } from "../model/schema.ts";
import { alertContext, alertsFor } from "../compile/alerts/index.ts";
import { endTimestamp } from "../compile/alerts/past-end-date.ts";
import type { AlertContext, AlertSpec } from "../compile/alerts/spec.ts";
import { healthyTraffic, type Traffic } from "../traffic/profile.ts";
import { instanceExperiment } from "./instance.ts";

export interface ExpectedAlert {
  labels: Record<string, string>;
  /** Held back by a critical alert on the same experiment and arm: must never be delivered. */
  inhibited: boolean;
  /** Stays firing after the fault ends (a sequential test's conclusion is cumulative). */
  latched: boolean;
}

export interface InstancePlan {
  /** Scenario name, also the suffix of the instance's experiment id. */
  name: string;
  base: Experiment;
  exp: Experiment;
  ctx: AlertContext;
  /** Traffic while the fault lasts; the rest of the run is healthy. */
  fault(healthy: Traffic): Traffic;
  /** The exporter restarts (every counter back to zero) while the fault would last. */
  restart: boolean;
  /** Seconds the instance's rules see added to the clock (the end-date scenario). */
  clockShift: number;
  expected: ExpectedAlert[];
}

/** A scenario as the simulator defines it (src/simulator): a name and the traffic it produces. */
export interface ScenarioLike {
  name: string;
  /** The alert whose fault this scenario is. */
  alert?: AlertName;
  /** The alerts a scenario combining several faults raises. */
  alerts?: readonly AlertName[];
  traffic(healthy: Traffic, ctx: AlertContext): Traffic;
}

/** Alerts a fault raises besides its own: consequences that are right, not noise. */
const ALSO_FIRES: Partial<Record<AlertName, readonly AlertName[]>> = {
  // Accuracy far below the critical threshold is below the warning threshold too (inhibited).
  [ALERTS.modelCompleteFailure]: [ALERTS.modelAccuracyDegraded],
  // A split off by three tolerances is a sample ratio mismatch as well.
  [ALERTS.trafficSplitDeviation]: [ALERTS.sampleRatioMismatch],
  // An arm without traffic takes its share to zero: the split deviates and the ratio mismatches.
  [ALERTS.armNoTraffic]: [ALERTS.trafficSplitDeviation, ALERTS.sampleRatioMismatch],
};

/** Labels of an alert as the engine must show it, from the alert's own test expectation. */
function labelsOf(ctx: AlertContext, a: AlertSpec, arm: string | undefined, extra: Record<string, string> = {}): Record<string, string> {
  return {
    alertname: a.name,
    ...extra,
    [OUT.severity]: a.severity,
    [OUT.experiment]: ctx.exp.id,
    [OUT.team]: ctx.exp.owner.team,
    ...(arm !== undefined ? { [OUT.model]: arm } : {}),
  };
}

/** Arms whose share under `traffic` is off its weight by more than the tolerance. */
function deviatingArms(ctx: AlertContext, traffic: Traffic): string[] {
  const requests = (arm: string) => traffic.arms[arm]?.requests ?? 0;
  const total = ctx.exp.arms.reduce((s, a) => s + requests(a.name), 0);
  return ctx.exp.arms.filter((a) => Math.abs(requests(a.name) / total - a.weight) > ctx.exp.splitTolerance).map((a) => a.name);
}

function expectedFor(ctx: AlertContext, alerts: readonly AlertSpec[], name: AlertName, fault: Traffic): ExpectedAlert[] {
  const spec = alerts.find((a) => a.name === name);
  if (spec === undefined) return [];
  const arms =
    name === ALERTS.trafficSplitDeviation
      ? deviatingArms(ctx, fault).map((arm) => ({ arm, labels: {} }))
      : spec.test.expect(ctx).map((e) => ({ arm: e.arm, labels: e.labels ?? {} }));
  return arms.map((e) => ({ labels: labelsOf(ctx, spec, e.arm, e.labels), inhibited: false, latched: spec.test.latched === true }));
}

/** Marks warnings that a critical alert of the same experiment and arm inhibits. */
function inhibit(expected: ExpectedAlert[]): ExpectedAlert[] {
  const critical = expected.filter((e) => e.labels[OUT.severity] === "critical");
  return expected.map((e) => ({
    ...e,
    inhibited:
      e.labels[OUT.severity] === "warning" &&
      critical.some((c) => c.labels[OUT.experiment] === e.labels[OUT.experiment] && (c.labels[OUT.model] ?? "") === (e.labels[OUT.model] ?? "")),
  }));
}

export const RESTART = "exporter-restart";

/**
 * One instance per scenario of the experiment: the simulator's scenarios (healthy, one per alert,
 * critical-and-warning) plus an exporter restart on healthy traffic. `now` (ms) decides whether the
 * declared end date has passed (then ExperimentPastEndDate is expected everywhere). `only` keeps
 * the scenarios of the named alerts, and healthy.
 */
export function planInstances(
  exp: Experiment,
  scenarios: readonly ScenarioLike[],
  options: { now: number; only?: readonly string[] },
): InstancePlan[] {
  const ended = exp.schedule?.end !== undefined && options.now / 1000 > endTimestamp(alertContext(exp));
  const all: ScenarioLike[] = [...scenarios, { name: RESTART, traffic: (h) => h }];
  const kept = all.filter((s) => {
    if (options.only === undefined || s.name === "healthy") return true;
    const raised = s.alert !== undefined ? [s.alert] : (s.alerts ?? []);
    return raised.some((a) => options.only!.includes(a));
  });
  return kept.map((s) => {
    const inst = instanceExperiment(exp, all.indexOf(s) + 1);
    const ctx = alertContext(inst);
    const alerts = alertsFor(ctx);
    const names = new Set<AlertName>();
    for (const a of s.alert !== undefined ? [s.alert] : (s.alerts ?? [])) {
      names.add(a);
      for (const n of ALSO_FIRES[a] ?? []) names.add(n);
    }
    if (ended) names.add(ALERTS.pastEndDate);
    const faultTraffic = s.traffic(healthyTraffic(ctx.exp, ctx.c), ctx);
    return {
      name: s.name,
      base: exp,
      exp: inst,
      ctx,
      fault: (h: Traffic) => s.traffic(h, ctx),
      restart: s.name === RESTART,
      // The clock moves a day and an hour past the end date, beyond the alert's own hour of `for`.
      clockShift: s.alert === ALERTS.pastEndDate && !ended ? Math.ceil(endTimestamp(ctx) - options.now / 1000) + 3600 : 0,
      expected: inhibit([...names].flatMap((n) => expectedFor(ctx, alerts, n, faultTraffic))),
    };
  });
}
