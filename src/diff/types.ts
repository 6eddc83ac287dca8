// What `abwatch diff` reports, as data: `--format json` prints a MonitoringDiff as it is, and the
// text and Markdown renderers read nothing else. Documented in the README ("What a reviewer sees").

/** One thing that changed about an entry, or for an added/removed entry one fact about it. */
export interface Change {
  /**
   * What changed, in on-call terms: `threshold`, `for`, `severity`, `label`, `receiver`, `runbook`,
   * `runbook text`, `expression`, `annotation` (alerts); `weight`, `control` (arms); `title`, `type`,
   * `query`, `legend`, `thresholds`, `unit`, `description`, `content`, `links`, `option` (panels);
   * `matchers`, `receiver`, `group_by`, … (routes); `config` (receivers).
   */
  field: string;
  /** Which one: the label or annotation name, a query's refId, a threshold's series, an option path. */
  key?: string;
  /** The value before; absent when the thing is new. */
  from?: string;
  /** The value after; absent when the thing is gone. */
  to?: string;
  /** Multi-line values (expressions, runbook text): renderers show a line diff, collapsed. */
  long?: boolean;
}

export interface Entry {
  kind: "added" | "removed" | "changed";
  /** The alert name, arm name, "Panel title (#id)", recording rule `name{labels}`, route path, … */
  subject: string;
  /** For `changed`: what changed. For `added`/`removed`: the facts a reviewer needs (severity, receiver, …). */
  changes: Change[];
  /** Recording rules only: the alerts and panels that read the series (`alert X`, `panel Title (#id)`). */
  readBy?: string[];
}

export interface ExperimentDiff {
  id: string;
  /** The experiment file, e.g. `experiments/checkout.ts` (when known). */
  source?: string;
  status: "added" | "removed" | "changed";
  alerts: Entry[];
  arms: Entry[];
  panels: Entry[];
  recordingRules: Entry[];
}

export interface RoutingDiff {
  routes: Entry[];
  receivers: Entry[];
  inhibitRules: Entry[];
}

export interface MonitoringDiff {
  /** Bumped when a field changes meaning. */
  version: 1;
  /** What was compared, as given: a git ref, a directory, "working tree". */
  base: string;
  head: string;
  /** True when anything below lists an entry: the monitoring changed. */
  changed: boolean;
  experiments: ExperimentDiff[];
  routing: RoutingDiff;
  /** Generated files outside what diff reads (promtool tests, deployment targets): changed, not interpreted. */
  otherFiles: { path: string; kind: "added" | "removed" | "changed" }[];
}

export const EXPERIMENT_CATEGORIES = ["alerts", "arms", "panels", "recordingRules"] as const;
export type ExperimentCategoryKey = (typeof EXPERIMENT_CATEGORIES)[number];
export const ROUTING_CATEGORIES = ["routes", "receivers", "inhibitRules"] as const;
export type RoutingCategoryKey = (typeof ROUTING_CATEGORIES)[number];
