// The no-compile floor of the generate benchmark: everything `abwatch generate` does except compiling.
// It loads and validates the experiment files with abwatch's own loader (esbuild, zod), then writes
// the bytes generate would write (read from a pack, see floor.mjs), each hashed for the manifest as
// generate hashes it, into a staging directory renamed into place. Bundled by bench/generate.ts and
// run as `node load-floor.mjs EXPERIMENTS PACK OUT`, so no TypeScript loader is timed.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { loadExperiments } from "../src/load/index.ts";

const [experiments, pack, out] = process.argv.slice(2) as [string, string, string];
const { experiments: loaded, problems } = await loadExperiments(experiments);
if (problems.some((p) => p.severity === "error") || loaded.length === 0) throw new Error(`the benchmark's experiments did not load: ${problems[0]?.message}`);
const staging = `${out}.tmp`;
const buf = readFileSync(pack);
const made = new Set<string>();
const hashes: Record<string, string> = {};
for (let at = 0; at < buf.length; ) {
  const pathLen = buf.readUInt32LE(at);
  const contentLen = buf.readUInt32LE(at + 4);
  const path = buf.toString("utf8", at + 8, at + 8 + pathLen);
  const start = at + 8 + pathLen;
  const content = buf.subarray(start, start + contentLen);
  const file = join(staging, path);
  if (!made.has(dirname(file))) {
    mkdirSync(dirname(file), { recursive: true });
    made.add(dirname(file));
  }
  hashes[path] = createHash("sha256").update(content).digest("hex");
  writeFileSync(file, content);
  at = start + contentLen;
}
renameSync(staging, out);
process.stdout.write(`${loaded.length} experiments, ${Object.keys(hashes).length} files\n`);
