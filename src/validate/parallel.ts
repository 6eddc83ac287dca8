// A second thread for large runs. Parsing (YAML, PromQL, templates) is nearly all of validate's
// time, and each file parses alone: a worker thread takes about half of the bytes. Models stay
// where they were parsed (copying one between threads costs as much as parsing it); the threads
// exchange what the cross-file checks need, then each checks its own files. ./index.ts holds the
// protocol; this file only starts the thread and carries messages. Only the bundled CLI enables
// it (bin/abwatch.js knows how to start the worker); small runs and small machines stay on one
// thread, where starting a thread would cost more than it saves.
import { statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { parentPort, Worker } from "node:worker_threads";

/** Below this many bytes of input, one thread is faster than two. */
const MIN_BYTES = 512 * 1024;
/**
 * V8's own background threads (concurrent marking, scavenging, compiling) keep a second core
 * busy during a single-threaded run: on 2 cores the worker only competes with them (measured
 * slower on the corpus), so by default it runs from 4 cores. ABWATCH_VALIDATE_THREADS=1 keeps
 * one thread always, =2 starts the worker on any machine.
 */
const MIN_CORES = 4;

let workerScript: { file: string; data: unknown } | undefined;

/** Called by the bundled CLI's entry: the script a validate worker runs, and its workerData (undefined: none). */
export function enableWorker(file: string | undefined, data?: unknown): void {
  workerScript = file === undefined ? undefined : { file, data };
}

/** Both ends of the conversation: send a message, wait for the next one. */
export interface Channel {
  send(message: unknown): void;
  next<T>(): Promise<T>;
  close(): void;
}

/**
 * Splits a run's files (their absolute paths) between the main thread and a worker by size, or
 * undefined when the run should stay on one thread.
 */
export function splitRun(files: readonly string[]): { main: number[]; worker: number[] } | undefined {
  const threads = process.env.ABWATCH_VALIDATE_THREADS;
  if (workerScript === undefined || files.length < 2 || threads === "1" || (threads !== "2" && availableParallelism() < MIN_CORES)) return undefined;
  const sizes = files.map((f) => statSync(f, { throwIfNoEntry: false })?.size ?? 0);
  const total = sizes.reduce((a, b) => a + b, 0);
  if (total < MIN_BYTES) return undefined;
  // Largest first, each to the lighter side; the worker starts heavier by its start-up.
  const order = sizes.map((s, i) => [s, i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  let mainBytes = 0;
  let workerBytes = MIN_BYTES / 4;
  const main: number[] = [];
  const worker: number[] = [];
  for (const [size, i] of order) {
    if (mainBytes <= workerBytes) {
      main.push(i);
      mainBytes += size;
    } else {
      worker.push(i);
      workerBytes += size;
    }
  }
  return { main: main.sort((a, b) => a - b), worker: worker.sort((a, b) => a - b) };
}

function channel(port: { postMessage(m: unknown): void; on(e: "message", f: (m: unknown) => void): void }, close: () => void, failed?: Promise<never>): Channel {
  const inbox: unknown[] = [];
  const waiting: ((m: unknown) => void)[] = [];
  port.on("message", (m) => {
    const w = waiting.shift();
    if (w !== undefined) w(m);
    else inbox.push(m);
  });
  return {
    send: (m) => port.postMessage(m),
    next: <T>() => {
      const got = inbox.length > 0 ? Promise.resolve(inbox.shift() as T) : new Promise<T>((resolve) => waiting.push(resolve as (m: unknown) => void));
      return failed === undefined ? got : Promise.race([got, failed]);
    },
    close,
  };
}

/** Starts the worker; every `next()` rejects if it fails or exits early. */
export function startWorker(): Channel {
  const { file, data } = workerScript!;
  const worker = new Worker(file, { workerData: data });
  let closed = false;
  const failed = new Promise<never>((_, reject) => {
    worker.once("error", reject);
    worker.once("exit", (code) => {
      if (!closed) reject(new Error(`the validate worker exited (${code})`));
    });
  });
  failed.catch(() => undefined); // observed through next()
  return channel(worker, () => {
    closed = true;
    void worker.terminate();
  }, failed);
}

/** The worker's end of the channel. */
export function workerChannel(): Channel {
  const port = parentPort;
  if (port === null) throw new Error("workerChannel runs in a worker thread only");
  return channel(port, () => port.close());
}
