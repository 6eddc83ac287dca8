// compileRuleFile: the experiment's rule file, one group: recording rules, then alerts.
// compileInlineAlertFile: the same alerts with every recorded series inlined, no recording rules:
// the benchmark's baseline, and proof (its promtool tests pass too) that recording changes nothing.
import { RULE_GROUP_INTERVAL, ruleGroupName } from "../../model/conventions.ts";
import type { Experiment } from "../../model/schema.ts";
import { compileAlertRules } from "../alerts/index.ts";
import { inlineSource } from "./inline.ts";
import { compileRecordingRules, quantityContext } from "./recording.ts";
import type { RuleFile } from "./types.ts";

export function compileRuleFile(exp: Experiment): RuleFile {
  const rules = [...compileRecordingRules(exp), ...compileAlertRules(exp)];
  return { groups: [{ name: ruleGroupName(exp.id), interval: RULE_GROUP_INTERVAL, rules }] };
}

export function compileInlineAlertFile(exp: Experiment): RuleFile {
  const src = inlineSource(quantityContext(exp));
  return { groups: [{ name: ruleGroupName(exp.id), interval: RULE_GROUP_INTERVAL, rules: compileAlertRules(exp, src) }] };
}
