#!/usr/bin/env node
// Installed from npm, the package ships no sources: this runs the bundles built into dist/bundle/
// (`abwatch validate` its one-script bundle, validate.cjs, as below; every other command cli/).
// In a checkout of the repository it runs the TypeScript sources without a build step: the CLI is
// bundled with esbuild into node_modules/.cache/abwatch/ and bundled again whenever a source file
// changes; plain node then runs the bundle, which starts several times faster than a TypeScript
// loader hook. The bundle is split at dynamic imports, so a command loads only what it uses.
// `abwatch validate` runs in every CI job: it gets its own bundle, one CommonJS script with its
// dependencies, compiled with a V8 code cache kept beside it (see runValidate below). bin/bundle.mjs
// says how the bundles are built.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import vm from "node:vm";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const src = join(root, "src");
const entry = join(src, "cli", "index.ts");
const workerEntry = join(src, "cli", "emit-worker.ts");
/** How the CLI's bundles are built (only in a checkout: the package ships dist/ instead). */
const BUNDLE_SCRIPT = join(root, "bin", "bundle.mjs");

/**
 * A key that changes whenever any source file (or the toolchain) changes. Two 32-bit FNV-1a
 * hashes rather than node:crypto, whose loading alone cost more than the walk: this is a cache
 * key, not a security boundary.
 */
function sourceKey() {
  let text = process.version;
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else {
        const s = statSync(full);
        text += `${relative(src, full)}\0${s.size}\0${s.mtimeMs}\n`;
      }
    }
  };
  walk(src);
  text += String(statSync(join(root, "package-lock.json"), { throwIfNoEntry: false })?.mtimeMs);
  text += String(statSync(fileURLToPath(import.meta.url)).mtimeMs); // these two files say how to bundle
  text += String(statSync(BUNDLE_SCRIPT).mtimeMs);
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  return (a >>> 0).toString(16).padStart(8, "0") + (b >>> 0).toString(16).padStart(8, "0");
}

