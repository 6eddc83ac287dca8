// `npm run bench`: runs every benchmark and writes BENCHMARKS.md. Targets live here, as ratios
// against baselines measured in the same run, never in timed unit tests.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { benchGenerate } from "./generate.ts";
import { machine } from "./measure.ts";
import { benchRules } from "./rules.ts";
import { benchValidate } from "./validate.ts";

const sections: string[] = [];
const only = process.argv.slice(2);
const want = (name: string) => only.length === 0 || only.includes(name);

if (want("generate")) sections.push(await benchGenerate());
if (want("validate")) sections.push(await benchValidate());
if (want("rules")) sections.push(await benchRules());

const doc = [
  "# Benchmarks",
  "",
  `Written by \`npm run bench\` on ${machine()}. Every ratio compares two measurements taken in the`,
  "same run on the same machine; absolute times vary between machines, ratios much less.",
  "",
  ...sections,
].join("\n");
writeFileSync(fileURLToPath(new URL("../BENCHMARKS.md", import.meta.url)), doc);
process.stdout.write(doc);
