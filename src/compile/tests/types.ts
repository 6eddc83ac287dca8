// The promtool unit-test file vocabulary, as plain objects. `comment` fields become YAML comments.
import type { InputSeries } from "./series.ts";

export interface ExpAlert {
  exp_labels: Record<string, string>;
  exp_annotations: Record<string, string>;
}

export interface AlertRuleTest {
  comment?: string;
  eval_time: string;
  alertname: string;
  exp_alerts: ExpAlert[];
}

export interface ExpSample {
  labels: string;
  value: number;
}

export interface PromqlExprTest {
  comment?: string;
  expr: string;
  eval_time: string;
  exp_samples: ExpSample[];
}

export interface TestGroup {
  name: string;
  interval: string;
  input_series: InputSeries[];
  alert_rule_test?: AlertRuleTest[];
  promql_expr_test?: PromqlExprTest[];
}

export interface TestFile {
  rule_files: string[];
  evaluation_interval: string;
  tests: TestGroup[];
}
