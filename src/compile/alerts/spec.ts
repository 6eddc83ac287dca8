// What abwatch knows about one alert, kept in one file per alert: the rule, its annotations, its
// runbook, and the fault under which its generated promtool test proves it fires.
import type { AlertName, PanelKey } from "../../model/conventions.ts";
import type { Feature } from "../rules/quantities.ts";
import type { QuantityContext, Source } from "../rules/source.ts";
import type { ValueFormat } from "../humanize.ts";
import type { Family, Traffic } from "../../traffic/profile.ts";

export interface AlertContext extends QuantityContext {
  /** Reads quantities: recorded series normally, inlined expressions for the benchmark's baseline. */
  src: Source;
}

/** How the description shows its values: Go-template placeholders in the rule, text in the test. */
export interface Shown {
  value: string;
  model: string;
}

export interface Expected {
  /** The arm in the alert's model_name label; absent for experiment-level alerts. */
  arm?: string;
  /** The alert's value when the test asserts it firing. */
  value: number;
  /** Labels the expression itself carries besides model_name (e.g. those absent() copies). */
  labels?: Record<string, string>;
}

export interface AlertTest {
  /** Minute the fault starts (the test runs healthy before). */
  at: number;
  /** Minutes after `at` by which the condition holds for sure (a 5m rate window needs one). */
  settle: number;
  /** Minutes after `at` until the alert's windows hold only faulty data, so its value is the fault's. */
  window: number;
  /**
   * True when the condition starts exactly at `at + settle`: the test then also asserts the alert
   * pending one minute before `for` ends. Sliding-window statistics start gradually and skip it.
   */
  exact: boolean;
  /** The metric families the alert's rules read: the test feeds only these. */
  families: readonly Family[];
  fault(healthy: Traffic, ctx: AlertContext): Traffic;
  expect(ctx: AlertContext): Expected[];
  /** The alert keeps firing after its fault ends (a sequential test's conclusion is cumulative). */
  latched?: true;
}

export interface RunbookText {
  meaning: string;
  causes: string[];
  triage: string[];
}

export interface AlertSpec {
  name: AlertName;
  severity: "critical" | "warning";
  /** arm: one alert per arm; treatment: per treatment against the control; experiment: one alert. */
  scope: "arm" | "treatment" | "experiment";
  /** Alertmanager route override: drift goes to the data-science receiver. */
  route?: "drift";
  for: string;
  needs?: Feature | "schedule";
  panel: PanelKey;
  valueFormat: ValueFormat;
  expr(ctx: AlertContext): string;
  /** Plain text: pages show it before anyone opens the alert. */
  summary(ctx: AlertContext): string;
  description(ctx: AlertContext, shown: Shown): string;
  runbook(ctx: AlertContext): RunbookText;
  test: AlertTest;
}
