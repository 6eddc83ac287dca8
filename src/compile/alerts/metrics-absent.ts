// Beyond the spec (troubleshooting "metrics not updating"): no request series for the experiment
// at all: the exporter is down, not scraped, or no longer labels the experiment.
import { ALERTS } from "../../model/conventions.ts";
import { selector } from "../promql.ts";
import { scheduledText, whileScheduled } from "./common.ts";
import type { AlertSpec } from "./spec.ts";
import { code, md } from "../markdown.ts";

export const metricsAbsent: AlertSpec = {
  name: ALERTS.metricsAbsent,
  severity: "warning",
  scope: "experiment",
  for: "10m",
  panel: "requestRate",
  valueFormat: "humanize",
  gated: true,
  expr: (ctx) => `absent(${selector(ctx.c.names.requests, ctx.c.scope)})${whileScheduled(ctx)}`,
  summary: ({ exp }) => `No metrics for A/B experiment ${exp.id}`,
  description: ({ c }) =>
    `No ${selector(c.names.requests, c.scope)} series for at least 10m: the exporter is down, is not scraped, ` +
    `or no longer labels this experiment. Every other alert of the experiment is blind meanwhile.`,
  runbook: ({ exp, c }) => ({
    meaning: md`Prometheus has no series of ${code(selector(c.names.requests, c.scope))} for ten minutes${scheduledText(exp)}. Either the service stopped exporting them, Prometheus stopped scraping it, or the experiment's label changed. While this alert fires, no other alert of the experiment can fire.`,
    causes: [
      md`the service (or its exporter) is down or restarting in a loop`,
      md`the scrape target was removed or relabelled`,
      md`the experiment ended in the service but not in abwatch (see ExperimentPastEndDate)`,
    ],
    triage: [
      md`Check the scrape target's health in Prometheus (the targets step below).`,
      md`Check that the service still exports the experiment's series (the metrics step below).`,
      md`If the experiment is over, delete its experiment file and regenerate.`,
    ],
  }),
  test: {
    at: 30,
    settle: 5,
    window: 5,
    exact: false,
    families: ["requests"],
    fault: (h) => ({ ...h, up: false }),
    // absent() copies the selector's equality matchers into its result.
    expect: ({ c }) => [{ value: 1, labels: { ...c.scope } }],
  },
};
