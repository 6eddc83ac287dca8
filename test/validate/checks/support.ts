// Runs one check on inline file content, the way pint's checks are tested: parse, then check.
import { checkAlertmanager } from "../../../src/validate/kinds/alertmanager.ts";
import { checkDashboard } from "../../../src/validate/kinds/dashboard.ts";
import { checkRuleFile } from "../../../src/validate/kinds/rules.ts";
import { checkTests } from "../../../src/validate/kinds/tests.ts";
import type { AnyCheck, CheckContext, FileModel } from "../../../src/validate/checks/types.ts";
import type { ValidationProblem } from "../../../src/validate/problem.ts";
import { DEFAULT_TARGET } from "../../../src/validate/version.ts";

export function context(over: Partial<CheckContext> = {}): CheckContext {
  return {
    evaluationIntervalMs: 60_000,
    target: DEFAULT_TARGET,
    gauges: new Map(),
    recordingRules: new Set(),
    contract: undefined,
    contractUnavailable: undefined,
    alertNames: async () => new Set(),
    ...over,
  };
}

export async function model(kind: FileModel["kind"], content: string, file = `inline.${kind === "dashboard" ? "json" : "yml"}`): Promise<FileModel> {
  const r =
    kind === "rules"
      ? await checkRuleFile(file, content)
      : kind === "dashboard"
        ? await checkDashboard(file, content)
        : kind === "alertmanager"
          ? await checkAlertmanager(file, content)
          : await checkTests(file, `/nonexistent/${file}`, content);
  if (r.model === undefined) throw new Error(`the test input does not parse: ${JSON.stringify(r.problems)}`);
  return r.model;
}

/** The problems one check reports on the content. */
export async function run(check: AnyCheck, content: string, ctx: CheckContext = context()): Promise<ValidationProblem[]> {
  const m = await model(check.kind, content);
  const fn = check.run as (this: unknown, m: FileModel, c: CheckContext) => ValidationProblem[] | Promise<ValidationProblem[]>;
  const problems = await fn.call(check, m, ctx);
  for (const p of problems) {
    if (p.check !== check.name) throw new Error(`${check.name} reported a problem as ${p.check}`);
  }
  return problems;
}

/** A rule file with one group holding the given rules (YAML, indented for `rules:`). */
export function rules(body: string, group = "example"): string {
  return `groups:\n  - name: ${group}\n    rules:\n${body.replace(/^\n/, "")}`;
}
