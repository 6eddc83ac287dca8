// The experiments as they were at a git ref, written into a temporary folder laid out like the
// repository, so the running abwatch compiles them exactly as it compiles the working tree. Only
// the experiments folder is extracted, then whatever its files import from elsewhere in the
// repository (found by letting esbuild resolve the imports and fetching each missing file from
// git), plus the root package.json and tsconfig.json, which change how imports resolve.
// Packages resolve through links to the working tree's node_modules. The caller removes the
// folder (remove()) whatever happens.
import { build, type Plugin } from "esbuild";
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve, sep } from "node:path";
import { findExperimentFiles } from "../load/files.ts";
import { GitError, commitOf, fileAt, filesAt, repositoryRoot } from "./git.ts";

export interface Checkout {
  /** The temporary folder standing for the repository root. */
  root: string;
  /** The caller's working directory, inside the temporary folder. */
  cwd: string;
  /** False when the ref has no experiments folder (abwatch was not set up yet). */
  found: boolean;
  remove(): void;
}

const posix = (p: string) => p.split(sep).join("/");

/** Files an import of `target` may mean, in the order esbuild tries them (plus `.js` written for `.ts`). */
function candidates(target: string): string[] {
  const out = [target];
  for (const ext of [".ts", ".mts", ".tsx", ".js", ".mjs", ".cjs", ".json"]) out.push(target + ext);
  for (const index of ["index.ts", "index.mts", "index.js"]) out.push(join(target, index));
  if (target.endsWith(".js")) out.push(`${target.slice(0, -3)}.ts`);
  if (target.endsWith(".mjs")) out.push(`${target.slice(0, -4)}.mts`);
  return out;
}

function writeFile(root: string, path: string, content: Buffer): void {
  const to = join(root, path);
  mkdirSync(dirname(to), { recursive: true });
  writeFileSync(to, content);
}

/** Fetches from git every file the experiments import from outside the extracted folder. */
async function fetchImports(root: string, repo: string, commit: string, entries: string[]): Promise<void> {
  const fetched = new Set<string>();
  const fromGit: Plugin = {
    name: "abwatch-files-from-git",
    setup(b) {
      b.onResolve({ filter: /^\.\.?(\/|$)/ }, (args) => {
        const target = resolve(args.resolveDir, args.path);
        if (!target.startsWith(root + sep)) return undefined;
        for (const c of candidates(target)) {
          if (existsSync(c) && statSync(c).isFile()) return undefined;
          const path = posix(relative(root, c));
          if (fetched.has(path)) continue;
          fetched.add(path);
          const content = fileAt(repo, commit, path);
          if (content !== undefined) {
            writeFile(root, path, content);
            return undefined;
          }
        }
        return undefined; // not in git either: the loader reports the import
      });
    },
  };
  try {
    await build({
      entryPoints: entries,
      absWorkingDir: root,
      bundle: true,
      write: false,
      platform: "node",
      format: "cjs",
      logLevel: "silent",
      external: ["abwatch"],
      packages: "external",
      plugins: [fromGit],
    });
  } catch {
    // Errors are the loader's to report, with its own messages.
  }
}

/** Links each node_modules between cwd and the repository root into the copy. */
function linkPackages(root: string, repo: string, cwd: string): void {
  for (let dir = cwd; ; dir = dirname(dir)) {
    const modules = join(dir, "node_modules");
    if (existsSync(modules)) {
      const at = join(root, relative(repo, dir), "node_modules");
      mkdirSync(dirname(at), { recursive: true });
      if (!existsSync(at)) symlinkSync(modules, at, "dir");
    }
    if (dir === repo || dirname(dir) === dir) break;
  }
}

export async function checkoutExperiments(ref: string, cwd: string, experiments: string): Promise<Checkout> {
  const repo = repositoryRoot(cwd);
  const commit = commitOf(repo, ref);
  const folder = posix(relative(repo, resolve(cwd, experiments)));
  if (folder.startsWith("..")) throw new GitError(`the experiments folder ${experiments} is outside the git repository ${repo}`);
  const root = mkdtempSync(join(tmpdir(), "abwatch-diff-"));
  const remove = () => rmSync(root, { recursive: true, force: true });
  try {
    const files = filesAt(repo, commit, folder);
    for (const f of files) {
      if (f.symlink) continue; // a link's target is not in the copy; the loader reports a missing import
      writeFile(root, f.path, f.content);
    }
    for (const config of ["package.json", "tsconfig.json"]) {
      const content = fileAt(repo, commit, config);
      if (content !== undefined) writeFile(root, config, content);
    }
    const here = join(root, relative(repo, cwd));
    mkdirSync(here, { recursive: true });
    linkPackages(root, repo, cwd);
    const dir = join(root, folder);
    const found = existsSync(dir) && statSync(dir).isDirectory();
    const entries = found ? findExperimentFiles(dir) : [];
    if (entries.length > 0) await fetchImports(root, repo, commit, entries);
    return { root, cwd: here, found: entries.length > 0, remove };
  } catch (e) {
    remove();
    throw e;
  }
}
