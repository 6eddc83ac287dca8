// How runbook prose names a panel or another alert: as a link, and only when the experiment has
// it. A sentence built on a missing one gets undefined and is left out (see mdIf).
import { PANEL_TITLES, panelUrl, runbookUrl, type AlertName, type PanelKey } from "../../model/conventions.ts";
import { link, md, words, type Md } from "../markdown.ts";
import type { AlertContext } from "./spec.ts";

/** "the [A](…) panel" or "the [A](…) and [B](…) panels", of those the dashboard has; undefined if none. */
export function panels(ctx: AlertContext, ...keys: PanelKey[]): Md | undefined {
  const present = keys.filter((k) => ctx.panels.has(k));
  if (present.length === 0) return undefined;
  const links = present.map((k) => link(PANEL_TITLES[k], panelUrl(ctx.exp, k)));
  return md`the ${words(links)} ${present.length === 1 ? "panel" : "panels"}`;
}

/** A link to another alert's runbook, when the experiment has that alert. */
export function alertLink(ctx: AlertContext, name: AlertName): Md | undefined {
  return ctx.alerts.has(name) ? link(name, runbookUrl(ctx.exp, name)) : undefined;
}
