// Spec, warning: p95 latency over 5m > 200 ms for 3m, to Slack.
import { ALERTS } from "../../model/conventions.ts";
import { num } from "../promql.ts";
import { withArm } from "../../traffic/profile.ts";
import { armTrafficGuard, testedArm } from "./common.ts";
import type { AlertContext, AlertSpec } from "./spec.ts";
import { code, md, mdIf } from "../markdown.ts";
import { panels } from "./refs.ts";

/** The bucket just above the threshold (the schema keeps the threshold below the largest bucket). */
function slowBucket({ exp }: AlertContext): { lower: number; upper: number } {
  const bs = exp.metrics.buckets.responseTime;
  const i = bs.indexOf(exp.thresholds.latencyP95Seconds);
  return { lower: bs[i]!, upper: bs[i + 1]! };
}

export const highResponseTime: AlertSpec = {
  name: ALERTS.highResponseTime,
  severity: "warning",
  scope: "arm",
  for: "3m",
  panel: "responseTime",
  valueFormat: "humanizeDuration",
  expr: (ctx) => `${ctx.src.q("latencyP95")} > ${num(ctx.exp.thresholds.latencyP95Seconds)}\n  and ${armTrafficGuard(ctx)}`,
  summary: ({ exp }) => `Response time of a model in A/B experiment ${exp.id} is too high`,
  description: ({ exp }, s) =>
    `p95 latency of ${s.model} is ${s.value} over the last 5m, above the threshold of ${num(exp.thresholds.latencyP95Seconds * 1000)}ms for at least 3m.`,
  runbook: (ctx) => {
    const { exp, c } = ctx;
    const b = slowBucket(ctx);
    const ms = (s: number) => `${num(s * 1000)} ms`;
    const i = exp.metrics.buckets.responseTime.indexOf(b.lower);
    const below = i > 0 ? exp.metrics.buckets.responseTime[i - 1]! : 0;
    return {
      meaning: md`The 95th percentile of one arm's response time, computed from ${code(c.names.responseTime)} over five minutes, has been above ${ms(exp.thresholds.latencyP95Seconds)} for three minutes. histogram_quantile interpolates inside a bucket, so the value is only as precise as the buckets around the threshold: here (${ms(below)}, ${ms(b.lower)}] and (${ms(b.lower)}, ${ms(b.upper)}].`,
      causes: [
        md`the arm's model server is saturated (CPU, GPU, batch queue)`,
        md`a slow dependency (feature store) on the arm's path`,
        md`the treatment model is heavier than its capacity was planned for`,
      ],
      triage: [
        mdIf`Open ${panels(ctx, "responseTime")}: p50 rising with p95 means saturation; p95 alone means a slow tail.`,
        md`Check the arm's replicas and resource usage.`,
        md`Scale the arm, or lower its traffic weight while investigating.`,
      ],
    };
  },
  test: {
    at: 30,
    settle: 1,
    window: 5,
    exact: true,
    families: ["requests", "latency"],
    fault: (h, ctx) => {
      const b = slowBucket(ctx);
      return withArm(h, testedArm(ctx), { latency: [{ value: (b.lower + b.upper) / 2, share: 1 }] });
    },
    // Every request in (lower, upper]: histogram_quantile interpolates to lower + 0.95 (upper - lower).
    expect: (ctx) => {
      const b = slowBucket(ctx);
      return [{ arm: testedArm(ctx), value: b.lower + (b.upper - b.lower) * 0.95 }];
    },
  },
};
