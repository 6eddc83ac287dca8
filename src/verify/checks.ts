// Judges a run: each scenario's expected alerts fired with their exact labels and no others, each
// notification reached the receiver the routing names, rendered in full; inhibited warnings were
// never delivered; alerts that resolve did, and their resolution was delivered too; every panel
// query returned data. Pure: it reads the run's record and the plan.
import { OUT } from "../model/conventions.ts";
import { receiversFor } from "./alertmanager.ts";
import { labelKey, type InstanceRecord, type PanelResult, type RunRecord } from "./observe.ts";
import type { ExpectedAlert, InstancePlan } from "./plan.ts";
import type { Doc } from "./timescale.ts";
import type { Delivery } from "./webhook.ts";

export type Cell = "fired" | "inhibited" | "latched" | "quiet" | "mismatch";

export interface ScenarioResult {
  experiment: string;
  scenario: string;
  cells: Map<string, Cell>;
  mismatches: string[];
}

export interface Judged {
  results: ScenarioResult[];
  panels: PanelResult[];
  mismatches: string[];
}

export interface JudgeInputs {
  plans: readonly InstancePlan[];
  record: RunRecord;
  /** The Alertmanager config verify ran (instance routes), for the expected receivers. */
  alertmanager: Doc;
  /** Each alert's generated annotations by experiment id and alert name. */
  annotations: ReadonlyMap<string, ReadonlyMap<string, Record<string, string>>>;
  /** Labels the engine adds to alerts by itself. */
  ownLabels: readonly string[];
}

const UNRENDERED = /<no value>|\{\{|\}\}/;

function describe(labels: Record<string, string>): string {
  const arm = labels[OUT.model];
  return `${labels.alertname}${arm !== undefined ? `{${arm}}` : ""}`;
}

/** Problems with the annotations an engine rendered for an alert. */
function annotationProblems(seen: Record<string, string>, generated: Record<string, string> | undefined): string[] {
  const out: string[] = [];
  for (const key of ["summary", "description", "runbook_url", "dashboard"]) {
    const v = seen[key];
    if (v === undefined || v.trim() === "") out.push(`annotation ${key} is empty`);
    else if (UNRENDERED.test(v)) out.push(`annotation ${key} is not fully rendered: ${JSON.stringify(v)}`);
  }
  for (const key of ["runbook_url", "dashboard", "summary"]) {
    if (generated?.[key] !== undefined && seen[key] !== generated[key]) {
      out.push(`annotation ${key} is ${JSON.stringify(seen[key])}, the generated rule says ${JSON.stringify(generated[key])}`);
    }
  }
  return out;
}

/** Deliveries that carry the alert: its runbook link is in every notification abwatch renders. */
const about = (d: Delivery, runbook: string | undefined) => runbook !== undefined && d.text.includes(runbook);

