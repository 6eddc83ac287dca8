// One side of a diff: the monitoring of every experiment, as the diff categories read it. Built
// from compiled artifacts (from-compiled.ts) or from a generated tree on disk (from-tree.ts); the
// categories never know which.

export interface RuleInfo {
  group: string;
  kind: "record" | "alert";
  /** The recorded series or the alert name. */
  name: string;
  expr: string;
  for?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface PanelInfo {
  /** Identity across sides: `#<id>` when the panel has an id, else its title. */
  key: string;
  title: string;
  type: string;
  /** The panel as JSON, without its layout (gridPos) and nested panels. */
  raw: Record<string, unknown>;
}

export interface DashboardInfo {
  /** Top-level fields, without panels. */
  raw: Record<string, unknown>;
  /** Every panel, rows' nested panels included, rows themselves left out (layout only). */
  panels: PanelInfo[];
}

export interface ArmInfo {
  name: string;
  weight?: number;
  /** Known only when the experiment itself was compiled. */
  control?: boolean;
}

export interface ExperimentSnapshot {
  id: string;
  /** The experiment file (`experiments/<id>.ts`), when known. */
  source?: string;
  /** Undefined when the side does not tell (a tree without the arm-weight series). */
  arms?: ArmInfo[];
  rules: RuleInfo[];
  dashboard?: DashboardInfo;
  /** Runbook Markdown by alert name, without the generated-by header line. */
  runbooks: Map<string, string>;
}

export type MatchOp = "=" | "!=" | "=~" | "!~";

export interface LabelMatcher {
  name: string;
  op: MatchOp;
  value: string;
}

export interface RouteNode {
  receiver?: string;
  matchers: LabelMatcher[];
  continue: boolean;
  /** Routing options set on this node (group_by, group_wait, repeat_interval, …), as text. */
  options: Record<string, string>;
  routes: RouteNode[];
}

export interface AlertmanagerSnapshot {
  route?: RouteNode;
  /** Receiver configurations by name. */
  receivers: Map<string, Record<string, unknown>>;
  inhibitRules: Record<string, unknown>[];
}

export interface Snapshot {
  /** How the side was given: a git ref, a directory, "working tree". */
  label: string;
  experiments: Map<string, ExperimentSnapshot>;
  alertmanager?: AlertmanagerSnapshot;
  /** Generated files the categories do not read, by path: compared as text only. */
  otherFiles: Map<string, string>;
}
