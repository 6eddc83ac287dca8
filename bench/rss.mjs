// Preloaded into benchmarked processes: records the peak resident set size at exit.
import { writeFileSync } from "node:fs";

const out = process.env.ABWATCH_BENCH_RSS;
if (out) process.on("exit", () => writeFileSync(out, String(process.resourceUsage().maxRSS)));
