// esbuild options shared by everything that bundles user TypeScript in memory: experiment files and
// abwatch.config.ts. CommonJS for Node 20, dependencies left to Node, and `import … from "abwatch"`
// served by the running abwatch. No esbuild import here, so callers that load esbuild lazily can
// still read them.
import type { BuildOptions } from "esbuild";

export const USER_CODE_BUILD = {
  bundle: true,
  write: false,
  format: "cjs",
  platform: "node",
  target: "node20",
  logLevel: "silent",
  external: ["abwatch"],
  packages: "external",
} satisfies BuildOptions;
