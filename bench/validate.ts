// `abwatch validate` on one rule file of 1,000 rules against `promtool check rules` on the same
// file, whole processes, measured in the same run. Target: at most 1.0x promtool.
import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { execFileSync } from "node:child_process";
import { fmtMs, fmtRatio, median, timeProcess, type Sample } from "./measure.ts";

const REPO = fileURLToPath(new URL("..", import.meta.url));
const RULES = 1000;
const RUNS = 7;

/** A realistic rule file: A/B-test recording rules and alerts with templates, 50 rules a group. */
export function ruleFile(rules: number): string {
  const lines = ["groups:"];
  for (let i = 0; i < rules; i++) {
    if (i % 50 === 0) lines.push(`  - name: experiment-${i / 50}`, "    interval: 30s", "    rules:");
    const exp = `exp-${Math.floor(i / 10)}`;
    switch (i % 5) {
      case 0:
        lines.push(
          `      - record: experiment_model:ab_test_requests:rate5m_${i}`,
          `        expr: sum by (experiment, model_name) (rate(ab_test_requests_total{experiment="${exp}"}[5m]))`,
        );
        break;
      case 1:
        lines.push(
          `      - record: experiment_model:ab_test_errors:ratio_rate5m_${i}`,
          "        expr: |",
          `          sum by (experiment, model_name) (rate(ab_test_requests_total{experiment="${exp}", status="error"}[5m]))`,
          `            / on (experiment, model_name) (sum by (experiment, model_name) (rate(ab_test_requests_total{experiment="${exp}"}[5m])) > 0)`,
        );
        break;
      case 2:
        lines.push(
          `      - record: experiment_model:ab_test_latency:p95_${i}`,
          `        expr: histogram_quantile(0.95, sum by (experiment, model_name, le) (rate(ab_test_response_time_seconds_bucket{experiment="${exp}"}[5m])))`,
          "        labels:",
          "          quantile: \"0.95\"",
        );
        break;
      case 3:
        lines.push(
          `      - alert: HighErrorRate${i}`,
          `        expr: experiment_model:ab_test_errors:ratio_rate5m_${i - 2} > 0.05 and on (experiment, model_name) experiment_model:ab_test_requests:rate5m_${i - 3} > 0.05`,
          "        for: 2m",
          "        labels:",
          "          severity: critical",
          "        annotations:",
          "          summary: Model error rate above 5%",
          '          description: "{{ $labels.model_name }} in {{ $labels.experiment }} fails {{ $value | humanizePercentage }} of requests"',
          `          runbook_url: https://runbooks.example.com/${exp}/HighErrorRate`,
        );
        break;
      default:
        lines.push(
          `      - alert: HighResponseTime${i}`,
          `        expr: experiment_model:ab_test_latency:p95_${i - 2} > 0.2`,
          "        for: 3m",
          "        labels:",
          "          severity: warning",
          "        annotations:",
          "          summary: Model p95 latency above 200 ms",
          '          description: "p95 latency of {{ $labels.model_name }} is {{ $value | humanizeDuration }}"',
          `          runbook_url: https://runbooks.example.com/${exp}/HighResponseTime`,
        );
    }
  }
  return `${lines.join("\n")}\n`;
}

export async function benchValidate(): Promise<string> {
  const dir = join(tmpdir(), `abwatch-bench-validate-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "rules.yml");
  writeFileSync(file, ruleFile(RULES));
  const promtool = execFileSync("sh", ["-c", "command -v promtool"], { encoding: "utf8" }).trim();
  const version = execFileSync(promtool, ["--version"], { encoding: "utf8" }).split("\n")[0]!.replace(/^promtool, version (\S+).*$/, "$1");
  const bin = join(REPO, "bin/abwatch.js");

  const sides: Record<"promtool" | "cli", () => Sample> = {
    promtool: () => timeProcess(promtool, ["check", "rules", file], { cwd: REPO }),
    cli: () => timeProcess(process.execPath, [bin, "validate", file], { cwd: REPO }),
  };
  // Both must accept the file, or the comparison means nothing.
  const found = execFileSync(promtool, ["check", "rules", file], { encoding: "utf8" });
  if (!found.includes(`${RULES} rules found`)) throw new Error(`promtool did not find ${RULES} rules: ${found}`);
  const ours = execFileSync(process.execPath, [bin, "validate", file], { cwd: REPO, encoding: "utf8" });
  if (!/0 errors/.test(ours)) throw new Error(`abwatch did not accept the benchmark file: ${ours}`);

  for (const run of Object.values(sides)) run(); // warm-up: file cache, the CLI's bundle cache
  const ms: Record<keyof typeof sides, number[]> = { promtool: [], cli: [] };
  for (let i = 0; i < RUNS; i++) for (const [k, run] of Object.entries(sides) as [keyof typeof sides, () => Sample][]) ms[k].push(run().ms);
  const p = median(ms.promtool);
  const cli = median(ms.cli);

  return [
    "## validate vs promtool",
    "",
    `\`abwatch validate\` and \`promtool check rules\` (${version}) on one rule file of ${RULES.toLocaleString("en")} rules`,
    "(recording rules and alerts with templates, 20 groups), whole-process wall time including Node startup,",
    `median of ${RUNS} interleaved runs after a warm-up. Target: at most 1.0x.`,
    "",
    "| command | wall time | ratio vs promtool |",
    "|---|---:|---:|",
    `| \`promtool check rules\` | ${fmtMs(p)} | 1.00x |`,
    `| \`node bin/abwatch.js validate\` | ${fmtMs(cli)} | **${fmtRatio(cli / p)}** |`,
    "",
  ].join("\n");
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(await benchValidate());
}
