// A worker thread that compiles and emits experiments for generate, taking the next one from the
// counter it shares with the main thread. It compares each file with the output directory and
// writes changed ones into the staging tree itself, so only paths travel back (see parallel.ts).
// bin/abwatch.js starts it from the CLI's bundle.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parentPort } from "node:worker_threads";
import { emitExperiment } from "../emit/index.ts";
import { experimentFiles } from "../write/manifest.ts";
import { sameAsOnDisk } from "../write/output.ts";
import type { Emitted, WorkerJob, WorkerMessage } from "./parallel.ts";

const post = (m: WorkerMessage) => parentPort!.postMessage(m);

parentPort!.once("message", ({ dir, existing, experiments, known, next, staging }: WorkerJob) => {
  const has = new Set(existing);
  const made = new Set<string>();
  const counter = new Int32Array(next);
  try {
    for (let i = Atomics.add(counter, 0, 1); i < experiments.length; i = Atomics.add(counter, 0, 1)) {
      const given = { dir, existing: has, key: known.keys[i], entry: known.entries[i] };
      const files: Emitted[] = experimentFiles(experiments[i]!, emitExperiment, given).map((f) => {
        if (f.same || (has.has(f.path) && sameAsOnDisk(dir, f))) return { path: f.path, content: "", hash: f.hash, same: true };
        if (staging === undefined) return { path: f.path, content: f.content, hash: f.hash }; // --check: the main thread shows the diff
        const target = join(staging, f.path);
        if (!made.has(dirname(target))) {
          mkdirSync(dirname(target), { recursive: true });
          made.add(dirname(target));
        }
        writeFileSync(target, f.bytes ?? f.content);
        return { path: f.path, content: "", hash: f.hash, written: true };
      });
      post({ batch: { index: i, files } });
    }
    post({ done: true });
  } catch (e) {
    // Sent as data: an error crossing threads would lose the code and path its message needs.
    const err = e as NodeJS.ErrnoException;
    post({ error: { message: err.message, code: err.code, syscall: err.syscall, path: err.path } });
  }
});
