#!/usr/bin/env node
// Installed from npm, the package ships no sources: this runs the built JavaScript in dist/.
// In a checkout of the repository it runs the TypeScript sources without a build step: the CLI is
// bundled with esbuild into node_modules/.cache/abwatch/ and bundled again whenever a source file
// changes; plain node then runs the bundle, which starts several times faster than a TypeScript
// loader hook. The bundle is split at dynamic imports, so a command loads only what it uses.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const src = join(root, "src");
const entry = join(src, "cli", "index.ts");

/** A key that changes whenever any source file (or the toolchain) changes. */
function sourceKey() {
  const hash = createHash("sha256").update(process.version);
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else {
        const s = statSync(full);
        hash.update(`${relative(src, full)}\0${s.size}\0${s.mtimeMs}\n`);
      }
    }
  };
  walk(src);
  hash.update(String(statSync(join(root, "package-lock.json"), { throwIfNoEntry: false })?.mtimeMs));
  return hash.digest("hex").slice(0, 16);
}

/** Keeps `import.meta.url` meaning the original source file inside the bundle. */
const keepImportMetaUrl = {
  name: "keep-import-meta-url",
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => ({
      contents: readFileSync(args.path, "utf8").replaceAll("import.meta.url", JSON.stringify(pathToFileURL(args.path).href)),
      loader: "ts",
    }));
  },
};

async function bundled() {
  const cacheDir = join(root, "node_modules", ".cache", "abwatch");
  const key = sourceKey();
  const dir = join(cacheDir, `cli-${key}`);
  const entryFile = join(dir, "index.js");
  if (statSync(entryFile, { throwIfNoEntry: false })) return entryFile;
  const { build } = await import("esbuild");
  // Built beside, then renamed: parallel runs never import a half-written bundle.
  const staging = join(cacheDir, `staging-${key}-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  await build({
    entryPoints: { index: entry },
    outdir: staging,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    logLevel: "silent",
    plugins: [keepImportMetaUrl],
  });
  mkdirSync(cacheDir, { recursive: true });
  for (const old of readdirSync(cacheDir)) if (old.startsWith("cli-")) rmSync(join(cacheDir, old), { recursive: true, force: true });
  try {
    renameSync(staging, dir);
  } catch {
    rmSync(staging, { recursive: true, force: true }); // another run got there first
  }
  return entryFile;
}

async function fromSources() {
  let cli;
  try {
    cli = await bundled();
  } catch {
    cli = undefined; // read-only checkout or a source that does not bundle: fall back to tsx
  }
  if (cli !== undefined) {
    await import(pathToFileURL(cli).href);
  } else {
    const { register } = await import("tsx/esm/api");
    register();
    await import(pathToFileURL(entry).href);
  }
}

const built = join(root, "dist", "cli", "index.js");
if (existsSync(entry)) await fromSources();
else if (existsSync(built)) await import(pathToFileURL(built).href);
else {
  process.stderr.write(`abwatch: ${root} holds neither src/ nor dist/: the package was not built (npm run build)\n`);
  process.exitCode = 2;
}
