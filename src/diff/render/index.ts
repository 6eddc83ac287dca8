// The three renderings of a MonitoringDiff.
import type { MonitoringDiff } from "../types.ts";
import { renderMarkdown } from "./markdown.ts";
import { renderText } from "./text.ts";

export const DIFF_FORMATS = ["text", "md", "json"] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

export function renderDiff(format: DiffFormat, d: MonitoringDiff): string {
  if (format === "json") return `${JSON.stringify(d, null, 2)}\n`;
  if (format === "md") return renderMarkdown(d);
  return renderText(d);
}
