// Runbooks as data: one document per alert, behind its runbook_url, plus an index per experiment.
// Each page says what the alert means, the exact rule, where to look, how to triage (the spec's
// troubleshooting guide, with this experiment's addresses) and whom to escalate to. emit writes
// the Markdown.
import { OUT, PANEL_TITLES, dashboardUid, folderUid, panelUrl, paths, runbookUrl, type AlertName } from "../../model/conventions.ts";
import type { Experiment } from "../../model/schema.ts";
import { alertContext, alertingRule, alertsFor } from "../alerts/index.ts";
import type { AlertContext, AlertSpec } from "../alerts/spec.ts";
import { code, link, md, strong, text, type Block, type ListItem, type Md } from "../markdown.ts";
import { selector } from "../promql.ts";
import type { AlertingRule } from "../rules/types.ts";

export interface Runbook {
  /** The alert the page explains; undefined for the experiment's index page. */
  alert: AlertName | undefined;
  blocks: Block[];
}

function receiverOf(ctx: AlertContext, a: AlertSpec): Md {
  const r = a.route === "drift" ? ctx.exp.routing.drift : ctx.exp.routing[a.severity];
  return md`${code(r.name)} (${r.pagerduty ? "PagerDuty" : md`Slack ${code(r.slack!.channel)}`})`;
}

/** A single-quoted shell word, whatever the text holds. */
const shellQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/** The spec's troubleshooting guide, with this experiment's addresses and names. */
function commonTriage(ctx: AlertContext): ListItem[] {
  const { exp, c } = ctx;
  const scoped = selector(c.names.requests, c.scope);
  const recorded = selector("", { [OUT.experiment]: exp.id });
  const grafana = exp.grafana.url;
  const folder = folderUid(exp.grafana.folder);
  const graph = (expr: string) => `${exp.prometheus.url}/graph?g0.expr=${encodeURIComponent(expr)}&g0.tab=1`;
  return [
    {
      text: md`${strong("Metrics not updating?")} Check that the service exports the experiment's series at ${code(c.names.requests)}:`,
      code: { lang: "sh", code: `curl -s ${shellQuote(exp.metrics.endpoint)} | grep ${shellQuote(c.names.requests)}` },
    },
    {
      text: md`${strong("Is Prometheus scraping it?")} Check the health of the scrape targets:`,
      code: {
        lang: "sh",
        code: `curl -s ${shellQuote(`${exp.prometheus.url}/api/v1/targets`)} | jq '.data.activeTargets[] | {scrapeUrl, health, lastError}'`,
      },
    },
    {
      text: md`${strong("Does Prometheus have the data?")} Query ${link(code(scoped), graph(scoped))} and the recorded series ${link(code(recorded), graph(recorded))}.`,
    },
    {
      text: md`${strong("Dashboard not loading?")} (Re-)import the generated dashboard into the folder ${text(JSON.stringify(exp.grafana.folder))} (uid ${code(folder)}, created if missing), with a Grafana service-account token in ${code("GRAFANA_TOKEN")}:`,
      code: {
        lang: "sh",
        code: [
          `curl -s -X POST -H 'Content-Type: application/json' -H "Authorization: Bearer $GRAFANA_TOKEN" ${shellQuote(`${grafana}/api/folders`)} \\`,
          `  -d ${shellQuote(JSON.stringify({ uid: folder, title: exp.grafana.folder }))}`,
          `jq '{dashboard: ., folderUid: "${folder}", overwrite: true}' generated/${paths.dashboard(exp.id)} |`,
          `  curl -s -X POST -H 'Content-Type: application/json' -H "Authorization: Bearer $GRAFANA_TOKEN" ${shellQuote(`${grafana}/api/dashboards/db`)} -d @-`,
        ].join("\n"),
      },
    },
  ];
}

const present = <T>(items: readonly (T | undefined)[]): T[] => items.filter((x): x is T => x !== undefined);

