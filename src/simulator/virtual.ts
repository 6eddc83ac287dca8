// Virtual mode: a timeline of traffic phases run through the real exporter in steps of virtual
// time, scraped after every step, written as OpenMetrics with timestamps for
// `promtool tsdb create-blocks-from openmetrics`. Seeded, so the same options give the same bytes.
import { createExperimentMetrics, type ExperimentMetrics } from "../exporter/metrics.ts";
import { ExporterInputError } from "../exporter/errors.ts";
import type { Experiment } from "../model/schema.ts";
import type { Traffic } from "../traffic/profile.ts";
import { RequestGenerator, type Sent } from "./generator.ts";

export interface VirtualPhase {
  /** First minute this traffic applies to (like the promtool series' Phase). */
  from: number;
  traffic: Traffic;
  /** The exporter restarts when this phase begins: every counter starts again from zero. */
  restart?: boolean;
}

export interface VirtualRun {
  experiment: Experiment;
  /** The first phase starts at minute 0. */
  phases: readonly VirtualPhase[];
}

export interface VirtualOptions {
  minutes: number;
  /** Seconds of virtual time between scrapes (default 15). */
  stepSeconds?: number;
  seed: number;
  /** Requests per second of each run, across its arms. */
  rps: number;
  /** Virtual time of minute 0, epoch milliseconds. */
  startMs: number;
}

export const DEFAULT_STEP_SECONDS = 15;
export const MAX_MINUTES = 7 * 24 * 60;
/** Keeps a virtual run bounded in time (about a minute of CPU) and memory. */
export const MAX_VIRTUAL_REQUESTS = 50_000_000;

/** Samples per family name, then per series (`name{labels}`), in order of time. */
export type Families = Map<string, Map<string, string[]>>;

export interface VirtualResult {
  families: Families;
  /** What each run sent, per arm (same order as the runs). */
  sent: Sent[];
  samples: number;
}

const escapeLabel = (v: string) => v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");

function formatValue(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "+Inf";
  if (v === -Infinity) return "-Inf";
  return String(v);
}

function seriesKey(name: string, labels: Partial<Record<string, string | number>>): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(String(v))}"`);
  return parts.length > 0 ? `${name}{${parts.join(",")}}` : name;
}

function check(runs: readonly VirtualRun[], o: VirtualOptions): number {
  const step = o.stepSeconds ?? DEFAULT_STEP_SECONDS;
  if (!Number.isInteger(o.minutes) || o.minutes < 1 || o.minutes > MAX_MINUTES) {
    throw new ExporterInputError("minutes", `whole minutes from 1 to ${MAX_MINUTES}`, o.minutes);
  }
  if (!Number.isInteger(step) || step < 1 || step > 3600) throw new ExporterInputError("stepSeconds", "whole seconds from 1 to 3600", step);
  if (!Number.isSafeInteger(o.seed)) throw new ExporterInputError("seed", "an integer", o.seed);
  if (typeof o.rps !== "number" || !(o.rps >= 0)) throw new ExporterInputError("rps", "requests per second, a number >= 0", o.rps);
  if (!Number.isFinite(o.startMs)) throw new ExporterInputError("startMs", "a time in epoch milliseconds", o.startMs);
  const requests = o.rps * o.minutes * 60 * runs.length;
  if (requests > MAX_VIRTUAL_REQUESTS) {
    throw new ExporterInputError("rps", `at most ${MAX_VIRTUAL_REQUESTS} requests in all (rps x minutes x 60 x experiments)`, requests);
  }
  runs.forEach((r, i) => {
    if (r.phases.length === 0 || r.phases[0]!.from !== 0) throw new ExporterInputError(`runs[${i}].phases`, "phases starting at minute 0");
  });
  return step;
}

/** The phase in force at `minute`. */
function phaseAt(phases: readonly VirtualPhase[], minute: number): VirtualPhase {
  let p = phases[0]!;
  for (const q of phases) if (q.from <= minute) p = q;
  return p;
}

export async function simulateVirtual(runs: readonly VirtualRun[], options: VirtualOptions): Promise<VirtualResult> {
  const step = check(runs, options);
  const steps = Math.floor((options.minutes * 60) / step);
  const families: Families = new Map();
  const sent: Sent[] = [];
  let samples = 0;

  /** Series keys of earlier runs: a run writing one of them is the same experiment twice. */
  const earlier = new Set<string>();
  const scrape = async (sink: ExperimentMetrics, ms: number, run: number) => {
    const ts = ` ${ms / 1000}`;
    for (const m of await sink.registry.getMetricsAsJSON()) {
      let family = families.get(m.name);
      if (family === undefined) families.set(m.name, (family = new Map()));
      for (const v of m.values) {
        const key = seriesKey((v as { metricName?: string }).metricName ?? m.name, v.labels);
        let series = family.get(key);
        if (series === undefined) family.set(key, (series = []));
        else if (earlier.has(key)) {
          throw new ExporterInputError(`runs[${run}]`, `an experiment simulated once: ${sink.experiment.id} repeats the series ${key}`);
        }
        series.push(`${key} ${formatValue(v.value)}${ts}`);
        samples++;
      }
    }
  };

  for (const [i, run] of runs.entries()) {
    const generator = new RequestGenerator(options.seed + i);
    const tally: Sent = {};
    for (const f of families.values()) for (const key of f.keys()) earlier.add(key);
    let sink = createExperimentMetrics(run.experiment);
    let phase = phaseAt(run.phases, 0);
    if (phase.traffic.up) await scrape(sink, options.startMs, i);
    for (let k = 1; k <= steps; k++) {
      const next = phaseAt(run.phases, ((k - 1) * step) / 60);
      if (next !== phase && next.restart) sink = createExperimentMetrics(run.experiment);
      phase = next;
      generator.tick(sink, phase.traffic, options.rps, step, [tally]);
      if (phase.traffic.up) await scrape(sink, options.startMs + k * step * 1000, i);
    }
    sent.push(tally);
  }
  return { families, sent, samples };
}

/** The OpenMetrics text, in chunks: each family's series together, then `# EOF`. */
export function* openMetrics(families: Families): Generator<string> {
  for (const family of families.values()) {
    for (const lines of family.values()) yield `${lines.join("\n")}\n`;
  }
  yield "# EOF\n";
}
