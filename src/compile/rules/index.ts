// compileRuleFile: the experiment's rule file, one group: recording rules, then alerts.
import { ruleGroupName } from "../../model/conventions.ts";
import type { Experiment } from "../../model/schema.ts";
import { compileAlertRules } from "../alerts/index.ts";
import { compileRecordingRules } from "./recording.ts";
import type { RuleFile } from "./types.ts";

export function compileRuleFile(exp: Experiment): RuleFile {
  return { groups: [{ name: ruleGroupName(exp.id), rules: [...compileRecordingRules(exp), ...compileAlertRules(exp)] }] };
}
