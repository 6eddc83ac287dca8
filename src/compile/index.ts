// compileExperiment: one experiment → every artifact it gets, as typed values (pure; emit writes
// them). compileShared: what all experiments share, the Alertmanager configuration.
import type * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import type { Experiment } from "../model/schema.ts";
import { compileDashboard } from "./dashboard/index.ts";
import { compileAlertmanager } from "./routes/index.ts";
import type { AlertmanagerConfig } from "./routes/types.ts";
import { compileRuleFile } from "./rules/index.ts";
import type { AlertingRule, RuleFile } from "./rules/types.ts";
import { compileRunbooks, type Runbook } from "./runbooks/index.ts";
import { compileScheduleTests, compileTests } from "./tests/index.ts";
import type { TestFile } from "./tests/types.ts";

export interface ExperimentArtifacts {
  dashboard: dashboard.Dashboard;
  rules: RuleFile;
  tests: TestFile;
  /** Only with schedule dates: the lifecycle alerts' tests in 30-day steps. */
  scheduleTests: TestFile | undefined;
  runbooks: Runbook[];
}

/** `source` is the experiment file, as runbooks name it. */
export function compileExperiment(exp: Experiment, source: string): ExperimentArtifacts {
  const rules = compileRuleFile(exp);
  const alerting = rules.groups.flatMap((g) => g.rules.filter((r): r is AlertingRule => "alert" in r));
  return {
    dashboard: compileDashboard(exp),
    rules,
    tests: compileTests(exp),
    scheduleTests: compileScheduleTests(exp),
    runbooks: compileRunbooks(exp, source, alerting),
  };
}

export interface SharedArtifacts {
  alertmanager: AlertmanagerConfig;
}

export function compileShared(experiments: readonly Experiment[]): SharedArtifacts {
  return { alertmanager: compileAlertmanager(experiments) };
}
