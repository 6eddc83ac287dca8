// What `exporter` and `simulate` share: load the experiments, pick each one's scenario by name,
// and the numeric flags both take.
import type { z } from "zod";
import { SCENARIOS } from "../../model/conventions.ts";
import { formatProblem } from "../../model/problem.ts";
import type { Experiment } from "../../model/schema.ts";
import type { Scenario } from "../../simulator/scenarios.ts";
import { UsageError } from "../errors.ts";
import type { Io } from "../io.ts";

export interface Chosen {
  experiment: Experiment;
  /** Undefined when the experiment has no such scenario (an alert it does not get): it runs healthy. */
  scenario: Scenario | undefined;
  healthy: Scenario;
}

/** Loads every experiment; undefined (problems printed) when any file is bad. */
export async function loadForScenario(dir: string, scenario: string, io: Io): Promise<Chosen[] | undefined> {
  const [{ loadExperiments }, { scenariosNamed }] = await Promise.all([import("../../load/index.ts"), import("../../simulator/scenarios.ts")]);
  const { experiments, problems } = await loadExperiments(dir, io.cwd);
  for (const p of problems) io.err(`${formatProblem(p)}\n`);
  if (problems.some((p) => p.severity === "error")) return undefined;
  const exps = experiments.map((e) => e.experiment);
  const { chosen, names } = scenariosNamed(exps, scenario);
  if (chosen.every((s) => s === undefined)) {
    throw new UsageError(`--scenario: unknown scenario "${scenario}"; expected one of ${names.join(", ")}`);
  }
  const { chosen: healthy } = scenariosNamed(exps, SCENARIOS.healthy);
  return exps.map((experiment, i) => ({ experiment, scenario: chosen[i], healthy: healthy[i]! }));
}

/** A whole number flag within bounds, from commander's string. */
export function intFlag(zod: typeof z, flag: string, min: number, max: number) {
  return zod.coerce
    .number({ error: `${flag} must be a number` })
    .int({ error: `${flag} must be a whole number` })
    .min(min, { error: `${flag} must be at least ${min}` })
    .max(max, { error: `${flag} must be at most ${max}` });
}

export function numberFlag(zod: typeof z, flag: string, min: number, max: number) {
  return zod.coerce
    .number({ error: `${flag} must be a number` })
    .min(min, { error: `${flag} must be at least ${min}` })
    .max(max, { error: `${flag} must be at most ${max}` });
}

export function parseFlags<T>(schema: z.ZodType<T>, raw: unknown): T {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => i.message).join("; "));
  return parsed.data;
}
