// Pieces several alerts share: the minimum-traffic guard, the treatment a test breaks, and text.
import { endSeconds, startSeconds } from "../../model/dates.ts";
import { OUT } from "../../model/conventions.ts";
import { horizonDays } from "../../stats/design.ts";
import { num } from "../promql.ts";
import type { AlertContext } from "./spec.ts";

export const M = OUT.model;

/** Low traffic never pages: an arm must serve at least the minimum request rate. */
export function armTrafficGuard({ exp, src }: AlertContext): string {
  return `on (${M}) ${src.q("requestsRate5m")} >= ${num(exp.thresholds.minRequestsPerSecond)}`;
}

/** Statistics over the last hour need enough samples before they mean anything. */
export function experimentSampleGuard({ exp, src }: AlertContext): string {
  return `on () ${src.q("totalIncrease1h")} >= ${num(exp.thresholds.minSamples)}`;
}

/** The arm the generated tests break: the first treatment. */
export function testedArm({ c }: AlertContext): string {
  return c.treatments[0]!.name;
}

export const pct = (fraction: number) => `${num(fraction * 100)}%`;

export function splitText({ exp }: AlertContext): string {
  return exp.arms.map((a) => `${a.name} ${pct(a.weight)}`).join(", ");
}

/** Shares after moving `d` of traffic to the control, taken from the treatments in proportion. */
export function shiftedShares({ exp, c }: AlertContext, d: number): Record<string, number> {
  const control = c.control.weight;
  const moved = Math.min(d, 0.95 - control);
  const out: Record<string, number> = {};
  for (const a of exp.arms) {
    out[a.name] = a.name === c.control.name ? control + moved : a.weight * (1 - (control + moved)) / (1 - control);
  }
  return out;
}

/** The declared schedule in unix seconds: from its start (inclusive) until its end (exclusive). */
export function scheduleWindow({ exp }: AlertContext): { from: number | undefined; until: number | undefined } {
  const s = exp.schedule;
  return { from: s ? startSeconds(s.start) : undefined, until: s?.end !== undefined ? endSeconds(s.end) : undefined };
}

/**
 * Lifecycle alerts (no metrics, an arm without traffic) hold only while the experiment is scheduled
 * to run: before schedule.start nothing is exported yet, after schedule.end ExperimentPastEndDate
 * takes over. Empty without a schedule.
 */
export function whileScheduled(ctx: AlertContext): string {
  const { from, until } = scheduleWindow(ctx);
  return (
    (from !== undefined ? `\n  and on () vector(time()) >= ${num(from)}` : "") +
    (until !== undefined ? `\n  and on () vector(time()) < ${num(until)}` : "")
  );
}

/** ", from 2026-11-01 until 2026-12-31" for a runbook: when a lifecycle alert can fire at all. */
export function scheduledText(exp: AlertContext["exp"]): string {
  const s = exp.schedule;
  if (s === undefined) return "";
  return s.end !== undefined ? ` (it is checked from ${s.start} until ${s.end})` : ` (it is checked from ${s.start} on)`;
}

/** The stretch of the experiment the sequential tests watch, as a runbook phrase. */
export function sequentialHorizonText({ exp }: AlertContext): string {
  const days = horizonDays(exp.schedule);
  return exp.schedule?.end !== undefined
    ? `over its declared run (${days} days from its first request, ${exp.schedule.start} to ${exp.schedule.end})`
    : `over its first ${days} days`;
}
