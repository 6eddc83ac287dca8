// What promtool's rulefmt checks once a rule file has decoded (RuleGroups.Validate and
// Rule.Validate in Prometheus 2.42): group names, record/alert, expressions (parsed and type
// checked), fields recording rules may not have, metric/label/annotation names, durations and
// alert templates. Problems are addressed the way promtool prints them: group, rule, name.
import type { Expr } from "../promql/ast.ts";
import { exprPosition, parsePromQL } from "../promql/parse.ts";
import { parseAlertTemplate } from "../gotemplate/parse.ts";
import { parseDuration } from "../duration.ts";
import { problem, type ValidationProblem } from "../problem.ts";
import { atLeast, laterThan, RULE_FIELD_SINCE, type PrometheusVersion } from "../version.ts";
import type { YamlNode } from "../yaml.ts";
import { nodeValue, type DecodedRules, type LabelEntry, type Located, type RuleGroup, type RuleNode } from "./decode.ts";

export const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
export const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Prometheus 3.0 accepts any UTF-8 metric and label name; 3.2 refuses `{` and `}` in rule names. */
const UTF8_NAMES = "3.0";
const RULE_NAME_BRACES = "3.2";

function validLabelName(name: string, target: PrometheusVersion): boolean {
  if (name === "__name__") return false;
  return atLeast(target, UTF8_NAMES) ? name !== "" && validUtf8(name) : LABEL_NAME.test(name);
}

function validRecordName(name: string, target: PrometheusVersion): boolean {
  if (!atLeast(target, UTF8_NAMES)) return METRIC_NAME.test(name);
  return name !== "" && validUtf8(name) && !(atLeast(target, RULE_NAME_BRACES) && /[{}]/.test(name));
}

export interface ParsedRule {
  group: RuleGroup;
  /** 1-based index in the group. */
  index: number;
  rule: RuleNode;
  kind: "record" | "alert" | undefined;
  /** The alert name, else the record name (promtool's RuleName). */
  name: string;
  exprText: string;
  /** The parsed expression, when it parsed and type-checked. */
  expr: Expr | undefined;
  /** Label names read by each label and annotation template of an alert. */
  templateLabels: { field: "label" | "annotation"; key: string; labels: string[]; node: YamlNode }[];
}

export interface RulesContext {
  file: string;
  text: string;
  /** The Prometheus version the file is checked for. */
  target: PrometheusVersion;
  /** Where an offset inside a scalar's value sits in the file, when that can be known exactly. */
  positionIn(node: YamlNode, offsetInValue: number): { line: number; column: number };
}

/** A Go-valid UTF-8 string: JavaScript strings only fail on lone surrogates. */
function validUtf8(s: string): boolean {
  // The lookbehind is slow; most strings hold no surrogate at all.
  if (!/[\uD800-\uDFFF]/.test(s)) return true;
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
}

function at(node: YamlNode | undefined): { line?: number; column?: number } {
  return node === undefined ? {} : { line: node.line, column: node.column };
}

export function durationMs(d: Located<string> | undefined): number | undefined {
  if (d === undefined) return undefined;
  const r = parseDuration(d.value);
  return r.ok ? r.ms : undefined;
}

export function validateRules(ctx: RulesContext, decoded: DecodedRules): { problems: ValidationProblem[]; rules: ParsedRule[] } {
  const problems: ValidationProblem[] = [];
  const rules: ParsedRule[] = [];
  const err = (check: string, message: string, where: Partial<ValidationProblem>) => problems.push(problem(check, "error", ctx.file, message, where));

  for (const e of decoded.errors) err("rulefmt/decode", e.message, at(e.node));

  const checkDuration = (d: Located<string> | undefined, where: Partial<ValidationProblem>) => {
    if (d === undefined) return;
    const r = parseDuration(d.value);
    if (!r.ok) err("rulefmt/duration", r.error, { ...where, ...at(d.node) });
  };

  const seen = new Set<string>();
  for (const g of decoded.groups) {
    const groupAt = at(g.node);
    if (g.name === "") err("rulefmt/group-name", "Groupname must not be empty", groupAt);
    if (seen.has(g.name)) err("rulefmt/group-name", `groupname: ${JSON.stringify(g.name)} is repeated in the same file`, groupAt);
    seen.add(g.name);
    checkDuration(g.interval, { group: g.name });
    checkDuration(g.queryOffset, { group: g.name });
    // Fields newer than the target: its decoder rejects them as unknown.
    const since = RULE_FIELD_SINCE.group;
    const newer = (field: keyof typeof since) => {
      const key = g.keys.get(field);
      if (key === undefined || atLeast(ctx.target, since[field])) return false;
      err("rulefmt/version", `field ${field} not found in type rulefmt.RuleGroup: it needs ${laterThan(since[field], ctx.target)}`, { group: g.name, ...at(key) });
      return true;
    };
    newer("limit");
    newer("query_offset");
    if (!newer("labels")) {
      for (const l of g.labels) {
        if (!validLabelName(l.key, ctx.target)) err("rulefmt/label-name", `invalid label name: ${l.key}`, { group: g.name, ...at(l.keyNode) });
      }
    }
    g.rules.forEach((r, i) => rules.push(validateRule(ctx, g, r, i + 1, problems)));
  }
  return { problems, rules };
}

