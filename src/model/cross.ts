// Checks across experiments: what is unique in one file can still collide with another file.
import { dashboardUid } from "./conventions.ts";
import type { Problem } from "./problem.ts";
import type { Experiment, Receiver } from "./schema.ts";

export interface Sourced {
  file: string;
  experiment: Experiment;
}

export function crossExperimentProblems(all: readonly Sourced[]): Problem[] {
  const problems: Problem[] = [];
  const firstById = new Map<string, string>();
  const firstByUid = new Map<string, string>();
  const receivers = new Map<string, { file: string; json: string }>();
  for (const { file, experiment: exp } of all) {
    const seenId = firstById.get(exp.id);
    if (seenId !== undefined) {
      problems.push({
        check: "model/unique-id",
        severity: "error",
        file,
        path: ["id"],
        message: `duplicate experiment id "${exp.id}", already declared in ${seenId}`,
      });
    } else firstById.set(exp.id, file);

    const uid = dashboardUid(exp);
    const seenUid = firstByUid.get(uid);
    if (seenUid !== undefined && seenId === undefined) {
      problems.push({
        check: "model/unique-uid",
        severity: "error",
        file,
        path: exp.grafana.uid !== undefined ? ["grafana", "uid"] : ["id"],
        message: `dashboard uid "${uid}" is already used by ${seenUid}; set grafana.uid to a unique value`,
      });
    } else firstByUid.set(uid, file);

    for (const severity of ["critical", "warning", "drift"] as const) {
      const r: Receiver = exp.routing[severity];
      const json = JSON.stringify(r);
      const seen = receivers.get(r.name);
      if (seen !== undefined && seen.json !== json) {
        problems.push({
          check: "model/receiver-conflict",
          severity: "error",
          file,
          path: ["routing", severity],
          message: `receiver "${r.name}" is declared differently in ${seen.file}; give it another name or the same settings`,
        });
      } else if (seen === undefined) receivers.set(r.name, { file, json });
    }
  }
  return problems;
}
