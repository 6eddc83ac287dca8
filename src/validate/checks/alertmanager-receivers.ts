// alertmanager/receivers: the root route names a receiver, every route's receiver exists,
// receivers have unique names, and PagerDuty and Slack receivers say where to send (a key or
// a webhook URL, inline or in a file). amtool check-config refuses the same configurations.
import { problem, type ValidationProblem } from "../problem.ts";
import type { AlertmanagerModel } from "../kinds/alertmanager.ts";
import { defineCheck } from "./types.ts";

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export const alertmanagerReceivers = defineCheck<AlertmanagerModel>({
  name: "alertmanager/receivers",
  kind: "alertmanager",
  severity: "error",
  class: "bug",
  summary: "route without a receiver or to an undefined one; receiver unnamed, defined twice, or without its key/URL",
  run(model) {
    const out: ValidationProblem[] = [];
    const err = (path: (string | number)[], message: string) => out.push(problem(this.name, this.severity, model.file, message, { path, ...model.locate(path) }));
    const names = new Set<string>();
    const receivers = Array.isArray(model.config.receivers) ? model.config.receivers : [];
    const global = isObject(model.config.global) ? model.config.global : {};
    const has = (o: Record<string, unknown>, ...keys: string[]) => keys.some((k) => typeof o[k] === "string" && o[k] !== "");
    receivers.forEach((r, i) => {
      if (!isObject(r)) return;
      if (typeof r.name !== "string" || r.name === "") {
        err(["receivers", i], "missing name in receiver");
        return;
      }
      if (names.has(r.name)) err(["receivers", i, "name"], `receiver ${JSON.stringify(r.name)} is defined more than once`);
      names.add(r.name);
      const configs = (key: string) => (Array.isArray(r[key]) ? (r[key] as unknown[]) : []);
      configs("pagerduty_configs").forEach((c, j) => {
        if (isObject(c) && !has(c, "routing_key", "routing_key_file", "service_key", "service_key_file")) {
          err(["receivers", i, "pagerduty_configs", j], "missing service or routing key in PagerDuty config");
        }
      });
      configs("slack_configs").forEach((c, j) => {
        if (isObject(c) && !has(c, "api_url", "api_url_file") && !has(global, "slack_api_url", "slack_api_url_file")) {
          err(["receivers", i, "slack_configs", j], "no global Slack API URL set either inline or in a file");
        }
      });
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
