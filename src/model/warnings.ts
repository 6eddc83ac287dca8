// Warnings about valid experiments that would still mislead in production: links left at the
// spec's placeholders, and a schedule that has already ended. The caller passes the clock, so
// compile stays free of it and generated files never depend on it: only the warning does.
import { endSeconds } from "./dates.ts";
import { PLACEHOLDER_URLS } from "./defaults.ts";
import type { Sourced } from "./cross.ts";
import type { Problem } from "./problem.ts";

function get(obj: unknown, path: string): unknown {
  return path.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], obj);
}

export function experimentWarnings(all: readonly Sourced[], nowMs: number): Problem[] {
  const warnings: Problem[] = [];
  for (const { file, experiment: exp } of all) {
    const placeholders = Object.entries(PLACEHOLDER_URLS).filter(([field, url]) => get(exp, field) === url);
    if (placeholders.length > 0) {
      warnings.push({
        check: "model/placeholder-links",
        severity: "warning",
        file,
        message:
          `${placeholders.map(([field, url]) => `${field} is the placeholder ${url}`).join(", ")}: ` +
          "alerts and runbooks would send on-call engineers there; set where yours are served",
      });
    }
    const end = exp.schedule?.end;
    if (end !== undefined && endSeconds(end) * 1000 <= nowMs) {
      warnings.push({
        check: "model/schedule-ended",
        severity: "warning",
        file,
        path: ["schedule", "end"],
        message: `${end} has passed: ExperimentPastEndDate fires an hour after these rules are deployed; conclude the experiment or extend schedule.end`,
      });
    }
  }
  return warnings;
}
