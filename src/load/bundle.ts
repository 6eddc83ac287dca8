// Loads experiment files written in TypeScript without a build step. One esbuild bundle holds all
// files, each behind its own lazy initialiser inside a try/catch, so a file that throws on import
// is reported without stopping the others, and 1000 files cost one bundle and one evaluation.
import { build, type Message } from "esbuild";
import { USER_CODE_BUILD } from "./user-code.ts";
import { createRequire } from "node:module";
import { join } from "node:path";
import vm from "node:vm";
import * as publicApi from "../model/define.ts";

export type Evaluated =
  | { file: string; ok: true; exports: Record<string, unknown> }
  | { file: string; ok: false; error: unknown };

export interface CompileError {
  /** The entry file the error is attributed to. */
  file: string;
  /** esbuild's message, with the location of the error (possibly inside a helper file). */
  message: Message;
}

function entrySource(files: readonly string[]): string {
  const lines = ["const results = [];", "module.exports = results;"];
  files.forEach((f, i) => {
    const spec = JSON.stringify(f);
    lines.push(`try { results.push({ i: ${i}, ok: true, exports: require(${spec}) }); }`);
    lines.push(`catch (error) { results.push({ i: ${i}, ok: false, error }); }`);
  });
  return lines.join("\n");
}


async function bundle(files: readonly string[], cwd: string): Promise<string> {
  const result = await build({
    ...USER_CODE_BUILD,
    stdin: { contents: entrySource(files), resolveDir: cwd, loader: "js", sourcefile: "abwatch-experiments.js" },
    absWorkingDir: cwd,
  });
  return result.outputFiles[0]!.text;
}

function isBuildFailure(e: unknown): e is { errors: Message[] } {
  return typeof e === "object" && e !== null && Array.isArray((e as { errors?: unknown }).errors);
}

/**
 * Bundles the files, leaving out those that do not compile. A syntax error in an entry file is
 * pinned on it directly; one in a shared helper is pinned by building the entries one by one.
 */
async function bundleWhatCompiles(
  files: readonly string[],
  cwd: string,
): Promise<{ code: string; included: string[]; errors: CompileError[] }> {
  const errors: CompileError[] = [];
  let included = [...files];
  // Each failed attempt drops at least one file, so this ends.
  for (let attempt = 0; attempt <= files.length && included.length > 0; attempt++) {
    try {
      return { code: await bundle(included, cwd), included, errors };
    } catch (e) {
      if (!isBuildFailure(e)) throw e;
      const byEntry = new Set(included);
      const failing = new Set<string>();
      let unattributed = false;
      for (const m of e.errors) {
        const where = m.location ? join(cwd, m.location.file) : undefined;
        if (where !== undefined && byEntry.has(where)) {
          failing.add(where);
          errors.push({ file: where, message: m });
        } else unattributed = true;
      }
      if (!unattributed) {
        included = included.filter((f) => !failing.has(f));
        continue;
      }
      // The error sits in a file that is not an entry (a shared helper): find the entries that reach it.
      const ok: string[] = [];
      for (const f of included) {
        if (failing.has(f)) continue;
        try {
          await bundle([f], cwd);
          ok.push(f);
        } catch (solo) {
          if (!isBuildFailure(solo)) throw solo;
          for (const m of solo.errors) errors.push({ file: f, message: m });
        }
      }
      if (ok.length === included.length) throw new Error("esbuild failed on the experiments together but on none alone");
      included = ok;
    }
  }
  return { code: "", included: [], errors };
}

/** Compiles and evaluates every file (absolute paths); returns each file's exports or the error it threw. */
export async function evaluateFiles(
  files: readonly string[],
  cwd: string,
): Promise<{ evaluated: Evaluated[]; compileErrors: CompileError[] }> {
  const { code, included, errors } = await bundleWhatCompiles(files, cwd);
  if (included.length === 0) return { evaluated: [], compileErrors: errors };
  const module = { exports: [] as { i: number; ok: boolean; exports?: unknown; error?: unknown }[] };
  const nodeRequire = createRequire(join(cwd, "abwatch-experiments.js"));
  const req = Object.assign((id: string) => (id === "abwatch" ? publicApi : nodeRequire(id)), nodeRequire);
  const fn = vm.runInThisContext(`(function (require, module, exports, __filename, __dirname) {\n${code}\n})`, {
    filename: "abwatch-experiments.js",
  }) as (...args: unknown[]) => void;
  fn(req, module, module.exports, join(cwd, "abwatch-experiments.js"), cwd);
  const evaluated: Evaluated[] = module.exports.map((r) =>
    r.ok
      ? { file: included[r.i]!, ok: true as const, exports: r.exports as Record<string, unknown> }
      : { file: included[r.i]!, ok: false as const, error: r.error },
  );
  return { evaluated, compileErrors: errors };
}