function judgeInstance(plan: InstancePlan, rec: InstanceRecord, inputs: JudgeInputs): ScenarioResult {
  const mismatches: string[] = [];
  const cells = new Map<string, Cell>();
  const generated = inputs.annotations.get(plan.base.id) ?? new Map<string, Record<string, string>>();
  const deliveries = inputs.record.deliveries.filter((d) => d.experiment === plan.exp.id);
  const expectedKeys = new Map(plan.expected.map((e) => [labelKey(e.labels), e] as const));
  const fail = (alert: string, text: string) => {
    mismatches.push(`${plan.base.id} / ${plan.name}: ${text}`);
    cells.set(alert, "mismatch");
  };

  for (const [key, seen] of rec.seen) {
    if (!expectedKeys.has(key)) fail(seen.labels.alertname ?? "?", `${describe(seen.labels)} fired unexpectedly (labels ${key})`);
  }

  for (const e of plan.expected) check(e);

  function check(e: ExpectedAlert): void {
    const name = e.labels.alertname!;
    const seen = rec.seen.get(labelKey(e.labels));
    const gen = generated.get(name);
    const runbook = gen?.runbook_url;
    if (seen === undefined) {
      const similar = [...rec.seen.values()].filter((s) => s.labels.alertname === name).map((s) => labelKey(s.labels, inputs.ownLabels));
      fail(name, `${describe(e.labels)} did not fire${similar.length > 0 ? ` with labels ${labelKey(e.labels)} (it fired with ${similar.join(", ")})` : ""}`);
      return;
    }
    for (const p of annotationProblems(seen.annotations, gen)) fail(name, `${describe(e.labels)}: ${p}`);
    const receivers = receiversFor(inputs.alertmanager, e.labels);
    const firing = deliveries.filter((d) => d.status === "firing" && about(d, runbook));
    if (e.inhibited) {
      const leaked = firing.filter((d) => rec.faultEnd === undefined || d.at <= rec.faultEnd);
      if (leaked.length > 0) fail(name, `${describe(e.labels)} should be inhibited by the critical alert but reached ${leaked[0]!.receiver}`);
    } else {
      for (const r of receivers) {
        const got = firing.filter((d) => d.receiver === r);
        if (got.length === 0) {
          const elsewhere = firing.map((d) => d.receiver);
          fail(name, `${describe(e.labels)}: no notification reached ${r}${elsewhere.length > 0 ? ` (it went to ${[...new Set(elsewhere)].join(", ")})` : ""}`);
          continue;
        }
        const bad = got.find((d) => UNRENDERED.test(d.text) || (gen?.dashboard !== undefined && !d.text.includes(gen.dashboard)));
        if (bad !== undefined) fail(name, `${describe(e.labels)}: the notification to ${r} is not fully rendered: ${JSON.stringify(bad.text.slice(0, 300))}`);
        if (!e.latched && rec.faultEnd !== undefined) {
          const resolved = deliveries.filter((d) => d.status === "resolved" && d.receiver === r && about(d, runbook) && d.at >= rec.faultEnd!);
          if (resolved.length === 0) fail(name, `${describe(e.labels)}: no resolved notification reached ${r} after the fault ended`);
        }
      }
      for (const d of firing) {
        if (!receivers.includes(d.receiver)) fail(name, `${describe(e.labels)} was delivered to ${d.receiver}, the routing says ${receivers.join(", ")}`);
      }
    }
    if (!e.latched && rec.faultEnd !== undefined && rec.activeNow.has(labelKey(e.labels))) {
      fail(name, `${describe(e.labels)} did not resolve after the fault ended`);
    }
    if (!cells.has(name)) cells.set(name, e.inhibited ? "inhibited" : e.latched ? "latched" : "fired");
  }

  // A delivery about an alert the scenario does not expect is noise an on-call engineer would get.
  const expectedRunbooks = new Set(plan.expected.map((e) => generated.get(e.labels.alertname!)?.runbook_url));
  for (const d of deliveries) {
    const known = [...generated.entries()].find(([, a]) => about(d, a.runbook_url));
    if (known === undefined) fail("?", `a notification to ${d.receiver} names no alert of the experiment: ${JSON.stringify(d.text.slice(0, 200))}`);
    else if (!expectedRunbooks.has(known[1].runbook_url)) fail(known[0], `${known[0]} was delivered to ${d.receiver} but the scenario does not raise it`);
  }
  return { experiment: plan.base.id, scenario: plan.name, cells, mismatches };
}

export function judge(inputs: JudgeInputs): Judged {
  const results = inputs.plans.map((p) => judgeInstance(p, inputs.record.instances.get(p.exp.id)!, inputs));
  const panelProblems = inputs.record.panels
    .filter((p) => p.series === 0 || p.error !== undefined)
    .map((p) => `${p.experiment}: panel "${p.panel}" returned ${p.error !== undefined ? `an error: ${p.error}` : "no data"} for ${p.expr}`);
  return { results, panels: inputs.record.panels, mismatches: [...results.flatMap((r) => r.mismatches), ...panelProblems] };
}