function validateRule(ctx: RulesContext, g: RuleGroup, r: RuleNode, index: number, problems: ValidationProblem[]): ParsedRule {
  const record = nodeValue(r.record);
  const alert = nodeValue(r.alert);
  const name = alert !== "" ? alert : record;
  const address = { group: g.name, rule: index, ruleName: name };
  const err = (check: string, message: string, node?: YamlNode) =>
    problems.push(problem(check, "error", ctx.file, message, { ...address, ...at(node) }));

  const parsed: ParsedRule = {
    group: g,
    index,
    rule: r,
    kind: alert !== "" ? "alert" : record !== "" ? "record" : undefined,
    name,
    exprText: nodeValue(r.expr),
    expr: undefined,
    templateLabels: [],
  };

  if (record !== "" && alert !== "") err("rulefmt/record-or-alert", "only one of 'record' and 'alert' must be set", r.record);
  if (record === "" && alert === "") err("rulefmt/record-or-alert", "one of 'record' or 'alert' must be set", r.record ?? r.alert ?? r.node);

  const keepFiringFor = r.keys.get("keep_firing_for");
  if (keepFiringFor !== undefined && !atLeast(ctx.target, RULE_FIELD_SINCE.rule.keep_firing_for)) {
    err("rulefmt/version", `field keep_firing_for not found in type rulefmt.RuleNode: it needs ${laterThan(RULE_FIELD_SINCE.rule.keep_firing_for, ctx.target)}`, keepFiringFor);
  }
  // Indexed loops, no arrays or tuples built per rule: this runs for every rule, mostly before V8
  // optimises it, where for-of and destructuring allocate an iterator result per step.
  for (let k = 0; k < 2; k++) {
    const d = k === 0 ? r.for : r.keepFiringFor;
    if (d === undefined) continue;
    const res = parseDuration(d.value);
    if (!res.ok) err("rulefmt/duration", res.error, d.node);
  }

  if (parsed.exprText === "") {
    err("rulefmt/expr", "field 'expr' must be set in rule", r.expr ?? r.node);
  } else {
    const result = parsePromQL(parsed.exprText, ctx.target);
    const first = result.errors[0];
    if (first !== undefined) {
      const inner = exprPosition(parsed.exprText, first.from);
      const pos = ctx.positionIn(r.expr!, first.from);
      problems.push(
        problem(first.kind === "type" ? "promql/type" : "promql/syntax", "error", ctx.file, `could not parse expression: ${inner.line}:${inner.column}: parse error: ${first.message}`, {
          ...address,
          ...pos,
        }),
      );
    } else {
      parsed.expr = result.expr;
    }
  }

  if (record !== "") {
    if (r.annotations.length > 0) err("rulefmt/recording-fields", "invalid field 'annotations' in recording rule", r.record);
    if ((durationMs(r.for) ?? 0) !== 0) err("rulefmt/recording-fields", "invalid field 'for' in recording rule", r.record);
    if ((durationMs(r.keepFiringFor) ?? 0) !== 0) err("rulefmt/recording-fields", "invalid field 'keep_firing_for' in recording rule", r.record);
    if (!validRecordName(record, ctx.target)) err("rulefmt/record-name", `invalid recording rule name: ${record}`, r.record);
  }

  for (let k = 0; k < r.labels.length; k++) {
    const l = r.labels[k]!;
    if (!validLabelName(l.key, ctx.target)) err("rulefmt/label-name", `invalid label name: ${l.key}`, l.keyNode);
    if (!validUtf8(l.value)) err("rulefmt/label-value", `invalid label value: ${l.value}`, l.valueNode);
  }
  for (let k = 0; k < r.annotations.length; k++) {
    const a = r.annotations[k]!;
    if (!(atLeast(ctx.target, UTF8_NAMES) ? a.key !== "" && validUtf8(a.key) : LABEL_NAME.test(a.key))) err("rulefmt/annotation-name", `invalid annotation name: ${a.key}`, a.keyNode);
  }

  if (alert !== "") {
    // Labels, then annotations.
    const labels = r.labels.length;
    for (let k = 0; k < labels + r.annotations.length; k++) {
      const field = k < labels ? "label" : "annotation";
      const entry: LabelEntry = k < labels ? r.labels[k]! : r.annotations[k - labels]!;
      const t = parseAlertTemplate(entry.value, alert);
      if (t.error !== undefined) {
        err("rulefmt/template", `${field} ${JSON.stringify(entry.key)}: ${t.error.message}`, entry.valueNode);
      } else {
        parsed.templateLabels.push({ field, key: entry.key, labels: t.labels, node: entry.valueNode });
      }
    }
  }
  return parsed;
}
