// Owns everything verify starts: temp directories, child processes and servers. One `close()` stops
// and removes all of it, and runs on success, failure and Ctrl-C alike (the command calls it from a
// `finally`), so no engine outlives a run and no temp directory is left behind.
import { spawn, type ChildProcess } from "node:child_process";
import { accessSync, constants, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync, type WriteStream } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** verify cannot run here: a binary is missing or a port cannot be bound (exit code 2). */
export class EnvironmentError extends Error {}

/** The run itself failed: an engine refused the generated files or died (exit code 1). */
export class VerifyError extends Error {}

interface Child {
  name: string;
  proc: ChildProcess;
  log: string;
  out: WriteStream;
  exited: Promise<void>;
}

export class Supervisor {
  readonly dir: string;
  private readonly children: Child[] = [];
  private readonly closers: (() => Promise<void>)[] = [];
  private closed = false;

  constructor(prefix = "abwatch-verify-") {
    this.dir = mkdtempSync(join(tmpdir(), prefix));
  }

  /** Starts a child process with its output in a log file of the temp dir. */
  start(name: string, command: string, args: readonly string[]): ChildProcess {
    if (this.closed) throw new Error("supervisor is closed");
    const log = join(this.dir, `${name}.log`);
    const out = createWriteStream(log);
    const proc = spawn(command, [...args], { stdio: ["ignore", "pipe", "pipe"], cwd: this.dir });
    proc.stdout!.pipe(out, { end: false });
    proc.stderr!.pipe(out, { end: false });
    const exited = new Promise<void>((resolve) => {
      proc.once("exit", () => resolve());
      proc.once("error", () => resolve());
    });
    this.children.push({ name, proc, log, out, exited });
    return proc;
  }

  /** The last lines a child wrote, for error messages. */
  tail(name: string, lines = 15): string {
    const c = this.children.find((x) => x.name === name);
    if (c === undefined) return "";
    try {
      return readFileSync(c.log, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
    } catch {
      return "";
    }
  }

  /** Whether the named child has exited (a crashed engine is reported, not waited for). */
  exited(name: string): number | null | undefined {
    const c = this.children.find((x) => x.name === name);
    if (c === undefined) return undefined;
    return c.proc.exitCode ?? (c.proc.signalCode !== null ? -1 : null);
  }

  /** Registers something else to stop on close (servers, timers), newest first. */
  onClose(fn: () => Promise<void>): void {
    this.closers.unshift(fn);
  }

  /** Stops every child (SIGTERM, then SIGKILL after 5 s), runs the closers, removes the temp dir. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const fn of this.closers) await fn().catch(() => undefined);
    await Promise.all(
      this.children.map(async (c) => {
        if (c.proc.exitCode === null && c.proc.signalCode === null) {
          c.proc.kill("SIGTERM");
          const timer = setTimeout(() => c.proc.kill("SIGKILL"), 5000);
          await c.exited;
          clearTimeout(timer);
        }
        c.out.end();
      }),
    );
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** PIDs of the children still running (for tests). */
  pids(): number[] {
    return this.children.filter((c) => c.proc.exitCode === null && c.proc.signalCode === null).map((c) => c.proc.pid!);
  }
}

/** A port on 127.0.0.1 that was free a moment ago: bound to 0 and released. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", (e) => reject(new EnvironmentError(`cannot bind a port on 127.0.0.1: ${e.message}`)));
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr !== null ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Finds a binary on PATH; verify cannot run without it. */
export function which(name: string, pkg: string): string {
  const dirs = (process.env.PATH ?? "").split(":").filter((d) => d !== "");
  for (const d of dirs) {
    const full = join(d, name);
    try {
      accessSync(full, constants.X_OK);
      if (statSync(full).isFile()) return full;
    } catch {
      // not here
    }
  }
  throw new EnvironmentError(`${name} is not installed (Debian package ${pkg}; scripts/install-tools.sh installs it)`);
}
