// The few git reads `diff --base` needs, through the git command line (plumbing commands, whose
// output is stable): the repository root, a commit, the files under a folder at that commit.
// Every call is bounded in time; a failure becomes a GitError with git's own message.
import { spawnSync } from "node:child_process";

export class GitError extends Error {}

const TIMEOUT_MS = 60_000;

function git(cwd: string, args: readonly string[], input?: Buffer): Buffer {
  const r = spawnSync("git", args, { cwd, input, timeout: TIMEOUT_MS, maxBuffer: 1 << 30 });
  if (r.error !== undefined) {
    const code = (r.error as NodeJS.ErrnoException).code;
    throw new GitError(code === "ENOENT" ? "git is not installed (diff --base reads the base from git)" : `git ${args[0]}: ${r.error.message}`);
  }
  if (r.status !== 0) {
    const said = r.stderr.toString("utf8").trim().split("\n")[0] ?? "";
    throw new GitError(`git ${args.join(" ")} failed${said ? `: ${said}` : ""}`);
  }
  return r.stdout;
}

/** The top folder of the work tree that holds cwd. */
export function repositoryRoot(cwd: string): string {
  try {
    return git(cwd, ["rev-parse", "--show-toplevel"]).toString("utf8").trim();
  } catch (e) {
    if (e instanceof GitError) throw new GitError(`${cwd} is not inside a git repository (--base reads the base from git; --base-dir compares two generated folders)`);
    throw e;
  }
}

/** The commit a ref names, or a GitError saying the ref is unknown. */
export function commitOf(root: string, ref: string): string {
  if (ref.startsWith("-")) throw new GitError(`not a git revision: ${ref}`);
  const r = spawnSync("git", ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], { cwd: root, timeout: TIMEOUT_MS });
  const sha = r.status === 0 ? r.stdout.toString("utf8").trim() : "";
  if (sha === "") throw new GitError(`unknown git revision ${JSON.stringify(ref)} (is it fetched? CI checkouts are often shallow: fetch-depth: 0)`);
  return sha;
}

export interface GitFile {
  /** Relative to the repository root, forward slashes. */
  path: string;
  content: Buffer;
  symlink: boolean;
}

/** Every file under `folder` (relative to the root; "" for all) at the commit, read in one batch. */
export function filesAt(root: string, commit: string, folder: string): GitFile[] {
  const listing = git(root, ["ls-tree", "-r", "-z", "--full-tree", commit, "--", ...(folder === "" ? [] : [folder])]).toString("utf8");
  const entries: { path: string; sha: string; symlink: boolean }[] = [];
  for (const line of listing.split("\0")) {
    // `<mode> <type> <sha>\t<path>`; submodules (commit) and trees are not files.
    const m = /^(\d+) blob ([0-9a-f]+)\t(.*)$/s.exec(line);
    if (m) entries.push({ path: m[3]!, sha: m[2]!, symlink: m[1] === "120000" });
  }
  if (entries.length === 0) return [];
  const out = git(root, ["cat-file", "--batch"], Buffer.from(entries.map((e) => `${e.sha}\n`).join("")));
  const files: GitFile[] = [];
  let at = 0;
  for (const e of entries) {
    const headerEnd = out.indexOf(0x0a, at);
    const header = out.subarray(at, headerEnd).toString("utf8").split(" ");
    const size = Number(header[2]);
    if (header[0] !== e.sha || !Number.isInteger(size)) throw new GitError(`unexpected git cat-file output for ${e.path}`);
    files.push({ path: e.path, content: out.subarray(headerEnd + 1, headerEnd + 1 + size), symlink: e.symlink });
    at = headerEnd + 1 + size + 1;
  }
  return files;
}

/** One file at the commit, or undefined when the commit has no such file. */
export function fileAt(root: string, commit: string, path: string): Buffer | undefined {
  const r = spawnSync("git", ["cat-file", "blob", `${commit}:${path}`], { cwd: root, timeout: TIMEOUT_MS, maxBuffer: 1 << 30 });
  return r.status === 0 ? r.stdout : undefined;
}
