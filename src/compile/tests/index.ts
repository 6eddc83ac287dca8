// compileTests: promtool unit tests for one experiment. Healthy traffic (the spec's numbers)
// raises no alert; each alert fires on its own fault, after its `for` and not before; the
// statistical recording rules match values computed by hand.
import { OUT, paths } from "../../model/conventions.ts";
import type { Experiment } from "../../model/schema.ts";
import { alertContext, alertingRule, alertsFor } from "../alerts/index.ts";
import { endTimestamp } from "../alerts/past-end-date.ts";
import type { AlertContext, AlertSpec, Expected, Shown } from "../alerts/spec.ts";
import { selector } from "../promql.ts";
import { at, minutesOf } from "./durations.ts";
import { FORMAT } from "../humanize.ts";
import { inputSeries } from "./series.ts";
import { sequentialBoundaryGroups, statisticsGroup, zeroTrafficGroup } from "./statistics.ts";
import { healthyTraffic } from "../../traffic/profile.ts";
import type { AlertingRule } from "../rules/types.ts";
import type { AlertRuleTest, ExpAlert, PromqlExprTest, TestFile, TestGroup } from "./types.ts";

const HEALTHY_MINUTES = 90;

/** The alert as promtool must see it: every label, every annotation rendered. */
function expectedAlert(ctx: AlertContext, a: AlertSpec, e: Expected, rule: AlertingRule): ExpAlert {
  const shown: Shown = { value: FORMAT[a.valueFormat](e.value), model: e.arm ?? "" };
  return {
    exp_labels: {
      ...e.labels,
      [OUT.severity]: a.severity,
      [OUT.experiment]: ctx.exp.id,
      [OUT.team]: ctx.exp.owner.team,
      ...(e.arm !== undefined ? { [OUT.model]: e.arm } : {}),
    },
    // The rule's own annotations, with the description rendered as Prometheus renders it.
    exp_annotations: { ...rule.annotations!, description: a.description(ctx, shown) },
  };
}

function healthyGroup(ctx: AlertContext, alerts: readonly AlertSpec[]): TestGroup {
  return {
    name: "healthy traffic with the spec's numbers raises no alert",
    interval: "1m",
    input_series: inputSeries(ctx.exp, ctx.c, [{ from: 0, traffic: healthyTraffic(ctx.exp, ctx.c) }], HEALTHY_MINUTES),
    alert_rule_test: [30, HEALTHY_MINUTES].flatMap((minute) =>
      alerts.map((a) => ({ eval_time: at(minute), alertname: a.name, exp_alerts: [] })),
    ),
  };
}

function faultGroup(ctx: AlertContext, a: AlertSpec): TestGroup {
  const t = a.test;
  const forMinutes = minutesOf(a.for);
  const startsBy = t.at + (t.exact ? t.settle : 0);
  const quietAt = startsBy + forMinutes - 1;
  const firingAt = t.at + Math.max(t.settle, t.window) + forMinutes + 1;
  const expected = t.expect(ctx);
  const rule = alertingRule(ctx, a);
  const healthy = healthyTraffic(ctx.exp, ctx.c);
  const rules: AlertRuleTest[] = [
    {
      comment: `The fault starts at ${t.at}m${t.exact ? ` and the condition holds from ${startsBy}m` : ""}: not firing before its for (${a.for}) has passed.`,
      eval_time: at(quietAt),
      alertname: a.name,
      exp_alerts: [],
    },
    {
      comment:
        t.window > 0
          ? `Firing, its ${t.window}m window full of faulty data and its for (${a.for}) passed.`
          : `Firing once the fault has lasted its for (${a.for}).`,
      eval_time: at(firingAt),
      alertname: a.name,
      exp_alerts: expected.map((e) => expectedAlert(ctx, a, e, rule)),
    },
  ];
  // ALERTS carries the state without the annotations, so the exact minute can be asserted even
  // while a rate window still mixes healthy and faulty data.
  const state = (alertstate: "pending" | "firing", minute: number, comment: string): PromqlExprTest => ({
    comment,
    expr: selector("ALERTS", { alertname: a.name, alertstate }),
    eval_time: at(minute),
    exp_samples: expected.map((e) => ({
      labels: selector("ALERTS", { alertname: a.name, alertstate, ...sorted(expectedAlert(ctx, a, e, rule).exp_labels) }),
      value: 1,
    })),
  });
  const pending: PromqlExprTest[] = t.exact
    ? [
        state("pending", quietAt, `Pending, not firing, one minute before its for (${a.for}) ends.`),
        state("firing", startsBy + forMinutes, `Firing exactly when its for (${a.for}) has passed.`),
      ]
    : [];
  return {
    name: `${a.name} fires on its fault and not before its for`,
    interval: "1m",
    input_series: inputSeries(
      ctx.exp,
      ctx.c,
      // A fault at minute 0 (the sequential tests) is the whole experiment: no healthy phase.
      t.at === 0 ? [{ from: 0, traffic: t.fault(healthy, ctx) }] : [
        { from: 0, traffic: healthy },
        { from: t.at, traffic: t.fault(healthy, ctx) },
      ],
      firingAt,
      t.families,
    ),
    alert_rule_test: rules,
    ...(pending.length > 0 ? { promql_expr_test: pending } : {}),
  };
}

