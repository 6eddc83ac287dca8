// The check manifest, generated/abwatch-manifest.json: for each experiment, a key for everything
// its files are compiled from, and the SHA-256 of each of those files. `generate --check` (and
// generate) skip compiling an experiment whose key is the one recorded and whose files all hash as
// recorded: compiling it again would give those very bytes. Anything else (a changed experiment,
// a changed compiler, a file edited, missing or added by hand, an unreadable manifest) compiles and
// compares as without a manifest. The manifest is itself a generated file, compared like the rest.
//
// The key hashes the compiler's identity (the content of its source files, so that a clean clone
// computes the same key), the experiment's validated value and the source path its headers name:
// the compilers are pure functions of these (they read no clock, environment or file).
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { generatedHeader, paths } from "../model/conventions.ts";
import type { Sourced } from "../model/cross.ts";
import type { OutputFile } from "../emit/index.ts";
import { fileBytes } from "./bytes.ts";
import { toJson } from "../emit/json.ts";

export interface ManifestEntry {
  key: string;
  /** Path → SHA-256 (hex) of the file's bytes. */
  files: Record<string, string>;
}

export interface Manifest {
  compiler: string;
  experiments: Record<string, ManifestEntry>;
}

/**
 * The directories (under src/, or dist/ in the package) whose files make up the compiler: every
 * module emitExperiment imports lives in one of them (test/write/manifest.test.ts checks it), and
 * write/ holds this file, so a change to the key itself changes the identity.
 */
export const COMPILER_DIRS = ["compile", "emit", "model", "stats", "traffic", "write"] as const;

export const sha256 = (data: string | Uint8Array) => createHash("sha256").update(data).digest("hex");

// src/ when running from sources (the CLI bundle keeps import.meta.url pointing at this file), dist/ in the package.
const CODE = fileURLToPath(new URL("..", import.meta.url));
const identities = new Map<string, string>();

/**
 * The compiler's identity: a hash of its source files' paths and contents (under `base`, the
 * running code's own directory unless a test says otherwise), and of the pinned dependencies.
 */
export function compilerIdentity(base: string = CODE): string {
  const known = identities.get(base);
  if (known !== undefined) return known;
  const hash = createHash("sha256");
  const walk = (rel: string, depth: number) => {
    if (depth > 10) return;
    const entries = readdirSync(join(base, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const path = `${rel}/${e.name}`;
      if (e.isDirectory()) walk(path, depth + 1);
      else if (e.isFile()) hash.update(`${path}\0`).update(readFileSync(join(base, path))).update("\0");
    }
  };
  for (const dir of COMPILER_DIRS) walk(dir, 0);
  // The dashboard SDK and the PromQL parser shape the output too: their exact versions are pinned here.
  const pkg = JSON.parse(readFileSync(join(base, "..", "package.json"), "utf8")) as { dependencies?: unknown };
  hash.update(JSON.stringify(pkg.dependencies ?? null));
  const identity = hash.digest("hex");
  identities.set(base, identity);
  return identity;
}

/**
 * A text that differs whenever two values could compile differently: keys in their order,
 * undefined, -0 and non-finite numbers kept apart. Undefined for anything that is not plain data.
 */
function canonical(value: unknown, depth = 0): string | undefined {
  if (depth > 64) return undefined;
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "boolean":
      return String(value);
    case "number":
      return Object.is(value, -0) ? "-0" : String(value);
    case "object": {
      const parts: string[] = [];
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          const c = canonical(value[i], depth + 1);
          if (c === undefined) return undefined;
          parts.push(c);
        }
        return `[${parts.join(",")}]`;
      }
      if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return undefined;
      for (const key of Reflect.ownKeys(value)) {
        if (typeof key !== "string") return undefined;
        const c = canonical((value as Record<string, unknown>)[key], depth + 1);
        if (c === undefined) return undefined;
        parts.push(`${JSON.stringify(key)}:${c}`);
      }
      return `{${parts.join(",")}}`;
    }
    default:
      return undefined;
  }
}

