// Default output: one promtool-like line per problem, then a summary.
//   rules.yml: 5:11: group "g", rule 1, "a": could not parse expression: ... (promql/syntax)
import type { ValidationResult } from "../index.ts";
import { address } from "./address.ts";

export function renderText(result: ValidationResult): string {
  const lines: string[] = [];
  for (const p of result.problems) {
    const where = address(p);
    const prefix = p.severity === "warning" ? "warning: " : "";
    lines.push(`${p.file}: ${where === "" ? "" : `${where}: `}${prefix}${p.message} (${p.check})`);
  }
  const n = result.files.length;
  const plural = (k: number, word: string) => `${k} ${word}${k === 1 ? "" : "s"}`;
  const verdict = result.errors > 0 ? "FAILED" : "ok";
  lines.push(`${verdict}: ${plural(n, "file")} checked, ${plural(result.errors, "error")}, ${plural(result.warnings, "warning")}`);
  return `${lines.join("\n")}\n`;
}