function sorted(labels: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1)));
}

export interface TestOptions {
  /** The rule file under test, relative to the test file. */
  ruleFile?: string;
  /** Include the recording-rule checks (left out for rule files without recording rules). */
  statistics?: boolean;
}

export function compileTests(exp: Experiment, opts: TestOptions = {}): TestFile {
  const ctx = alertContext(exp);
  const alerts = alertsFor(ctx).filter((a) => a.needs !== "schedule");
  const statistics = opts.statistics ?? true;
  return {
    rule_files: [opts.ruleFile ?? `../${paths.rules(exp.id)}`],
    evaluation_interval: "1m",
    tests: [
      healthyGroup(ctx, alerts),
      ...alerts.map((a) => faultGroup(ctx, a)),
      ...(statistics ? [statisticsGroup(ctx), zeroTrafficGroup(ctx), ...sequentialBoundaryGroups(ctx, alerts)] : []),
    ],
  };
}

/**
 * The end-date alert in a file of its own: promtool's clock starts at 1970, so reaching the end
 * date takes 30-day evaluation steps, which would starve every other test of resolution.
 */
export function compileScheduleTests(exp: Experiment): TestFile | undefined {
  const ctx = alertContext(exp);
  const a = alertsFor(ctx).find((x) => x.needs === "schedule");
  if (a === undefined) return undefined;
  const stepMinutes = 30 * 1440;
  const end = endTimestamp(ctx) / 60;
  const before = Math.floor((end - 1) / stepMinutes);
  const firing = Math.floor(end / stepMinutes) + 2; // pending at the first step after the end, firing at the next
  const healthy = healthyTraffic(exp, ctx.c);
  const series = inputSeries(exp, ctx.c, [{ from: 0, traffic: healthy }], 0, a.test.families).map((s) => ({
    series: s.series,
    values: `0+1x${firing}`,
  }));
  return {
    rule_files: [`../${paths.rules(exp.id)}`],
    evaluation_interval: "30d",
    tests: [
      {
        name: `${a.name} fires once ${exp.schedule!.end} has passed and the experiment still reports metrics`,
        interval: "30d",
        input_series: series,
        alert_rule_test: [
          { comment: `Before ${exp.schedule!.end}.`, eval_time: `${before * 30}d`, alertname: a.name, exp_alerts: [] },
          {
            comment: `The first 30-day step after ${exp.schedule!.end}, plus its for (${a.for}).`,
            eval_time: `${firing * 30}d`,
            alertname: a.name,
            exp_alerts: [expectedAlert(ctx, a, { value: 1 }, alertingRule(ctx, a))],
          },
        ],
      },
    ],
  };
}
