// compileRuleFile: the experiment's rule file, one group: recording rules, then alerts.
// compileInlineAlertFile: the same alerts with every recorded series inlined: the benchmark's
// baseline, and proof (its promtool tests pass too) that recording changes nothing. Only the
// sequential chain stays recorded (quantities.ts sequentialChain): it cannot be inlined cheaply.
import { RULE_GROUP_INTERVAL, ruleGroupName } from "../../model/conventions.ts";
import type { Experiment } from "../../model/schema.ts";
import { compileAlertRules } from "../alerts/index.ts";
import { inlineSource } from "./inline.ts";
import { QUANTITY, sequentialChain } from "./quantities.ts";
import { compileRecordingRules, quantityContext } from "./recording.ts";
import type { RuleFile } from "./types.ts";

export function compileRuleFile(exp: Experiment): RuleFile {
  const rules = [...compileRecordingRules(exp), ...compileAlertRules(exp)];
  return { groups: [{ name: ruleGroupName(exp.id), interval: RULE_GROUP_INTERVAL, rules }] };
}

export function compileInlineAlertFile(exp: Experiment): RuleFile {
  const ctx = quantityContext(exp);
  const chain = sequentialChain(ctx);
  // Alerts read the chain's statistics as recorded; everything else, hourly counts included, inlined.
  const statistics = new Set([...chain].filter((key) => QUANTITY[key].reads !== undefined));
  const rules = [...compileRecordingRules(exp, (key) => chain.has(key)), ...compileAlertRules(exp, inlineSource(ctx, statistics))];
  return { groups: [{ name: ruleGroupName(exp.id), interval: RULE_GROUP_INTERVAL, rules }] };
}
