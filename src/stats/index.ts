// Always-valid inference for A/B experiments: pure functions, no I/O. The generated rules compute
// the same closed forms in PromQL; the promtool test generator and the calibration benchmark use
// these as the independent reference, and the experiment report reads its p-values and intervals
// from here.
export { alwaysValidPValue, halfWidth, logLikelihoodRatio, zBoundary } from "./mixture.ts";
export { pearsonChiSquare, srmBoundary, srmDetectionN, srmLogLikelihoodRatio, srmTest, type ArmCount, type SrmResult } from "./srm.ts";
export { armAccuracy, compareAccuracy, type ComparisonResult, type Outcomes } from "./proportions.ts";
export {
  DEFAULT_HORIZON_DAYS,
  MIN_LABELLED_PER_ARM,
  SPLIT_STANDARD_ERRORS,
  TAU_ACCURACY,
  TAU_SRM,
  horizonDays,
  perComparisonAlpha,
  splitMinimumRequests,
} from "./design.ts";
