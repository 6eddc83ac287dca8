// --format json: the problems as an array, every field a reporter could need.
import type { ValidationResult } from "../index.ts";

export function renderJson(result: ValidationResult): string {
  const problems = result.problems.map((p) => ({
    file: p.file,
    severity: p.severity,
    check: p.check,
    message: p.message,
    ...(p.line === undefined ? {} : { line: p.line }),
    ...(p.column === undefined ? {} : { column: p.column }),
    ...(p.group === undefined ? {} : { group: p.group }),
    ...(p.rule === undefined ? {} : { rule: p.rule, ruleName: p.ruleName ?? "" }),
    ...(p.path === undefined ? {} : { path: p.path.map((k) => (typeof k === "number" ? k : String(k))) }),
  }));
  return `${JSON.stringify(problems, null, 2)}\n`;
}
