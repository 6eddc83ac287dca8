// The Alertmanager routing tree as Alertmanager walks it, to say which receiver an alert reaches.
// Written here because no maintained npm package reads Alertmanager's matchers or routes; it follows
// Alertmanager 0.25 (config/config.go, dispatch/route.go, pkg/labels/parse.go): matchers are
// `name op value` with op =, !=, =~, !~, optionally braced and comma-separated, values quoted or
// bare; regular expressions are anchored; a missing label matches as ""; the first matching child
// route wins unless it says `continue`; a route without a receiver inherits its parent's.
// RE2 syntax is read with JavaScript's RegExp: the two agree on the patterns routes use (literals,
// alternations, classes); one RegExp cannot compile never matches. test/diff/routing.test.ts.
import type { LabelMatcher, MatchOp, RouteNode } from "./snapshot.ts";

const NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;

export class MatcherSyntaxError extends Error {}

/** Parses one `matchers:` entry: `a="b"`, `a=~"x|y"`, `{a="b", c!=d}`. */
export function parseMatchers(text: string): LabelMatcher[] {
  let s = text.trim();
  if (s.startsWith("{")) {
    if (!s.endsWith("}")) throw new MatcherSyntaxError(`missing closing "}" in ${JSON.stringify(text)}`);
    s = s.slice(1, -1);
  }
  const out: LabelMatcher[] = [];
  let i = 0;
  const skipSpace = () => {
    while (i < s.length && /\s/.test(s[i]!)) i++;
  };
  // Each iteration consumes at least a name and an operator, so it ends.
  while (true) {
    skipSpace();
    if (i >= s.length) break;
    const name = NAME.exec(s.slice(i))?.[0];
    if (name === undefined) throw new MatcherSyntaxError(`expected a label name at ${JSON.stringify(s.slice(i))}`);
    i += name.length;
    skipSpace();
    const op = (["=~", "!~", "!=", "="] as const).find((o) => s.startsWith(o, i));
    if (op === undefined) throw new MatcherSyntaxError(`expected =, !=, =~ or !~ after ${JSON.stringify(name)}`);
    i += op.length;
    skipSpace();
    let value = "";
    if (s[i] === '"') {
      i++;
      while (i < s.length && s[i] !== '"') {
        if (s[i] === "\\" && i + 1 < s.length) {
          const next = s[i + 1]!;
          value += next === "n" ? "\n" : next === "t" ? "\t" : next;
          i += 2;
        } else value += s[i++];
      }
      if (s[i] !== '"') throw new MatcherSyntaxError(`unterminated quoted value in ${JSON.stringify(text)}`);
      i++;
    } else {
      const end = s.indexOf(",", i);
      value = s.slice(i, end === -1 ? s.length : end).trim();
      i = end === -1 ? s.length : end;
    }
    out.push({ name, op, value });
    skipSpace();
    if (s[i] === ",") i++;
    else if (i < s.length) throw new MatcherSyntaxError(`expected "," at ${JSON.stringify(s.slice(i))}`);
  }
  return out;
}

export function formatMatcher(m: LabelMatcher): string {
  return `${m.name}${m.op}${JSON.stringify(m.value)}`;
}

function regexMatches(pattern: string, value: string): boolean {
  try {
    return new RegExp(`^(?:${pattern})$`, "u").test(value);
  } catch {
    return false;
  }
}

export function matches(m: LabelMatcher, labels: Readonly<Record<string, string>>): boolean {
  const value = labels[m.name] ?? "";
  const ops: Record<MatchOp, () => boolean> = {
    "=": () => value === m.value,
    "!=": () => value !== m.value,
    "=~": () => regexMatches(m.value, value),
    "!~": () => !regexMatches(m.value, value),
  };
  return ops[m.op]();
}

/**
 * The receivers an alert with these labels is sent to, in order (more than one when a matching
 * route says `continue`). The root route always matches.
 */
export function receiversFor(root: RouteNode, labels: Readonly<Record<string, string>>): string[] {
  const walk = (node: RouteNode, inherited: string | undefined, depth: number): string[] => {
    const receiver = node.receiver ?? inherited;
    if (depth > 100) return receiver === undefined ? [] : [receiver]; // deeper than any real tree
    const out: string[] = [];
    for (const child of node.routes) {
      if (!child.matchers.every((m) => matches(m, labels))) continue;
      out.push(...walk(child, receiver, depth + 1));
      if (!child.continue) break;
    }
    if (out.length > 0) return out;
    return receiver === undefined ? [] : [receiver];
  };
  return [...new Set(walk(root, undefined, 0))];
}

export interface FlatRoute {
  /** `(root)`, or the matchers from the root down, e.g. `experiment="x" › severity="critical"`. */
  path: string;
  node: RouteNode;
}

/** Every route, parents before children; paths repeated in one tree get `#2`, `#3`. */
export function flattenRoutes(root: RouteNode): FlatRoute[] {
  const out: FlatRoute[] = [];
  const seen = new Map<string, number>();
  const walk = (node: RouteNode, prefix: string[], depth: number) => {
    if (depth > 100) return;
    const own = node.matchers.length === 0 ? "(any)" : node.matchers.map(formatMatcher).join(", ");
    const parts = depth === 0 ? [] : [...prefix, own];
    let path = depth === 0 ? "(root)" : parts.join(" › ");
    const n = (seen.get(path) ?? 0) + 1;
    seen.set(path, n);
    if (n > 1) path = `${path} #${n}`;
    out.push({ path, node });
    for (const child of node.routes) walk(child, parts, depth + 1);
  };
  walk(root, [], 0);
  return out;
}
