// A side read from a generated tree on disk (`--base-dir`, `--head-dir`): rule files, dashboards,
// runbooks and the Alertmanager configuration, parsed into the snapshot. Every file that cannot be
// read is a problem naming the file and field; the caller reports them all and exits 2.
import { load as loadYaml } from "js-yaml";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { OUT, RECORD, generatedHeader } from "../model/conventions.ts";
import type { Problem } from "../model/problem.ts";
import { listTree } from "../write/tree.ts";
import { DecodeError, decodeAlertmanager, decodeDashboard, decodeRules } from "./decode.ts";
import { classify, runbookBody, sourceFromHeader } from "./layout.ts";
import type { ArmInfo, ExperimentSnapshot, RuleInfo, Snapshot } from "./snapshot.ts";

/** Arms and weights, from the arm-weight series the rule file records (`vector(<weight>)` per arm). */
function armsFromRules(rules: readonly RuleInfo[]): ArmInfo[] | undefined {
  const arms: ArmInfo[] = [];
  for (const r of rules) {
    if (r.kind !== "record" || r.name !== RECORD.armWeight) continue;
    const name = r.labels[OUT.model];
    const weight = /^\s*vector\(\s*([-+0-9.eE]+)\s*\)\s*$/.exec(r.expr)?.[1];
    if (name !== undefined) arms.push({ name, ...(weight !== undefined ? { weight: Number(weight) } : {}) });
  }
  return arms.length > 0 ? arms : undefined;
}

function parse(path: string, content: string): unknown {
  if (path.endsWith(".json")) return JSON.parse(content);
  return loadYaml(content);
}

function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message.split("\n")[0]!;
  return String(e);
}

export function snapshotFromTree(label: string, dir: string, shownDir: string): { snapshot: Snapshot; problems: Problem[] } {
  const problems: Problem[] = [];
  const experiments = new Map<string, ExperimentSnapshot>();
  const otherFiles = new Map<string, string>();
  const experiment = (id: string): ExperimentSnapshot => {
    let e = experiments.get(id);
    if (e === undefined) experiments.set(id, (e = { id, rules: [], runbooks: new Map() }));
    return e;
  };
  let alertmanager: Snapshot["alertmanager"];
  for (const path of listTree(dir)) {
    const at = classify(path);
    if (at.kind === "manifest") continue; // hashes for generate --check: nothing the monitoring does
    const content = readFileSync(join(dir, path), "utf8");
    if (at.kind === "other") {
      otherFiles.set(path, content);
      continue;
    }
    if (at.kind === "runbook-index") continue; // the list of runbooks: alerts added or removed say it
    if (at.kind === "runbook") {
      experiment(at.id).runbooks.set(at.alert, runbookBody(content));
      continue;
    }
    const file = `${shownDir}/${path}`;
    try {
      const value = parse(path, content);
      if (at.kind === "alertmanager") alertmanager = decodeAlertmanager(value);
      else if (at.kind === "rules") {
        const e = experiment(at.id);
        e.rules = decodeRules(value);
        e.source ??= sourceFromHeader(content);
        const arms = armsFromRules(e.rules);
        if (arms !== undefined) e.arms = arms;
      } else {
        const e = experiment(at.id);
        e.dashboard = decodeDashboard(value);
        e.source ??= sourceFromHeader(content);
        // The header leads the description (emit/dashboard.ts): compare what the team wrote.
        const description = e.dashboard.raw.description;
        if (typeof description === "string" && e.source !== undefined) {
          const header = `${generatedHeader(e.source)}.`;
          if (description.startsWith(header)) e.dashboard.raw.description = description.slice(header.length).trimStart();
        }
      }
    } catch (e) {
      if (e instanceof DecodeError) {
        problems.push({ check: "diff/input", severity: "error", file, path: e.path, message: e.message });
      } else {
        problems.push({ check: "diff/input", severity: "error", file, message: `cannot parse ${path.endsWith(".json") ? "JSON" : "YAML"}: ${errorMessage(e)}` });
      }
    }
  }
  // Runbooks alone (no rule file, no dashboard) are not an experiment.
  for (const [id, e] of experiments) if (e.rules.length === 0 && e.dashboard === undefined) experiments.delete(id);
  return { snapshot: { label, experiments, ...(alertmanager !== undefined ? { alertmanager } : {}), otherFiles }, problems };
}
