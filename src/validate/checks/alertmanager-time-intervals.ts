// alertmanager/time-intervals: routes may only mute or activate on time intervals the config
// defines (under time_intervals or the older mute_time_intervals), as amtool check-config demands.
import { problem, type ValidationProblem } from "../problem.ts";
import type { AlertmanagerModel } from "../kinds/alertmanager.ts";
import { defineCheck } from "./types.ts";

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export const alertmanagerTimeIntervals = defineCheck<AlertmanagerModel>({
  name: "alertmanager/time-intervals",
  kind: "alertmanager",
  severity: "error",
  class: "bug",
  summary: "route that mutes or activates on a time interval the config does not define",
  run(model) {
    const out: ValidationProblem[] = [];
    const defined = new Set<string>();
    for (const key of ["time_intervals", "mute_time_intervals"]) {
      const list = model.config[key];
      if (Array.isArray(list)) for (const t of list) if (isObject(t) && typeof t.name === "string") defined.add(t.name);
    }
    const walk = (r: Record<string, unknown>, path: (string | number)[]) => {
      for (const key of ["mute_time_intervals", "active_time_intervals"]) {
        const refs = r[key];
        if (!Array.isArray(refs)) continue;
        refs.forEach((name, i) => {
          if (typeof name === "string" && !defined.has(name)) {
            const p = [...path, key, i];
            out.push(problem(this.name, this.severity, model.file, `undefined time interval ${JSON.stringify(name)} used in route`, { path: p, ...model.locate(p) }));
          }
        });
      }
      const children = Array.isArray(r.routes) ? r.routes : [];
      children.forEach((c, i) => isObject(c) && walk(c, [...path, "routes", i]));
    };
    if (isObject(model.config.route)) walk(model.config.route, ["route"]);
    return out;
  },
});
