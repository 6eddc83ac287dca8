// `npm run bench`: runs every benchmark and writes BENCHMARKS.md. Targets live here, as ratios
// against baselines measured in the same run, never in timed unit tests.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { benchCalibration } from "./calibration/index.ts";
import { benchExporter } from "./exporter.ts";
import { benchGenerate } from "./generate.ts";
import { machine } from "./measure.ts";
import { benchRules } from "./rules.ts";
import { benchSequential } from "./sequential.ts";
import { benchValidate } from "./validate.ts";
import { benchVerify } from "./verify.ts";

const sections: string[] = [];
const only = process.argv.slice(2);
const want = (name: string) => only.length === 0 || only.includes(name);

if (want("generate")) sections.push(await benchGenerate());
if (want("validate")) sections.push(await benchValidate());
if (want("rules")) sections.push(await benchRules());
if (want("exporter")) sections.push(await benchExporter());
if (want("verify")) sections.push(await benchVerify());
if (want("sequential")) sections.push(await benchSequential());
if (want("calibration")) sections.push(await benchCalibration());

// `npm run bench -- rules` re-runs one section and keeps the others of the last full run.
const file = fileURLToPath(new URL("../BENCHMARKS.md", import.meta.url));
const previous = existsSync(file) ? readFileSync(file, "utf8").split(/^(?=## )/m).slice(1) : [];
const title = (section: string) => section.split("\n")[0];
const merged = previous.map((old) => sections.find((s) => title(s) === title(old)) ?? old);
for (const s of sections) if (!merged.some((m) => title(m) === title(s))) merged.push(s);

const doc = [
  "# Benchmarks",
  "",
  `Written by \`npm run bench\` on ${machine()}. Every ratio compares two measurements taken in the`,
  "same run on the same machine; absolute times vary between machines, ratios much less.",
  "",
  ...merged.map((s) => s.trimEnd() + "\n"),
].join("\n");
writeFileSync(file, doc);
process.stdout.write(doc);
