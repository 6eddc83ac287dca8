// --format github: workflow commands that GitHub Actions turns into pull-request annotations,
//   ::error file=rules.yml,line=5,col=11,title=promql/syntax::group "g", rule 1, "a": ...
import type { ValidationResult } from "../index.ts";
import { address } from "./address.ts";

/** Escaping of workflow-command data (the message). */
function data(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Escaping of workflow-command properties (file, title). */
function property(s: string): string {
  return data(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

export function renderGithub(result: ValidationResult): string {
  const lines = result.problems.map((p) => {
    const props = [`file=${property(p.file)}`];
    if (p.line !== undefined) props.push(`line=${p.line}`);
    if (p.column !== undefined) props.push(`col=${p.column}`);
    props.push(`title=${property(p.check)}`);
    const where = p.group !== undefined || p.path !== undefined ? address({ ...p, line: undefined, column: undefined }) : "";
    return `::${p.severity === "warning" ? "warning" : "error"} ${props.join(",")}::${data(`${where === "" ? "" : `${where}: `}${p.message}`)}`;
  });
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}
