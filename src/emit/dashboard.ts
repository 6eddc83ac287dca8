// Dashboard JSON: the "do not edit" header leads the description, the first key of the file,
// because the dashboard schema allows no extra top-level field for a comment.
import type * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import { generatedHeader } from "../model/conventions.ts";
import { toJson } from "./json.ts";

export function emitDashboard(model: dashboard.Dashboard, source: string): string {
  const header = generatedHeader(source);
  const description = model.description ? `${header}. ${model.description}` : `${header}.`;
  const { description: _own, ...rest } = model;
  return toJson({ description, ...rest });
}
