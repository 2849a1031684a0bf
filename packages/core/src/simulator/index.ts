/** The traffic simulator's public face: run a scenario on a virtual clock and read or print its report. */
export type {
  AccuracyReport,
  CalibrationBand,
  ChannelAccuracy,
  Confusion,
  HoldWindowCoverage,
} from './accuracy-tally.ts';
export type { BlockingComparison, BlockingReport } from './blocking-tally.ts';
export { formatReport } from './format-report.ts';
export type { LeaseReport, ReuseGapReport } from './lease-tally.ts';
export { createRandom, type Random } from './random.ts';
export { runSimulation, type SimulationOptions } from './run-simulation.ts';
export {
  defaultPreset,
  isPresetId,
  type PresetId,
  presetConfig,
  presetIds,
  presets,
  type SimulationConfig,
  type SimulationOverrides,
} from './scenarios.ts';
export type { PoolSummary, SimulationReport, TrafficSummary } from './simulation-report.ts';
export type { CallKind } from './traffic.ts';
export { type Burst, type ChannelTraffic, defaultTrafficModel, type TrafficModel } from './traffic-model.ts';
