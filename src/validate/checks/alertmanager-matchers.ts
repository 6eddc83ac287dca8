// alertmanager/matchers: route `matchers` and inhibit rules' `source_matchers`/`target_matchers`
// parse as Alertmanager parses them (pkg/labels ParseMatchers): `name op value` with op one of
// = != =~ !~, values optionally double-quoted with escapes, regexes valid RE2.
import { checkRegexp } from "../promql/re2.ts";
import { problem, type ValidationProblem } from "../problem.ts";
import type { AlertmanagerModel } from "../kinds/alertmanager.ts";
import { defineCheck } from "./types.ts";

const MATCHER = /^\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(=~|=|!=|!~)\s*([\s\S]*?)\s*$/;

/** Alertmanager's ParseMatcher: undefined when valid, else its error. */
export function matcherError(s: string): string | undefined {
  const m = MATCHER.exec(s);
  if (m === null) return `bad matcher format: ${s}`;
  let raw = m[3]!;
  let expectTrailingQuote = false;
  if (raw.startsWith('"')) {
    raw = raw.slice(1);
    expectTrailingQuote = true;
  }
  let value = "";
  let escaped = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (escaped) {
      value += c === "n" ? "\n" : c === "\\" || c === '"' ? c : `\\${c}`;
      escaped = false;
      continue;
    }
    if (c === "\\") {
      if (i === raw.length - 1) value += c; // a trailing backslash stays
      else escaped = true;
      continue;
    }
    if (c === '"') {
      if (!expectTrailingQuote || i < raw.length - 1) return `matcher value contains unescaped double quote: ${m[3]}`;
      expectTrailingQuote = false;
      continue;
    }
    value += c;
  }
  if (expectTrailingQuote) return `matcher value contains unescaped double quote: ${m[3]}`;
  if (m[2] === "=~" || m[2] === "!~") return checkRegexp(value);
  return undefined;
}

/** ParseMatchers: an optional {...} around comma-separated matchers (commas in quotes stay). */
export function matchersError(line: string): string | undefined {
  let s = line.trim();
  if (s.startsWith("{") && s.endsWith("}")) s = s.slice(1, -1);
  const parts: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === "\\" && quoted) {
      cur += c + (s[i + 1] ?? "");
      i++;
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (c === "," && !quoted) {
      parts.push(cur);
      cur = "";
      continue;
    }
    cur += c;
  }
  if (cur.trim() !== "" || parts.length > 0) parts.push(cur);
  for (const p of parts) {
    if (p.trim() === "") continue;
    const err = matcherError(p);
    if (err !== undefined) return err;
  }
  return undefined;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export const alertmanagerMatchers = defineCheck<AlertmanagerModel>({
  name: "alertmanager/matchers",
  kind: "alertmanager",
  severity: "error",
  class: "bug",
  summary: "route or inhibit-rule matcher Alertmanager cannot parse",
  run(model) {
    const out: ValidationProblem[] = [];
    const check = (list: unknown, path: (string | number)[]) => {
      if (!Array.isArray(list)) return;
      list.forEach((m, i) => {
        if (typeof m !== "string") return;
        const err = matchersError(m);
        if (err !== undefined) out.push(problem(this.name, this.severity, model.file, err, { path: [...path, i], ...model.locate([...path, i]) }));
      });
    };
    const walk = (r: Record<string, unknown>, path: (string | number)[]) => {
      check(r.matchers, [...path, "matchers"]);
      const children = Array.isArray(r.routes) ? r.routes : [];
      children.forEach((c, i) => isObject(c) && walk(c, [...path, "routes", i]));
    };
    if (isObject(model.config.route)) walk(model.config.route, ["route"]);
    const inhibit = Array.isArray(model.config.inhibit_rules) ? model.config.inhibit_rules : [];
    inhibit.forEach((rule, i) => {
      if (!isObject(rule)) return;
      check(rule.source_matchers, ["inhibit_rules", i, "source_matchers"]);
      check(rule.target_matchers, ["inhibit_rules", i, "target_matchers"]);
    });
    return out;
  },
});
