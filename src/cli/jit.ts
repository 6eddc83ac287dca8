// V8's optimizing compiler, tuned for generate. generate runs a large body of small builders once
// per experiment; with inlining, TurboFan compiled each hot builder into every caller, over and over,
// and spent as much CPU compiling as a third of the compile itself (2.0 s of 6.5 s in all at 1000
// experiments on one thread, twice that with the emit worker, whose isolate compiles its own copy).
// Without inlining it compiled in 0.9 s and the code ran as fast (measured with perf; the same
// 4.0 s of JavaScript). The flag is process-wide, so the emit worker's isolate gets it too; it
// changes how fast code runs, never what it computes.
import { setFlagsFromString } from "node:v8";

let tuned = false;

/** Called before the experiments compile (and before the emit worker starts). */
export function tuneJitForCompiling(): void {
  if (tuned) return;
  tuned = true;
  setFlagsFromString("--no-turbo-inlining");
}
