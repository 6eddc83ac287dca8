// Problems found by `abwatch validate`: the model's Problem plus the address promtool prints
// (line and column, group, rule index and name), so every reporter can render the same data.
import type { Problem, Severity } from "../model/problem.ts";

export type { Severity };

export interface ValidationProblem extends Problem {
  /** 1-based line in the file, when the offending node is known. */
  line?: number;
  /** 1-based column in the file. */
  column?: number;
  /** Rule group name (rule files). */
  group?: string;
  /** 1-based rule index inside its group (rule files), as promtool numbers them. */
  rule?: number;
  /** The rule's alert or record name. */
  ruleName?: string;
}

/** Builds problems for one file; callers add the address they know. */
export function problem(
  check: string,
  severity: Severity,
  file: string,
  message: string,
  at: Partial<ValidationProblem> = {},
): ValidationProblem {
  const p: ValidationProblem = { check, severity, file, message };
  if (at.line !== undefined) {
    p.line = at.line;
    if (at.column !== undefined) p.column = at.column;
  }
  if (at.group !== undefined) p.group = at.group;
  if (at.rule !== undefined) p.rule = at.rule;
  if (at.ruleName !== undefined) p.ruleName = at.ruleName;
  if (at.path !== undefined && at.path.length > 0) p.path = at.path;
  return p;
}

/** Orders problems by file, then line and column, keeping the original order for ties. */
export function sortProblems(problems: readonly ValidationProblem[]): ValidationProblem[] {
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => {
      if (a.p.file !== b.p.file) return a.p.file < b.p.file ? -1 : 1;
      const la = a.p.line ?? 0;
      const lb = b.p.line ?? 0;
      if (la !== lb) return la - lb;
      const ca = a.p.column ?? 0;
      const cb = b.p.column ?? 0;
      if (ca !== cb) return ca - cb;
      return a.i - b.i;
    })
    .map(({ p }) => p);
}
