#!/usr/bin/env node
// Builds what the npm package ships: dist/ holds the JavaScript and .d.ts files tsc emits from
// src/ (relative `.ts` imports rewritten to `.js`), plus the other files the code reads beside
// itself at run time (vendored JSON schemas with their licences, the precompiled rule validator),
// validate's one-script bundle in dist/bundle/ and the other commands' bundle in dist/bundle/cli/.
// Run by `npm run build` and by `npm pack` (prepack). The in-repo CLI does not need it:
// bin/abwatch.js runs the sources directly.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const src = join(root, "src");
const dist = join(root, "dist");

function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.isFile() ? [join(dir, e.name)] : [],
  );
}

rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const run = spawnSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json")], { stdio: "inherit" });
if (run.status !== 0) {
  rmSync(dist, { recursive: true, force: true });
  process.exitCode = run.status ?? 1;
} else {
  // Assets: every file tsc does not handle (the vendored schemas keep their README and licences).
  for (const f of files(src)) {
    if (f.endsWith(".ts")) continue;
    const to = join(dist, relative(src, f));
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(f, to);
  }
  // tsc rewrites `.ts` import paths in JavaScript but keeps them in declaration files; TypeScript
  // before 5.0 and other tools expect the `.js` the JavaScript actually has.
  const tsImport = /((?:from|import)\s*\(?\s*["'])(\.\.?\/[^"']+)\.ts(["'])/g;
  for (const f of files(dist)) {
    if (!f.endsWith(".d.ts")) continue;
    const text = readFileSync(f, "utf8");
    const rewritten = text.replace(tsImport, "$1$2.js$3");
    if (rewritten !== text) writeFileSync(f, rewritten);
  }
  // validate's one-script bundle, which bin/abwatch.js runs for `abwatch validate` (start-up is
  // most of a validate run in CI), built as a checkout builds it.
  const { build } = await import("esbuild");
  const { buildCli, buildValidate, distImportMetaUrl, distValidators } = await import("../bin/bundle.mjs");
  const bundle = join(dist, "bundle");
  await buildValidate(build, root, bundle);
  // The other commands' bundle, as a checkout runs them (generate's start-up and worker thread).
  const cli = join(bundle, "cli");
  await buildCli(build, root, cli, [distImportMetaUrl(root, cli), distValidators(root, cli)]);
  // A source path baked into the bundle would point into this build machine.
  for (const f of files(bundle)) {
    if (readFileSync(f, "utf8").includes(pathToFileURL(root).href)) throw new Error(`${f} refers to ${root}: the bundle would not run elsewhere`);
  }
}
