// The load simulator: scenarios as traffic, driven live into an exporter or run in virtual time.
export { scenariosFor, scenariosNamed, type Scenario } from "./scenarios.ts";
export { DEFAULT_TICK_MS, MAX_CATCH_UP_MS, MAX_RPS, drive, type DriveOptions, type Driver, type SentCounts } from "./drive.ts";
export { RequestGenerator, emptyArmSent, type ArmSent, type Sampling, type Sent } from "./generator.ts";
export {
  DEFAULT_STEP_SECONDS,
  MAX_MINUTES,
  MAX_VIRTUAL_REQUESTS,
  openMetrics,
  simulateVirtual,
  type Families,
  type VirtualOptions,
  type VirtualPhase,
  type VirtualResult,
  type VirtualRun,
} from "./virtual.ts";