function page(ctx: AlertContext, a: AlertSpec, source: string, rule: AlertingRule, common: readonly ListItem[]): Block[] {
  const { exp } = ctx;
  const prose = a.runbook(ctx);
  const contact = exp.owner.contact !== undefined ? md` (${exp.owner.contact})` : md``;
  const owner = md`${strong(exp.owner.team)}${contact}`;
  const labels = Object.entries(rule.labels!).map(([k, v]) => code(`${k}="${v}"`));
  const perArm = a.scope === "arm" ? md`, and ${code(OUT.model)}: the arm` : a.scope === "treatment" ? md`, and ${code(OUT.model)}: the treatment compared with the control` : md``;
  return [
    { kind: "heading", level: 1, text: text(a.name) },
    {
      kind: "table",
      head: [md``, md``],
      rows: [
        [md`Experiment`, md`${code(exp.id)}: ${exp.title}`],
        [md`Severity`, md`${a.severity}, sent to ${receiverOf(ctx, a)}`],
        [md`Owner`, md`${exp.owner.team}${contact}`],
        [md`Dashboard`, link(PANEL_TITLES[a.panel], panelUrl(exp, a.panel))],
      ],
    },
    { kind: "heading", level: 2, text: md`What it means` },
    { kind: "paragraph", text: prose.meaning },
    { kind: "quote", text: text(a.summary(ctx)) },
    { kind: "heading", level: 2, text: md`The rule` },
    { kind: "paragraph", text: md`It fires when this expression has returned a series for ${strong(a.for)} in a row:` },
    { kind: "code", lang: "promql", code: rule.expr },
    {
      kind: "paragraph",
      text: md`Labels: ${joinComma(labels)}${perArm}. The rule lives in ${code(`generated/${paths.rules(exp.id)}`)}, compiled from ${code(source)}.`,
    },
    { kind: "heading", level: 2, text: md`Likely causes` },
    { kind: "list", ordered: false, items: present(prose.causes).map((t) => ({ text: t })) },
    { kind: "heading", level: 2, text: md`Triage` },
    { kind: "list", ordered: true, items: [...present(prose.triage).map((t) => ({ text: t })), ...common] },
    { kind: "heading", level: 2, text: md`Escalation` },
    {
      kind: "paragraph",
      text: md`The experiment belongs to ${owner}. ${
        a.severity === "critical"
          ? "A critical alert pages the on-call engineer; if the arm cannot be fixed quickly, move its traffic to the control and tell the owner."
          : "A warning needs attention within working hours; tell the owner when it lasts or recurs."
      }`,
    },
  ];
}

const joinComma = (items: readonly Md[]): Md => items.reduce((acc, m) => md`${acc}, ${m}`);

function index(ctx: AlertContext, alerts: readonly AlertSpec[]): Block[] {
  const { exp } = ctx;
  return [
    { kind: "heading", level: 1, text: md`Runbooks: ${exp.title}` },
    {
      kind: "paragraph",
      text: md`Experiment ${code(exp.id)}, owned by ${exp.owner.team}. Dashboard: ${link(exp.title, `${exp.grafana.url}/d/${dashboardUid(exp)}/${exp.id}`)}.`,
    },
    {
      kind: "table",
      head: [md`alert`, md`severity`, md`for`],
      rows: alerts.map((a) => [link(a.name, runbookUrl(exp, a.name)), text(a.severity), text(a.for)]),
    },
  ];
}

/** `rules`: the experiment's alerting rules when already compiled (each page shows its rule). */
export function compileRunbooks(exp: Experiment, source: string, rules?: readonly AlertingRule[]): Runbook[] {
  const ctx = alertContext(exp);
  const alerts = alertsFor(ctx);
  const ruleOf = (a: AlertSpec) => rules?.find((r) => r.alert === a.name) ?? alertingRule(ctx, a);
  const common = commonTriage(ctx); // the same steps end every page
  return [
    { alert: undefined, blocks: index(ctx, alerts) },
    ...alerts.map((a) => ({ alert: a.name, blocks: page(ctx, a, source, ruleOf(a), common) })),
  ];
}
