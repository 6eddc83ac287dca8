// Runbooks: one Markdown page per alert, behind its runbook_url, plus an index per experiment.
// Each page says what the alert means, the exact rule, where to look, how to triage (including
// the spec's troubleshooting guide) and whom to escalate to.
import { OUT, PANEL_TITLES, dashboardUid, folderUid, panelUrl, paths, runbookUrl } from "../../model/conventions.ts";
import type { Experiment } from "../../model/schema.ts";
import { alertContext, alertingRule, alertsFor } from "../alerts/index.ts";
import type { AlertContext, AlertSpec } from "../alerts/spec.ts";
import { selector } from "../promql.ts";

export interface Runbook {
  /** Relative to generated/. */
  path: string;
  markdown: string;
}

function receiverOf(ctx: AlertContext, a: AlertSpec): string {
  const r = a.route === "drift" ? ctx.exp.routing.drift : ctx.exp.routing[a.severity];
  return `${r.name} (${r.pagerduty ? "PagerDuty" : `Slack ${r.slack!.channel}`})`;
}

/** A single-quoted shell word, whatever the text holds. */
const shellQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/** The spec's troubleshooting guide, made concrete for this experiment. */
function commonTriage(ctx: AlertContext): string[] {
  const { exp, c } = ctx;
  const scoped = selector(c.names.requests, c.scope);
  return [
    "**Metrics not updating?** Check that the service exports the experiment's series (port 8002 in the spec's " +
      "setup):\n\n" +
      "   ```sh\n" +
      `   curl -s http://localhost:8002/metrics | grep ${c.names.requests}\n` +
      "   ```",
    "**Is Prometheus scraping it?** Check the target's health:\n\n" +
      "   ```sh\n" +
      "   curl -s http://prometheus:9090/api/v1/targets | jq '.data.activeTargets[] | {scrapeUrl, health, lastError}'\n" +
      "   ```",
    `**Does Prometheus have the data?** Query \`${scoped}\` and the recorded series ` +
      `\`{${OUT.experiment}="${exp.id}"}\` in the Prometheus UI.`,
    `**Dashboard not loading?** Reach Grafana and (re-)import the generated dashboard into the folder ` +
      `"${exp.grafana.folder}" (uid \`${folderUid(exp.grafana.folder)}\`, created if missing):\n\n` +
      "   ```sh\n" +
      "   kubectl port-forward svc/grafana 3000:3000\n" +
      `   curl -s -X POST -H 'Content-Type: application/json' http://localhost:3000/api/folders \\\n` +
      `     -d ${shellQuote(JSON.stringify({ uid: folderUid(exp.grafana.folder), title: exp.grafana.folder }))}\n` +
      `   jq '{dashboard: ., folderUid: "${folderUid(exp.grafana.folder)}", overwrite: true}' generated/dashboards/${exp.id}.json |\n` +
      "     curl -s -X POST -H 'Content-Type: application/json' http://localhost:3000/api/dashboards/db -d @-\n" +
      "   ```",
  ];
}

function page(ctx: AlertContext, a: AlertSpec, source: string, header: string): string {
  const { exp } = ctx;
  const rule = alertingRule(ctx, a);
  const text = a.runbook(ctx);
  const steps = [...text.triage, ...commonTriage(ctx)];
  const contact = exp.owner.contact ? ` (${exp.owner.contact})` : "";
  const lines = [
    `<!-- ${header} -->`,
    `# ${a.name}`,
    "",
    `| | |`,
    `|---|---|`,
    `| Experiment | \`${exp.id}\`: ${exp.title} |`,
    `| Severity | ${a.severity}, sent to ${receiverOf(ctx, a)} |`,
    `| Owner | ${exp.owner.team}${contact} |`,
    `| Dashboard | [${PANEL_TITLES[a.panel]}](${panelUrl(exp, a.panel)}) |`,
    "",
    "## What it means",
    "",
    text.meaning,
    "",
    `> ${rule.annotations!.summary}`,
    "",
    "## The rule",
    "",
    `It fires when this expression has returned a series for **${a.for}** in a row:`,
    "",
    "```promql",
    rule.expr,
    "```",
    "",
    `Labels: ${Object.entries(rule.labels!)
      .map(([k, v]) => `\`${k}="${v}"\``)
      .join(", ")}${a.scope === "experiment" ? "" : a.scope === "arm" ? ", and `model_name`: the arm" : ", and `model_name`: the treatment compared with the control"}. ` +
      `The rule lives in \`generated/${paths.rules(exp.id)}\`, compiled from \`${source}\`.`,
    "",
    "## Likely causes",
    "",
    ...text.causes.map((c) => `- ${c}`),
    "",
    "## Triage",
    "",
    ...steps.map((s, i) => `${i + 1}. ${s}`),
    "",
    "## Escalation",
    "",
    `The experiment belongs to **${exp.owner.team}**${contact}. ` +
      (a.severity === "critical"
        ? "A critical alert pages the on-call engineer; if the arm cannot be fixed quickly, move its traffic to the control and tell the owner."
        : "A warning needs attention within working hours; tell the owner when it lasts or recurs."),
    "",
  ];
  return lines.join("\n");
}

function index(ctx: AlertContext, alerts: readonly AlertSpec[], header: string): string {
  const { exp } = ctx;
  return [
    `<!-- ${header} -->`,
    `# Runbooks: ${exp.title}`,
    "",
    `Experiment \`${exp.id}\`, owned by ${exp.owner.team}. Dashboard: [${exp.title}](${exp.grafana.url}/d/${dashboardUid(exp)}/${exp.id}).`,
    "",
    "| alert | severity | for |",
    "|---|---|---|",
    ...alerts.map((a) => `| [${a.name}](${runbookUrl(exp, a.name)}) | ${a.severity} | ${a.for} |`),
    "",
  ].join("\n");
}

export function compileRunbooks(exp: Experiment, source: string, header: string): Runbook[] {
  const ctx = alertContext(exp);
  const alerts = alertsFor(ctx);
  return [
    { path: paths.runbookIndex(exp.id), markdown: index(ctx, alerts, header) },
    ...alerts.map((a) => ({ path: paths.runbook(exp.id, a.name), markdown: page(ctx, a, source, header) })),
  ];
}
