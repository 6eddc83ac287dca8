// --format junit: a JUnit XML report for CI test views. One testcase per file; each error is a
// <failure>, warnings go to the testcase's <system-out>.
import type { ValidationResult } from "../index.ts";
import { address } from "./address.ts";

function xml(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

export function renderJunit(result: ValidationResult): string {
  const failures = result.files.filter((f) => f.problems.some((p) => p.severity === "error")).length;
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="abwatch validate" tests="${result.files.length}" failures="${failures}" errors="0">`,
    `  <testsuite name="abwatch validate" tests="${result.files.length}" failures="${failures}" errors="0" skipped="0">`,
  ];
  for (const f of result.files) {
    const errors = f.problems.filter((p) => p.severity === "error");
    const warnings = f.problems.filter((p) => p.severity === "warning");
    out.push(`    <testcase classname="${xml(f.kind)}" name="${xml(f.file)}">`);
    for (const p of errors) {
      const where = address(p);
      out.push(`      <failure type="${xml(p.check)}" message="${xml(p.message)}">${xml(`${f.file}: ${where === "" ? "" : `${where}: `}${p.message} (${p.check})`)}</failure>`);
    }
    if (warnings.length > 0) {
      const text = warnings.map((p) => `${address(p)}: warning: ${p.message} (${p.check})`).join("\n");
      out.push(`      <system-out>${xml(text)}</system-out>`);
    }
    out.push("    </testcase>");
  }
  out.push("  </testsuite>", "</testsuites>");
  return `${out.join("\n")}\n`;
}
