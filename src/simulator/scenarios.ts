// Live scenarios: healthy traffic, one per alert the experiment gets, and a critical and a warning
// fault on one arm (for inhibition). An alert's scenario is the fault its own promtool test uses
// (AlertSpec.test.fault), so a new alert gets a live scenario without a line here.
import { alertContext, alertsFor } from "../compile/alerts/index.ts";
import type { AlertContext, AlertSpec } from "../compile/alerts/spec.ts";
import { num } from "../compile/promql.ts";
import { ALERTS, SCENARIOS, type AlertName } from "../model/conventions.ts";
import type { Experiment } from "../model/schema.ts";
import { healthyTraffic, mean, type ArmTraffic, type Traffic } from "../traffic/profile.ts";

export interface Scenario {
  /** "healthy", an alert's name, or "critical-and-warning". */
  name: string;
  /** What the scenario changes, in words (derived from the traffic, so it never goes stale). */
  description: string;
  /** The alert this scenario is the fault of. */
  alert?: AlertName;
  /** Every alert whose fault the scenario applies (empty for healthy). */
  faults: readonly AlertName[];
  /** The arms whose traffic the faults change. */
  arms: readonly string[];
  traffic(healthy: Traffic, ctx: AlertContext): Traffic;
}

const FIELDS: readonly (keyof ArmTraffic)[] = ["requests", "errorRatio", "latency", "accuracy", "evaluated", "correctRatio", "score", "confidence"];

/** The fields of each arm that differ between two traffics. */
function changedFields(a: Traffic, b: Traffic): Map<string, (keyof ArmTraffic)[]> {
  const out = new Map<string, (keyof ArmTraffic)[]>();
  for (const arm of new Set([...Object.keys(a.arms), ...Object.keys(b.arms)])) {
    const x = a.arms[arm];
    const y = b.arms[arm];
    if (!x || !y) {
      if (x !== y) out.set(arm, [...FIELDS]);
      continue;
    }
    const fields = FIELDS.filter((f) => JSON.stringify(x[f]) !== JSON.stringify(y[f]));
    if (fields.length > 0) out.set(arm, fields);
  }
  return out;
}

const ms = (s: number) => `${num(Number((s * 1000).toPrecision(4)))} ms`;
const round = (v: number) => num(Number(v.toPrecision(4)));

function showField(t: ArmTraffic, f: keyof ArmTraffic): string {
  switch (f) {
    case "latency":
      return `mean ${ms(mean(t.latency))}`;
    case "score":
    case "confidence":
      return `mean ${round(mean(t[f]))}`;
    case "errorRatio":
    case "correctRatio":
      return `${round(t[f] * 100)}%`;
    case "accuracy":
      return `${round(t.accuracy)}%`;
    default:
      return `${round(t[f])}/min`;
  }
}

/** "enhanced: errorRatio 0.8% → 25%; …", or what changed for the whole experiment. */
function describeChange(healthy: Traffic, faulty: Traffic): string {
  if (!faulty.up) return "the exporter is down: no series at all";
  const parts: string[] = [];
  for (const [arm, fields] of changedFields(healthy, faulty)) {
    const h = healthy.arms[arm];
    const f = faulty.arms[arm];
    if (!f) parts.push(`${arm} exports no series`);
    else if (h) parts.push(`${arm}: ${fields.map((k) => `${k} ${showField(h, k)} → ${showField(f, k)}`).join(", ")}`);
  }
  const b = (["revenueLift", "costImpact", "riskReduction", "netBusinessValue"] as const).filter((k) => healthy.business[k] !== faulty.business[k]);
  if (b.length > 0) parts.push(`business: ${b.map((k) => `${k} ${round(healthy.business[k])}% → ${round(faulty.business[k])}%`).join(", ")}`);
  return parts.length > 0 ? parts.join("; ") : "healthy traffic";
}

function alertScenario(a: AlertSpec, ctx: AlertContext, healthy: Traffic): Scenario {
  const faulty = a.test.fault(healthy, ctx);
  const what = describeChange(healthy, faulty);
  const extra = a.name === ALERTS.pastEndDate ? " (it fires on the calendar: a day after schedule.end)" : "";
  return {
    name: a.name,
    description: `${a.severity} ${a.name}: ${what}${extra}`,
    alert: a.name,
    faults: [a.name],
    arms: [...changedFields(healthy, faulty).keys()],
    traffic: (h, c) => a.test.fault(h, c),
  };
}

/**
 * A critical and a warning per-arm fault on the same arm, changing different fields (so both hold
 * at once): Alertmanager must deliver the critical alert and inhibit the warning.
 */
function criticalAndWarning(alerts: readonly AlertSpec[], ctx: AlertContext, healthy: Traffic): Scenario {
  const perArm = alerts.filter((a) => a.scope === "arm");
  for (const critical of perArm.filter((a) => a.severity === "critical")) {
    const c = changedFields(healthy, critical.test.fault(healthy, ctx));
    for (const warning of perArm.filter((a) => a.severity === "warning")) {
      const w = changedFields(healthy, warning.test.fault(healthy, ctx));
      const arms = [...c.keys()];
      if (arms.length !== 1 || w.size !== 1 || !w.has(arms[0]!)) continue;
      if (c.get(arms[0]!)!.some((f) => w.get(arms[0]!)!.includes(f))) continue;
      const both = (h: Traffic, x: AlertContext) => warning.test.fault(critical.test.fault(h, x), x);
      return {
        name: SCENARIOS.criticalAndWarning,
        description:
          `${critical.name} (critical) and ${warning.name} (warning) on ${arms[0]}: ${describeChange(healthy, both(healthy, ctx))}; ` +
          "the critical alert inhibits the warnings of the same arm",
        faults: [critical.name, warning.name],
        arms,
        traffic: both,
      };
    }
  }
  throw new Error(`no critical and warning per-arm alerts of ${ctx.exp.id} break the same arm in different ways`);
}

/** The experiment's scenarios: healthy, one per alert it gets (alertsFor), then critical-and-warning. */
export function scenariosFor(exp: Experiment): Scenario[] {
  const ctx = alertContext(exp);
  const healthy = healthyTraffic(exp, ctx.c);
  const alerts = alertsFor(ctx);
  return [
    {
      name: SCENARIOS.healthy,
      description: "the declared split, every value well inside its threshold",
      faults: [],
      arms: [],
      traffic: (h) => h,
    },
    ...alerts.map((a) => alertScenario(a, ctx, healthy)),
    criticalAndWarning(alerts, ctx, healthy),
  ];
}

/**
 * The scenario called `name` of each experiment (undefined where an experiment has no such alert),
 * and every name that exists for at least one of them, in the order scenariosFor gives.
 */
export function scenariosNamed(
  experiments: readonly Experiment[],
  name: string,
): { chosen: (Scenario | undefined)[]; names: string[] } {
  const all = experiments.map((e) => scenariosFor(e));
  const names = [...new Set(all.flatMap((ss) => ss.map((s) => s.name)))];
  return { chosen: all.map((ss) => ss.find((s) => s.name === name)), names };
}
