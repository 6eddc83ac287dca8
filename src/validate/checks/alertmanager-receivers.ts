// alertmanager/receivers: the root route names a receiver, every route's receiver exists, and
// receiver names are unique. amtool check-config refuses the same configurations.
import { problem, type ValidationProblem } from "../problem.ts";
import type { AlertmanagerModel } from "../kinds/alertmanager.ts";
import { defineCheck } from "./types.ts";

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export const alertmanagerReceivers = defineCheck<AlertmanagerModel>({
  name: "alertmanager/receivers",
  kind: "alertmanager",
  severity: "error",
  summary: "route without a receiver, route to an undefined receiver, or a receiver defined twice",
  run(model) {
    const out: ValidationProblem[] = [];
    const err = (path: (string | number)[], message: string) => out.push(problem(this.name, this.severity, model.file, message, { path, ...model.locate(path) }));
    const names = new Set<string>();
    const receivers = Array.isArray(model.config.receivers) ? model.config.receivers : [];
    receivers.forEach((r, i) => {
      if (!isObject(r) || typeof r.name !== "string") return;
      if (names.has(r.name)) err(["receivers", i, "name"], `receiver ${JSON.stringify(r.name)} is defined more than once`);
      names.add(r.name);
    });
    const route = model.config.route;
    if (!isObject(route)) {
      err([], "no route: Alertmanager needs a root route with a default receiver");
      return out;
    }
    if (typeof route.receiver !== "string" || route.receiver === "") err(["route"], "root route must specify a default receiver");
    const walk = (r: Record<string, unknown>, path: (string | number)[]) => {
      if (typeof r.receiver === "string" && r.receiver !== "" && !names.has(r.receiver)) {
        err([...path, "receiver"], `undefined receiver ${JSON.stringify(r.receiver)} used in route`);
      }
      const children = Array.isArray(r.routes) ? r.routes : [];
      children.forEach((c, i) => isObject(c) && walk(c, [...path, "routes", i]));
    };
    walk(route, ["route"]);
    return out;
  },
});
