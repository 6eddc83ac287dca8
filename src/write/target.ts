// Whether a directory can serve as generate's output, checked before anything is compiled, and
// file-system errors turned into messages that name the path. abwatch replaces its output
// directory as a whole (built beside it, then renamed), so the directory must be one of its own:
// not a file, not the working directory or one of its ancestors, not the one holding the experiments.
import { accessSync, constants, statSync } from "node:fs";
import { dirname, relative, sep } from "node:path";

/** An output (or experiments) path abwatch cannot use; the CLI prints the message, exit 2. */
export class PathError extends Error {}

/** Is `inner` equal to `outer` or inside it? (absolute paths) */
export function within(inner: string, outer: string): boolean {
  const rel = relative(outer, inner);
  return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !rel.startsWith(sep));
}

function kind(path: string): "missing" | "directory" | "other" {
  let s;
  try {
    s = statSync(path, { throwIfNoEntry: false });
  } catch {
    return "missing"; // ENOTDIR: an ancestor is a file, which existingAncestor finds
  }
  return s === undefined ? "missing" : s.isDirectory() ? "directory" : "other";
}

/** The nearest existing ancestor of `path` (itself when it exists). */
function existingAncestor(path: string): string {
  let cur = path;
  for (let i = 0; i < 4096 && kind(cur) === "missing"; i++) cur = dirname(cur);
  return cur;
}

export interface TargetCheck {
  /** Absolute output directory. */
  out: string;
  /** How the user wrote it, for the message. */
  given: string;
  cwd: string;
  /** Absolute experiments directory. */
  experiments: string;
  /** false for --check: only reading is needed. */
  write: boolean;
}

/** Throws a PathError naming the real path when `out` cannot be generate's output directory. */
export function checkOutputDir({ out, given, cwd, experiments, write }: TargetCheck): void {
  const fail = (why: string) => {
    throw new PathError(`--out ${JSON.stringify(given)}: ${out} ${why}`);
  };
  const own = "abwatch replaces its output directory as a whole: choose a directory of its own, like generated";
  if (within(cwd, out)) fail(`${out === cwd ? "is" : "contains"} the working directory; ${own}`);
  if (within(experiments, out)) fail(`${out === experiments ? "is" : "contains"} the experiments directory; ${own}`);
  const k = kind(out);
  if (k === "other") fail("is a file, not a directory");
  const base = existingAncestor(out);
  if (kind(base) !== "directory") fail(`cannot be created: ${base} is a file, not a directory`);
  try {
    if (k === "directory") accessSync(out, constants.R_OK | constants.X_OK);
    // Writing renames the directory (or creates it): its parent must be writable.
    if (write) accessSync(k === "directory" ? dirname(out) : base, constants.W_OK | constants.X_OK);
  } catch (e) {
    fail(`is not usable: ${fsReason(e)}`);
  }
}

const REASONS: Record<string, string> = {
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "read-only file system",
  ENOSPC: "no space left on the device",
  EDQUOT: "disk quota exceeded",
  ENOTDIR: "a part of the path is a file, not a directory",
  EISDIR: "is a directory",
  ENOENT: "no such file or directory",
  EEXIST: "already exists",
  ENAMETOOLONG: "the name is too long",
  ELOOP: "too many symbolic links",
  EMFILE: "too many open files",
  EBUSY: "the resource is busy",
  EXDEV: "crosses file systems",
};

/** A Node file-system error (it carries a `code` and a `syscall`). */
export function isFsError(e: unknown): e is NodeJS.ErrnoException {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === "string" && typeof (e as NodeJS.ErrnoException).syscall === "string";
}

export function fsReason(e: unknown): string {
  if (!isFsError(e)) return e instanceof Error ? e.message : String(e);
  return `${REASONS[e.code!] ?? e.code} (${e.code})`;
}

/** "cannot open /x/y: permission denied (EACCES)", naming the path the system call failed on. */
export function fsErrorMessage(e: NodeJS.ErrnoException & { dest?: string }): string {
  const where = e.dest !== undefined ? `${e.path} → ${e.dest}` : (e.path ?? "the output directory");
  return `cannot ${e.syscall} ${where}: ${fsReason(e)}`;
}
