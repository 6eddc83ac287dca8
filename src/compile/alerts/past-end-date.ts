// Beyond the spec: the experiment still reports metrics after the end date it declared.
import { ALERTS } from "../../model/conventions.ts";
import { num, selector } from "../promql.ts";
import type { AlertContext, AlertSpec } from "./spec.ts";

/** Unix seconds at the end of the declared end date (UTC). */
export function endTimestamp({ exp }: AlertContext): number {
  return Date.parse(`${exp.schedule!.end!}T00:00:00Z`) / 1000 + 86_400;
}

export const pastEndDate: AlertSpec = {
  name: ALERTS.pastEndDate,
  severity: "warning",
  scope: "experiment",
  for: "1h",
  needs: "schedule",
  panel: "requestRate",
  valueFormat: "humanize",
  expr: (ctx) => `count(${selector(ctx.c.names.requests, ctx.c.scope)}) > 0\n  and on () vector(time()) > ${num(endTimestamp(ctx))}`,
  summary: ({ exp }) => `A/B experiment ${exp.id} is running past its end date`,
  description: ({ exp }) =>
    `Experiment ${exp.id} was declared to end on ${exp.schedule!.end!} and still reports metrics. ` +
    `Conclude it, or extend schedule.end in its experiment file.`,
  runbook: ({ exp }) => ({
    meaning:
      `The experiment file declares an end date of ${exp.schedule!.end!} (UTC), and a day later its request series ` +
      `are still exported. Experiments left running split traffic without anyone reading the results.`,
    causes: ["the decision was made but the router still splits traffic", "the experiment was extended without updating its file"],
    triage: [
      `Ask ${exp.owner.team} whether the experiment is concluded.`,
      "If it is, route all traffic to the winning arm and delete the experiment file; otherwise extend schedule.end and regenerate.",
    ],
  }),
  // Tested in its own file (tests/<id>.schedule.test.yml): promtool's clock starts at 1970.
  // The fault (the clock past the end date) never ends: the alert resolves when the experiment stops
  // reporting metrics, i.e. when it is concluded.
  test: { at: 0, settle: 0, window: 0, exact: false, families: ["requests"], fault: (h) => h, expect: () => [{ value: 1 }], latched: true },
};