async function bundled() {
  const cacheDir = join(root, "node_modules", ".cache", "abwatch");
  const key = sourceKey();
  const dir = join(cacheDir, `cli-${key}`);
  const entryFile = join(dir, "index.js");
  if (statSync(entryFile, { throwIfNoEntry: false })) return entryFile;
  const { build } = await import("esbuild");
  const { buildCli, buildValidate, keepImportMetaUrl } = await import("./bundle.mjs");
  // Built beside, then renamed: parallel runs never import a half-written bundle.
  const staging = join(cacheDir, `staging-${key}-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  await buildCli(build, root, staging, [keepImportMetaUrl]);
  const validateBuild = await buildValidate(build, root, staging);
  writeFileSync(join(staging, "validate.deps.json"), JSON.stringify(validateDeps(Object.keys(validateBuild.metafile.inputs))));
  mkdirSync(cacheDir, { recursive: true });
  for (const old of readdirSync(cacheDir)) if (old.startsWith("cli-")) rmSync(join(cacheDir, old), { recursive: true, force: true });
  try {
    renameSync(staging, dir);
  } catch {
    rmSync(staging, { recursive: true, force: true }); // another run got there first
  }
  try {
    const pointer = join(cacheDir, `validate-current.${process.pid}`);
    writeFileSync(pointer, dir);
    renameSync(pointer, join(cacheDir, "validate-current"));
  } catch {
    // the next run walks the sources again
  }
  return entryFile;
}

/**
 * What the validate bundle was built from: its own input files (outside node_modules), the lock
 * file and this script, each with its size and mtime, and the Node version. Checking these is
 * enough to know the bundle is current (a new source file matters only once an input imports it),
 * and much cheaper than sourceKey's walk over every source: validate's start-up is its budget.
 */
function validateDeps(inputs) {
  const files = [...inputs.filter((f) => !f.startsWith("node_modules/") && !f.includes(":")).map((f) => join(root, f)), join(root, "package-lock.json"), fileURLToPath(import.meta.url), BUNDLE_SCRIPT];
  return { node: process.version, files: files.map((f) => [f, statSync(f).size, statSync(f).mtimeMs]) };
}

/** The validate bundle of the last build if nothing it was built from changed since. */
function currentValidateBundle() {
  try {
    const cacheDir = join(root, "node_modules", ".cache", "abwatch");
    const dir = readFileSync(join(cacheDir, "validate-current"), "utf8");
    const deps = JSON.parse(readFileSync(join(dir, "validate.deps.json"), "utf8"));
    if (deps.node !== process.version) return undefined;
    for (const [f, size, mtimeMs] of deps.files) {
      const s = statSync(f, { throwIfNoEntry: false });
      if (s === undefined || s.size !== size || s.mtimeMs !== mtimeMs) return undefined;
    }
    return join(dir, "validate.cjs");
  } catch {
    return undefined;
  }
}

// generate starts worker threads from this same script: they run the worker entry instead.
const { isMainThread, workerData } = await import("node:worker_threads");
const asWorker = !isMainThread && workerData?.abwatch === "emit-worker";
const asValidateWorker = !isMainThread && workerData?.abwatch === "validate-worker";
globalThis.abwatchWorkerScript = fileURLToPath(import.meta.url);

/**
 * Loads the validate bundle as a CommonJS function compiled with a V8 code cache: compiling the
 * bundle and resolving modules was most of validate's start-up. The main thread writes the cache
 * after a run (so it holds the functions that ran compiled): after the first, after one whose
 * cache V8 rejected, and after one that worked much harder than the run that wrote it, since a
 * cache made by validating an empty file lacks the parsers a large file needs (the CPU time of the
 * run that wrote it is kept beside it). A large run also starts the bundle in a worker thread to
 * parse half of its files.
 */
function loadValidate(file) {
  const cacheFile = `${file}.v8cache`;
  let cachedData;
  let cachedCpu = 0;
  try {
    cachedData = readFileSync(cacheFile);
    cachedCpu = Number(readFileSync(`${cacheFile}.cpu`, "utf8")) || 0;
  } catch {
    // no cache yet (or no record of its run: it counts as a light one)
  }
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${readFileSync(file, "utf8")}\n})`, { filename: file, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  const saveCache = (cpuMs) => {
    if (cachedData !== undefined && script.cachedDataRejected !== true && cpuMs < 2 * cachedCpu + 20) return;
    try {
      for (const [to, data] of [[cacheFile, script.createCachedData()], [`${cacheFile}.cpu`, String(Math.round(cpuMs))]]) {
        const staging = `${to}.${process.pid}`;
        writeFileSync(staging, data);
        renameSync(staging, to);
      }
    } catch {
      // a read-only checkout or package runs without the cache
    }
  };
  return { exports: module.exports, saveCache };
}

async function runValidate(file) {
  const { exports, saveCache } = loadValidate(file);
  const worker = { script: fileURLToPath(import.meta.url), data: { abwatch: "validate-worker", bundle: file } };
  const cpu = process.cpuUsage();
  await exports.run(process.argv.slice(2), worker);
  const used = process.cpuUsage(cpu);
  saveCache((used.user + used.system) / 1000);
}

async function fromSources() {
  let cli;
  try {
    cli = await bundled();
  } catch {
    cli = undefined; // read-only checkout or a source that does not bundle: fall back to tsx
  }
  if (cli !== undefined && isMainThread && process.argv[2] === "validate") {
    await runValidate(join(dirname(cli), "validate.cjs"));
  } else if (cli !== undefined) {
    await import(pathToFileURL(asWorker ? join(dirname(cli), "emit-worker.js") : cli).href);
  } else {
    const { register } = await import("tsx/esm/api");
    register();
    await import(pathToFileURL(asWorker ? workerEntry : entry).href);
  }
}

// The package's CLI bundle (dist/bundle/cli/), or tsc's output in a package built without it.
const builtBundle = join(root, "dist", "bundle", "cli", asWorker ? "emit-worker.js" : "index.js");
const built = existsSync(builtBundle) ? builtBundle : join(root, "dist", "cli", asWorker ? "emit-worker.js" : "index.js");
const builtValidate = join(root, "dist", "bundle", "validate.cjs");
const validating = isMainThread && process.argv[2] === "validate";
const validateBundle = !validating ? undefined : existsSync(entry) ? currentValidateBundle() : existsSync(builtValidate) ? builtValidate : undefined;
if (asValidateWorker) await loadValidate(workerData.bundle).exports.worker();
else if (validateBundle !== undefined) await runValidate(validateBundle);
else if (existsSync(entry)) await fromSources();
else if (existsSync(built)) await import(pathToFileURL(built).href);
else {
  process.stderr.write(`abwatch: ${root} holds neither src/ nor dist/: the package was not built (npm run build)\n`);
  process.exitCode = 2;
}
