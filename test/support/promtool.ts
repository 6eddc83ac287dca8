// `promtool check rules` verdicts for many files, four processes at a time: the reference the
// differential tests compare abwatch with.
import { execFile } from "node:child_process";
import { runCli } from "./cli.ts";
import { tool } from "./tools.ts";

export interface PromtoolVerdict {
  valid: boolean;
  output: string;
}

/** promtool's verdict (exit code 0 or 1) for each file, keyed by `file`. */
export async function promtoolVerdicts(files: readonly { file: string; abs: string }[]): Promise<Map<string, PromtoolVerdict>> {
  const promtool = tool("promtool");
  const verdicts = new Map<string, PromtoolVerdict>();
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const f = files[next++]!;
      const r = await new Promise<{ code: number | null; output: string }>((done) => {
        execFile(promtool, ["check", "rules", f.abs], { timeout: 20_000, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
          const code = err === null ? 0 : typeof err.code === "number" ? err.code : null;
          done({ code, output: `${stdout}${stderr}` });
        });
      });
      if (r.code !== 0 && r.code !== 1) throw new Error(`promtool crashed or timed out on ${f.file}: ${r.output}`);
      verdicts.set(f.file, { valid: r.code === 0, output: r.output });
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return verdicts;
}

/** One finding of `abwatch validate --format json`. */
export interface JsonProblem {
  file: string;
  severity: "error" | "warning";
  check: string;
  message: string;
}

/**
 * promtool's verdict on each file and abwatch's findings on the whole folder, side by side. abwatch
 * runs synchronously while the promtool processes already started run beside it.
 */
export async function bothVerdicts(
  files: readonly { file: string; abs: string }[],
  folder: string,
): Promise<{ promtool: Map<string, PromtoolVerdict>; abwatch: JsonProblem[] }> {
  const pending = promtoolVerdicts(files);
  const run = runCli(["validate", "--format", "json", folder]);
  const promtool = await pending;
  if (run.code !== 0 && run.code !== 1) throw new Error(`abwatch validate exited ${run.code}: ${run.stderr}`);
  return { promtool, abwatch: JSON.parse(run.stdout) as JsonProblem[] };
}
