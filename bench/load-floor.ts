// The no-compile floor of the generate benchmark: everything `abwatch generate` does except compiling.
// It loads and validates the experiment files with abwatch's own loader (esbuild, zod), then writes
// the bytes generate would write (read from a pack, see pack.mjs), each hashed for the manifest as
// generate hashes it, into a staging directory renamed into place. Bundled by bench/generate.ts and
// run as `node load-floor.mjs EXPERIMENTS PACK OUT`, so no TypeScript loader is timed.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { loadExperiments } from "../src/load/index.ts";
import { sha256 } from "../src/write/manifest.ts";
import { unpack } from "./pack.mjs";

const [experiments, pack, out] = process.argv.slice(2) as [string, string, string];
const { experiments: loaded, problems } = await loadExperiments(experiments);
if (problems.some((p) => p.severity === "error") || loaded.length === 0) throw new Error(`the benchmark's experiments did not load: ${problems[0]?.message}`);
const staging = `${out}.tmp`;
const made = new Set<string>();
const hashes: Record<string, string> = {};
for (const { path, content } of unpack(readFileSync(pack))) {
  const file = join(staging, path);
  if (!made.has(dirname(file))) {
    mkdirSync(dirname(file), { recursive: true });
    made.add(dirname(file));
  }
  hashes[path] = sha256(content);
  writeFileSync(file, content);
}
renameSync(staging, out);
process.stdout.write(`${loaded.length} experiments, ${Object.keys(hashes).length} files\n`);