/** The key of one experiment's files, or undefined when its value cannot be keyed (it is then always compiled). */
export function experimentKey(compiler: string, { file, experiment }: Sourced): string | undefined {
  const value = canonical(experiment);
  return value === undefined ? undefined : sha256(`${compiler}\0${file}\0${value}`);
}

const HEX64 = /^[0-9a-f]{64}$/;

/** The manifest in the output directory, or undefined when there is none or it is not one abwatch wrote. */
export function readManifest(dir: string): Manifest | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(join(dir, paths.manifest()), "utf8"));
  } catch {
    return undefined;
  }
  const m = parsed as Partial<Manifest> | null;
  if (typeof m !== "object" || m === null || typeof m.compiler !== "string" || typeof m.experiments !== "object" || m.experiments === null) return undefined;
  const experiments: Record<string, ManifestEntry> = {};
  for (const [id, e] of Object.entries(m.experiments)) {
    if (typeof e !== "object" || e === null || typeof e.key !== "string" || typeof e.files !== "object" || e.files === null) continue;
    const files = Object.entries(e.files);
    if (files.length === 0 || !files.every(([, h]) => typeof h === "string" && HEX64.test(h))) continue;
    experiments[id] = { key: e.key, files: e.files };
  }
  return { compiler: m.compiler, experiments };
}

/** The manifest file for these entries; `source` names the experiments in its header, as the shared files do. */
export function manifestFile(compiler: string, entries: ReadonlyMap<string, ManifestEntry>, source: string): OutputFile {
  const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const experiments: Record<string, ManifestEntry> = {};
  for (const id of [...entries.keys()].sort(byId)) {
    const e = entries.get(id)!;
    const files: Record<string, string> = {};
    for (const path of Object.keys(e.files).sort(byId)) files[path] = e.files[path]!;
    experiments[id] = { key: e.key, files };
  }
  const content = toJson({
    comment: `${generatedHeader(source)}. What each experiment's files were compiled from (key) and their SHA-256: generate --check skips recompiling an experiment whose key and files match.`,
    compiler,
    experiments,
  });
  return { path: paths.manifest(), content };
}

/**
 * A file with the hash of its bytes; `same` when it was not compiled because the manifest vouches
 * for the file on disk. `bytes`: the content as UTF-8, encoded once for hashing, comparing and writing.
 */
export type Hashed = OutputFile & { hash: string; same?: boolean; bytes?: Buffer };

/**
 * The recorded files of an experiment, when its key is the one recorded and every file on disk
 * hashes as recorded (read from `dir`; `existing` lists the paths there); otherwise undefined.
 */
export function reusable(dir: string, existing: ReadonlySet<string>, key: string | undefined, entry: ManifestEntry | undefined): Hashed[] | undefined {
  if (key === undefined || entry === undefined || entry.key !== key) return undefined;
  const files: Hashed[] = [];
  for (const [path, hash] of Object.entries(entry.files)) {
    if (!existing.has(path)) return undefined;
    let bytes: Buffer;
    try {
      bytes = readFileSync(join(dir, path));
    } catch {
      return undefined;
    }
    if (sha256(bytes) !== hash) return undefined;
    files.push({ path, content: "", hash, same: true });
  }
  return files;
}

/** One experiment's files: from disk when the manifest vouches for them, compiled otherwise. */
export function experimentFiles(
  s: Sourced,
  emit: (s: Sourced) => OutputFile[],
  known: { dir: string; existing: ReadonlySet<string>; key: string | undefined; entry: ManifestEntry | undefined },
): Hashed[] {
  return (
    reusable(known.dir, known.existing, known.key, known.entry) ??
    emit(s).map((f) => {
      const bytes = fileBytes(f);
      return { ...f, bytes, hash: sha256(bytes) };
    })
  );
}
