// The registry of checks that run after a file has parsed: lints (warnings; --strict makes them
// errors; style-class ones only with --lint) and abwatch's contract checks on its own artifacts. A plain array, like pint's
// CheckNames: adding a check is one file, one line here and one row in README.md.
import { alertmanagerInlineSecrets } from "./alertmanager-inline-secrets.ts";
import { alertmanagerMatchers } from "./alertmanager-matchers.ts";
import { alertmanagerReceivers } from "./alertmanager-receivers.ts";
import { alertmanagerTimeIntervals } from "./alertmanager-time-intervals.ts";
import { alertAnnotations } from "./alerts-annotations.ts";
import { alertForInterval } from "./alerts-for-interval.ts";
import { alertNameCase } from "./alerts-name-case.ts";
import { alertTemplateLabels } from "./alerts-template-labels.ts";
import { templatedSummary } from "./alerts-templated-summary.ts";
import { contractMetricsDashboard, contractMetricsRules } from "./contract-metrics.ts";
import { dashboardDatasource } from "./dashboard-datasource.ts";
import { placeholderLinksDashboard, placeholderLinksRules } from "./links-placeholder.ts";
import { histogramQuantileLe } from "./promql-histogram-quantile-le.ts";
import { rateCounter } from "./promql-rate-counter.ts";
import { duplicateRules } from "./rules-duplicate.ts";
import { testsAlertname } from "./tests-alertname.ts";
import type { AnyCheck } from "./types.ts";

export const checks: readonly AnyCheck[] = [
  histogramQuantileLe,
  rateCounter,
  alertAnnotations,
  templatedSummary,
  alertNameCase,
  alertForInterval,
  alertTemplateLabels,
  duplicateRules,
  contractMetricsRules,
  contractMetricsDashboard,
  placeholderLinksRules,
  placeholderLinksDashboard,
  dashboardDatasource,
  alertmanagerReceivers,
  alertmanagerTimeIntervals,
  alertmanagerMatchers,
  alertmanagerInlineSecrets,
  testsAlertname,
];

export type { AnyCheck, Check, CheckContext, ContractInfo, FileKind, FileModel } from "./types.ts";
