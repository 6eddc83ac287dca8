// Scenario instances. verify runs every scenario at once against one engine, so each runs as its
// own experiment: the experiment's id and the values of its scope labels get a suffix, in the
// exporter's metrics and in a copy of the generated rules alike. The rules are the generated ones:
// only label-matcher values equal to the experiment's identity, the `experiment` label and the group
// name change, which a test checks. The end-date scenario also moves the rules' clock forward,
// because the real clock cannot be moved.
import { parser } from "@prometheus-io/lezer-promql";
import { OUT, ruleGroupName } from "../model/conventions.ts";
import type { Experiment } from "../model/schema.ts";
import type { Doc } from "./timescale.ts";

export interface Identity {
  /** The experiment id as rules label their series. */
  id: string;
  /** The scope labels that select the experiment's raw series. */
  scope: Readonly<Record<string, string>>;
}

export const identityOf = (exp: Experiment): Identity => ({ id: exp.id, scope: exp.metrics.scope });

/**
 * The experiment as the `index`-th scenario runs it: its own id and scope values, everything else
 * equal. The id stays a valid experiment id (a slug of at most 40 characters): `<id>-v<index>`,
 * the id shortened when it must be.
 */
export function instanceExperiment(exp: Experiment, index: number): Experiment {
  const suffix = `-v${index}`;
  const tag = (v: string) => `${v.slice(0, 40 - suffix.length).replace(/-+$/, "")}${suffix}`;
  const scope = Object.fromEntries(Object.entries(exp.metrics.scope).map(([k, v]) => [k, tag(v)]));
  return { ...exp, id: tag(exp.id), metrics: { ...exp.metrics, scope } };
}

const unquote = (lit: string): string => JSON.parse(lit.startsWith("'") || lit.startsWith("`") ? JSON.stringify(lit.slice(1, -1)) : lit);

/**
 * The expression with every equality matcher that selects `from`'s identity rewritten to `to`'s, and
 * `time()` advanced by `clockShift` seconds when it is not 0.
 */
export function rewriteExpr(expr: string, from: Identity, to: Identity, clockShift = 0): string {
  const replace = new Map<string, string>();
  for (const [k, v] of Object.entries(from.scope)) replace.set(`${k}\0${v}`, to.scope[k]!);
  replace.set(`${OUT.experiment}\0${from.id}`, to.id);
  const edits: { from: number; to: number; text: string }[] = [];
  parser.parse(expr).iterate({
    enter(node) {
      if (node.name === "LabelMatcher" || node.name === "UnquotedLabelMatcher") {
        const name = node.node.getChild("LabelName");
        const value = node.node.getChild("StringLiteral");
        const op = node.node.getChild("MatchOp")?.firstChild?.name;
        // Only equality matchers select an identity; regex and negative matchers stay as written.
        if (name === null || value === null || op !== "EqlSingle") return false;
        const key = `${expr.slice(name.from, name.to)}\0${unquote(expr.slice(value.from, value.to))}`;
        const next = replace.get(key);
        if (next !== undefined) edits.push({ from: value.from, to: value.to, text: JSON.stringify(next) });
        return false;
      }
      if (clockShift !== 0 && node.name === "FunctionCall" && expr.slice(node.from, node.to).replace(/\s+/g, "") === "time()") {
        edits.push({ from: node.from, to: node.to, text: `(time() + ${clockShift})` });
        return false;
      }
      return undefined;
    },
  });
  let out = expr;
  for (const e of edits.sort((a, b) => b.from - a.from)) out = out.slice(0, e.from) + e.text + out.slice(e.to);
  return out;
}

/** The generated rule file of `from`, rewritten to run as instance `to`. */
export function rewriteRuleFile(doc: Doc, from: Identity, to: Identity, clockShift = 0): Doc {
  return {
    ...doc,
    groups: (doc.groups as Doc[]).map((g) => ({
      ...g,
      name: g.name === ruleGroupName(from.id) ? ruleGroupName(to.id) : g.name,
      rules: (g.rules as Doc[]).map((r) => {
        const labels = r.labels as Record<string, string> | undefined;
        return {
          ...r,
          expr: rewriteExpr(String(r.expr), from, to, clockShift),
          ...(labels !== undefined
            ? { labels: labels[OUT.experiment] === from.id ? { ...labels, [OUT.experiment]: to.id } : labels }
            : {}),
        };
      }),
    })),
  };
}
