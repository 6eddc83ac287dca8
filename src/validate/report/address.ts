// The address of a problem, outside in, as promtool prints it: line:column, then the rule group,
// rule index and name (or, for JSON and non-rule YAML, the field path).
import { formatPath } from "../../model/problem.ts";
import type { ValidationProblem } from "../problem.ts";

export function address(p: ValidationProblem): string {
  const parts: string[] = [];
  if (p.line !== undefined) parts.push(p.column !== undefined ? `${p.line}:${p.column}` : `${p.line}`);
  if (p.group !== undefined) {
    let g = `group ${JSON.stringify(p.group)}`;
    if (p.rule !== undefined) g += `, rule ${p.rule}, ${JSON.stringify(p.ruleName ?? "")}`;
    parts.push(g);
  } else if (p.path !== undefined && p.path.length > 0) {
    parts.push(formatPath(p.path));
  }
  return parts.join(": ");
}
