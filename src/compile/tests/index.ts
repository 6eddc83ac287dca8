// compileTests: promtool unit tests for one experiment. Healthy traffic (the spec's numbers)
// raises no alert; each alert fires on its own fault, after its `for` and not before; the
// statistical recording rules match values computed by hand.
import { ALERTS, OUT, paths } from "../../model/conventions.ts";
import type { Experiment } from "../../model/schema.ts";
import { alertContext, alertsFor, renderedAnnotations } from "../alerts/index.ts";
import { endTimestamp } from "../alerts/past-end-date.ts";
import type { AlertContext, AlertSpec, Expected, Shown } from "../alerts/spec.ts";
import { scheduleWindow } from "../alerts/common.ts";
import { selector } from "../promql.ts";
import { at, minutesOf } from "./durations.ts";
import { FORMAT } from "../humanize.ts";
import { inputSeries } from "./series.ts";
import { sequentialBoundaryGroups, statisticsGroup, zeroTrafficGroup } from "./statistics.ts";
import { healthyTraffic } from "../../traffic/profile.ts";
import type { AlertRuleTest, ExpAlert, PromqlExprTest, TestFile, TestGroup } from "./types.ts";

const HEALTHY_MINUTES = 90;

/** The alert as promtool must see it: every label, every annotation rendered. */
function expectedAlert(ctx: AlertContext, a: AlertSpec, e: Expected): ExpAlert {
  const shown: Shown = { value: FORMAT[a.valueFormat](e.value), model: e.arm ?? "" };
  // Object.assign rather than spreads (V8 on Node 20 copies spreads with computed keys slowly); the
  // same keys in the same order, later ones winning.
  const labels: Record<string, string> = Object.assign({}, e.labels);
  labels[OUT.severity] = a.severity;
  labels[OUT.experiment] = ctx.exp.id;
  labels[OUT.team] = ctx.exp.owner.team;
  if (e.arm !== undefined) labels[OUT.model] = e.arm;
  return {
    exp_labels: labels,
    // Every annotation as Prometheus renders it: the rule's templates, expanded.
    exp_annotations: renderedAnnotations(ctx, a, shown),
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

/**
 * When a gated alert's fault starts in the test's timeline (promtool's clock starts at 1970):
 * the usual minute if the schedule is open then, a later minute in the first day of 1970 if the
 * schedule opens then, or undefined when the schedule is closed for the whole test.
 */
function gatedStart(ctx: AlertContext, a: AlertSpec, minutes: (at: number) => number): number | undefined {
  if (!a.gated) return a.test.at;
  const { from, until } = scheduleWindow(ctx);
  const opens = from === undefined ? -Infinity : from / 60;
  const at = Math.max(a.test.at, Math.ceil(opens));
  if (at > 1440) return undefined;
  return until === undefined || minutes(at) < until / 60 ? at : undefined;
}

function faultGroup(ctx: AlertContext, a: AlertSpec): TestGroup {
  const t = a.test;
  const forMinutes = minutesOf(a.for);
  const lastMinute = (from: number) => from + Math.max(t.settle, t.window) + forMinutes + 1;
  const healthy = healthyTraffic(ctx.exp, ctx.c);
  const gateAt = gatedStart(ctx, a, lastMinute);
  const start = gateAt ?? t.at;
  const startsBy = start + (t.exact ? t.settle : 0);
  const quietAt = startsBy + forMinutes - 1;
  const firingAt = lastMinute(start);
  const expected = t.expect(ctx).map((e) => expectedAlert(ctx, a, e));
  const series = inputSeries(
    ctx.exp,
    ctx.c,
    // A fault at minute 0 (the sequential tests) is the whole experiment: no healthy phase.
    start === 0
      ? [{ from: 0, traffic: t.fault(healthy, ctx) }]
      : [
          { from: 0, traffic: healthy },
          { from: start, traffic: t.fault(healthy, ctx) },
        ],
    firingAt,
    t.families,
  );
  if (gateAt === undefined) {
    // The schedule is closed for the whole test: even the fault must not fire the alert.
    return {
      name: `${a.name} does not fire outside the experiment's schedule, even on its fault`,
      interval: "1m",
      input_series: series,
      alert_rule_test: [
        {
          comment: `The schedule (${scheduleText(ctx)}) is closed at promtool's 1970 clock; ${paths.scheduleTests(ctx.exp.id)} tests it open.`,
          eval_time: at(firingAt),
          alertname: a.name,
          exp_alerts: [],
        },
      ],
    };
  }
  const rules: AlertRuleTest[] = [
    {
      comment: `The fault starts at ${start}m${t.exact ? ` and the condition holds from ${startsBy}m` : ""}: not firing before its for (${a.for}) has passed.`,
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
      exp_alerts: expected,
    },
  ];
  // ALERTS carries the state without the annotations, so the exact minute can be asserted even
  // while a rate window still mixes healthy and faulty data.
  const state = (alertstate: "pending" | "firing", minute: number, comment: string): PromqlExprTest => ({
    comment,
    expr: selector("ALERTS", { alertname: a.name, alertstate }),
    eval_time: at(minute),
    exp_samples: expected.map((e) => ({ labels: alertsSelector(a, alertstate, e), value: 1 })),
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
    input_series: series,
    alert_rule_test: rules,
    ...(pending.length > 0 ? { promql_expr_test: pending } : {}),
  };
}

function scheduleText({ exp }: AlertContext): string {
  const s = exp.schedule!;
  return s.end !== undefined ? `${s.start} to ${s.end}` : `from ${s.start}`;
}

function sorted(labels: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** The ALERTS series of an expected alert in `alertstate`: its labels sorted, as promtool prints them. */
function alertsSelector(a: AlertSpec, alertstate: "pending" | "firing", e: ExpAlert): string {
  return selector("ALERTS", Object.assign({ alertname: a.name, alertstate }, sorted(e.exp_labels)));
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

const STEP_DAYS = 30;
const STEP_MINUTES = STEP_DAYS * 1440;
const day = (step: number) => `${step * STEP_DAYS}d`;

/**
 * The schedule's alerts in a file of their own: promtool's clock starts at 1970, so reaching the
 * experiment's dates takes 30-day evaluation steps, which would starve every other test of resolution.
 * ExperimentPastEndDate fires once the end has passed; ExperimentMetricsAbsent, gated on the
 * schedule, stays quiet before the start and fires from the first step inside the schedule.
 */
export function compileScheduleTests(exp: Experiment): TestFile | undefined {
  if (exp.schedule === undefined) return undefined;
  const ctx = alertContext(exp);
  const tests: TestGroup[] = [];
  const past = alertsFor(ctx).find((x) => x.needs === "schedule");
  if (past !== undefined) tests.push(pastEndGroup(ctx, past));
  const absent = alertsFor(ctx).find((x) => x.name === ALERTS.metricsAbsent);
  if (absent !== undefined) tests.push(startGateGroup(ctx, absent));
  return { rule_files: [`../${paths.rules(exp.id)}`], evaluation_interval: day(1), tests };
}

function pastEndGroup(ctx: AlertContext, a: AlertSpec): TestGroup {
  const { exp } = ctx;
  const end = endTimestamp(ctx) / 60;
  const before = Math.floor((end - 1) / STEP_MINUTES);
  const firing = Math.floor(end / STEP_MINUTES) + 2; // pending at the first step after the end, firing at the next
  const healthy = healthyTraffic(exp, ctx.c);
  const series = inputSeries(exp, ctx.c, [{ from: 0, traffic: healthy }], 0, a.test.families).map((s) => ({
    series: s.series,
    values: `0+1x${firing}`,
  }));
  return {
    name: `${a.name} fires once ${exp.schedule!.end} has passed and the experiment still reports metrics`,
    interval: day(1),
    input_series: series,
    alert_rule_test: [
      { comment: `Before ${exp.schedule!.end}.`, eval_time: day(before), alertname: a.name, exp_alerts: [] },
      {
        comment: `The first 30-day step after ${exp.schedule!.end}, plus its for (${a.for}).`,
        eval_time: day(firing),
        alertname: a.name,
        exp_alerts: [expectedAlert(ctx, a, { value: 1 })],
      },
    ],
  };
}

/** No series at all, the whole time: quiet before the start, pending then firing inside the schedule, quiet after the end. */
function startGateGroup(ctx: AlertContext, a: AlertSpec): TestGroup {
  const { exp } = ctx;
  const { from, until } = scheduleWindow(ctx);
  const opens = from! / 60;
  const closes = until === undefined ? Infinity : until / 60;
  const before = Math.floor((opens - 1) / STEP_MINUTES);
  const inside = (step: number) => step * STEP_MINUTES >= opens && step * STEP_MINUTES < closes;
  const first = before + 1;
  const alertTests: AlertRuleTest[] = [];
  const exprTests: PromqlExprTest[] = [];
  if (before >= 0) {
    alertTests.push({ comment: `The last 30-day step before ${exp.schedule!.start}.`, eval_time: day(before), alertname: a.name, exp_alerts: [] });
  }
  const [expected] = a.test.expect(ctx).map((e) => expectedAlert(ctx, a, e));
  if (inside(first)) {
    exprTests.push({
      comment: `The first 30-day step from ${exp.schedule!.start}: pending, its for (${a.for}) not yet passed.`,
      expr: selector("ALERTS", { alertname: a.name, alertstate: "pending" }),
      eval_time: day(first),
      exp_samples: [{ labels: alertsSelector(a, "pending", expected!), value: 1 }],
    });
  }
  if (inside(first + 1)) {
    alertTests.push({ comment: "The next step: firing.", eval_time: day(first + 1), alertname: a.name, exp_alerts: [expected!] });
  }
  if (until !== undefined) {
    const after = Math.ceil(closes / STEP_MINUTES);
    alertTests.push({ comment: `The first 30-day step from ${exp.schedule!.end}'s end: quiet again.`, eval_time: day(after), alertname: a.name, exp_alerts: [] });
  }
  return {
    name: `${a.name} holds only within the schedule (${scheduleText(ctx)}): no series at all, the whole time`,
    interval: day(1),
    input_series: [],
    alert_rule_test: alertTests,
    ...(exprTests.length > 0 ? { promql_expr_test: exprTests } : {}),
  };
}
