// The Prometheus version a run validates for (`--prometheus-version`, `prometheusVersion` in
// abwatch.config.ts; default 2.42, the promtool the project tests with), and the release that
// introduced each rule-file field and PromQL feature newer than 2.26. A feature newer than the
// target is an error naming that release. Every release below was checked against Prometheus's
// CHANGELOG.md (or, where it is silent, the first release tag containing the change):
//   limit 2.31 (#9260), keep_firing_for 2.42 (#11827), query_offset 2.53 (#14061),
//   group labels 3.0 (f253d36, first tagged in v3.0.0), @ and negative offset stable 2.33 (#10121),
//   quoted (UTF-8) names 3.0 (UTF-8 enabled by default); functions: see ./promql/functions.ts.

export interface PrometheusVersion {
  major: number;
  minor: number;
}

export const DEFAULT_PROMETHEUS_VERSION = "2.42";

/** `2.42`, `2.42.0`, `v3.1`: major and minor count, a patch number is accepted and ignored. */
export function parseVersion(text: string): PrometheusVersion | undefined {
  const m = /^v?(\d{1,3})(?:\.(\d{1,3}))?(?:\.\d{1,3})?$/.exec(text.trim());
  if (m === null) return undefined;
  return { major: Number(m[1]), minor: Number(m[2] ?? 0) };
}

/** The default target, parsed. */
export const DEFAULT_TARGET: PrometheusVersion = { major: 2, minor: 42 };

export function formatVersion(v: PrometheusVersion): string {
  return `${v.major}.${v.minor}`;
}

/** Whether the target has a feature introduced in `since` ("2.53"). */
const parsedSince = new Map<string, PrometheusVersion | undefined>();

export function atLeast(target: PrometheusVersion, since: string): boolean {
  let s = parsedSince.get(since);
  if (s === undefined) {
    s = parseVersion(since);
    parsedSince.set(since, s);
  }
  if (s === undefined) throw new Error(`bad version in the feature table: ${since}`);
  return target.major !== s.major ? target.major > s.major : target.minor >= s.minor;
}

/** Rule-file fields that older Prometheus versions do not know (their decoder rejects them). */
export const RULE_FIELD_SINCE = {
  group: { limit: "2.31", query_offset: "2.53", labels: "3.0" },
  rule: { keep_firing_for: "2.42" },
} as const;

/** PromQL syntax introduced after 2.26 (stable, without a feature flag). */
export const SYNTAX_SINCE = {
  atan2: "2.31",
  atModifier: "2.33",
  negativeOffset: "2.33",
  quotedNames: "3.0",
  /** `[5m * 2]`: behind --enable-feature=promql-duration-expr from 3.4 (#16249), on by default in 3.14 (#19033). */
  durationExpressions: "3.14",
  /** `anchored` / `smoothed`: experimental (promql-extended-range-selectors) from 3.7 (#16457). */
  extendedRangeSelectors: "3.7",
  /** `fill()`, `fill_left()`, `fill_right()`: experimental (promql-binop-fill-modifiers) from 3.10 (#17644). */
  fillModifiers: "3.10",
} as const;

/** "Prometheus 2.53 or later (the target is 2.42; ...)", for "X needs ..." messages. */
export function laterThan(since: string, target: PrometheusVersion): string {
  return `Prometheus ${since} or later (the target is ${formatVersion(target)}; see --prometheus-version)`;
}
