// How abwatch's command-line bundles are built with esbuild. bin/abwatch.js builds them from the
// sources in a checkout (into node_modules/.cache/abwatch/), and scripts/build.mjs builds
// validate's into dist/bundle/ for the npm package, so installed and checkout runs of
// `abwatch validate` start the same way. Not shipped: an installed package only runs what was built.
import { readFileSync, writeFileSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";

/** Replaces `import.meta.url` in every source file with the JavaScript expression `urlOf(path)` gives. */
function rewriteImportMetaUrl(name, urlOf) {
  return {
    name,
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, (args) => ({
        contents: readFileSync(args.path, "utf8").replaceAll("import.meta.url", urlOf(args.path)),
        loader: "ts",
      }));
    },
  };
}

/** Keeps `import.meta.url` meaning the original source file inside the bundle. */
export const keepImportMetaUrl = rewriteImportMetaUrl("keep-import-meta-url", (path) => JSON.stringify(pathToFileURL(path).href));

/** Where a file of src/ (`.ts` for the JavaScript tsc built from it) lands in dist/, relative to a bundle in `outdir`. */
function fromBundleToDist(root, outdir) {
  const src = join(root, "src");
  const dist = join(root, "dist");
  return (path) => {
    const rel = relative(outdir, join(dist, relative(src, path)).replace(/\.ts$/, ".js")).split(sep).join("/");
    return rel.startsWith(".") ? rel : `./${rel}`;
  };
}

/**
 * For the package: `import.meta.url` in a source file means the JavaScript tsc built from it in
 * dist/ (which ships beside the bundle), found relative to the bundle at run time, so no path of
 * the build machine is baked in. The compiler identity (write/manifest.ts) and the version
 * (init/version.ts) read the files around them.
 */
export function distImportMetaUrl(root, outdir) {
  const toDist = fromBundleToDist(root, outdir);
  return rewriteImportMetaUrl("dist-import-meta-url", (path) => `new URL(${JSON.stringify(toDist(path))}, import.meta.url).href`);
}

/**
 * For the package: the precompiled schema validators (`*.validate.mjs`, up to 0.9 MB each) are
 * imported from their copies in dist/ rather than bundled a second time.
 */
export function distValidators(root, outdir) {
  const toDist = fromBundleToDist(root, outdir);
  return {
    name: "dist-validators",
    setup(build) {
      build.onResolve({ filter: /\.validate\.mjs$/ }, (args) =>
        args.kind === "entry-point" ? undefined : { path: toDist(resolve(args.resolveDir, args.path)), external: true },
      );
    },
  };
}

/** Dependencies bundled into the CLI; every other one loads from node_modules. */
const IN_CLI_BUNDLE = new Set(["@grafana/grafana-foundation-sdk", "zod", "commander"]);

/**
 * The CLI as ES modules in `outdir`: index.js, emit-worker.js (generate's worker thread) and the
 * chunks they share, split at dynamic imports so a command loads only what it uses. `plugins`:
 * keepImportMetaUrl in a checkout; distImportMetaUrl and distValidators for the package.
 * The foundation SDK, zod and commander go into the bundle: loaded from node_modules, the SDK and
 * commander are CommonJS that Node's module lexer parses (and V8 optimizes the lexer for) in each
 * thread, and zod is some fifty modules to resolve and link. Bundled, generate's two threads start
 * compiling sooner (about 0.1 s of wall time, 0.3 s of CPU, at 1000 experiments).
 */
export async function buildCli(build, root, outdir, plugins) {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const external = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})]
    .filter((d) => !IN_CLI_BUNDLE.has(d))
    .flatMap((d) => [d, `${d}/*`]);
  await build({
    entryPoints: { index: join(root, "src", "cli", "index.ts"), "emit-worker": join(root, "src", "cli", "emit-worker.ts") },
    outdir,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    external,
    // Bundled CommonJS requires Node's built-ins: an ES module has no `require` of its own.
    banner: { js: 'import { createRequire as __abwatchRequire } from "node:module"; const require = __abwatchRequire(import.meta.url);' },
    logLevel: "silent",
    plugins,
  });
}

/** The standalone validators of the rarer file kinds stay scripts of their own, required on use. */
const LAZY_VALIDATORS = /(?:alertmanager|tests|dashboard)\.validate\.mjs$/;
const lazyValidators = {
  name: "lazy-validators",
  setup(build) {
    build.onResolve({ filter: LAZY_VALIDATORS }, (args) =>
      args.kind === "entry-point" ? undefined : { path: `./${args.path.split("/").pop().replace(/\.mjs$/, ".cjs")}`, external: true },
    );
  },
};

/**
 * Modules the validate bundle loads on first use instead of at start-up: node:crypto (dashboard
 * UIDs, never needed to check a rule file), node:child_process (commander's executable
 * subcommands, which abwatch has none of), lezer's PromQL parser (building its tables; needed
 * only for syntax the direct parser leaves to it) and re2js (a third of the bundle; plain matcher
 * regexps do without it) took 20 ms of each run. Each becomes a small script beside the bundle
 * whose exports load the module when first read.
 */
const LAZY_MODULES = ["node:crypto", "node:child_process", "@prometheus-io/lezer-promql", "re2js"];
const lazyName = (id) => `lazy-${id.replace(/\W/g, "-")}.cjs`;
const lazyModules = {
  name: "lazy-modules",
  setup(build) {
    build.onResolve({ filter: /^(?:node:crypto|node:child_process|@prometheus-io\/lezer-promql|re2js)$/ }, (args) => ({ path: `./${lazyName(args.path)}`, external: true }));
  },
};
function writeLazyModules(dir) {
  for (const id of LAZY_MODULES) {
    const body = `let m;\nmodule.exports = new Proxy({}, { get: (_, k) => (m ??= require(${JSON.stringify(id)}))[k] });\n`;
    writeFileSync(join(dir, lazyName(id)), body);
  }
}

/**
 * validate alone, dependencies included, as one CommonJS script (plus the lazily required
 * validators and modules above) in `outdir`: node:vm compiles it with a V8 code cache (see
 * bin/abwatch.js). Left out: esbuild (a native binary) and zod (only loading experiments for the
 * contract checks needs them), required from node_modules when used. Returns esbuild's result
 * with its metafile.
 */
export async function buildValidate(build, root, outdir) {
  const src = join(root, "src");
  const schemas = join(src, "validate", "schemas");
  const result = await build({
    entryPoints: {
      validate: join(src, "cli", "validate-main.ts"),
      "alertmanager.validate": join(schemas, "prometheus", "alertmanager.validate.mjs"),
      "tests.validate": join(schemas, "prometheus", "tests.validate.mjs"),
      "dashboard.validate": join(schemas, "grafana", "dashboard.validate.mjs"),
    },
    outdir,
    outExtension: { ".js": ".cjs" },
    bundle: true,
    format: "cjs",
    platform: "node",
    target: "node20",
    external: ["esbuild", "zod"],
    // import() becomes require(): a script compiled by node:vm has no module loader of its own.
    supported: { "dynamic-import": false },
    logLevel: "silent",
    plugins: [keepImportMetaUrl, lazyValidators, lazyModules],
    absWorkingDir: root,
    metafile: true,
  });
  writeLazyModules(outdir);
  return result;
}
