/** The shape of a simulation's report, and the parts of it that describe the run itself. */
import type { AccuracyReport } from './accuracy-tally.ts';
import type { BlockingReport } from './blocking-tally.ts';
import type { LeaseReport } from './lease-tally.ts';
import type { PoolPlan } from './pool-plan.ts';
import type { SimulationConfig } from './scenarios.ts';
import type { CallKind } from './traffic.ts';

export interface SimulationReport {
  scenario: {
    preset: string | null;
    description: string;
    days: number;
    startAt: string;
    seed: number;
    sessionsPerDay: number;
    sites: number;
    holdMinutes: number;
    policy: string;
    target: number;
  };
  pools: PoolSummary;
  traffic: TrafficSummary;
  accuracy: AccuracyReport;
  blocking: BlockingReport;
  leases: LeaseReport;
}

export interface PoolSummary {
  count: number;
  sizing: 'erlang' | 'given';
  /** Numbers in all pools. */
  numbers: number;
  /** The largest pool's figures (the only pool in single-site scenarios). */
  largest: {
    poolSize: number;
    busyHourSessionsPerHour: number;
    offeredLoad: number;
    erlangSize: number;
    predictedBlocking: number;
    effectiveHoldMinutes: number;
  };
  /** E[V] used for sizing: mean first → last activity of the model's visits. */
  expectedVisitSeconds: number;
}

export interface TrafficSummary {
  sessions: number;
  returningSessions: number;
  bounces: number;
  meanActivitySeconds: number | null;
  /** assignNumbers calls: one per page view and heartbeat. */
  requests: number;
  pageViews: number;
  heartbeats: number;
  /** Sessions whose page showed more than one number during the visit. */
  sessionsShownSeveralNumbers: number;
  calls: number;
  callsByKind: Record<CallKind, number>;
  /** Planned calls falling after the end of the run: not placed. */
  callsAfterEnd: number;
}

export function scenarioSummary(config: SimulationConfig, plan: PoolPlan): SimulationReport['scenario'] {
  return {
    preset: config.preset,
    description: config.description,
    days: config.days,
    startAt: new Date(Date.parse(config.startAt)).toISOString(),
    seed: config.seed,
    sessionsPerDay: config.traffic.sessionsPerDay,
    sites: plan.sites.length,
    holdMinutes: config.holdMinutes,
    policy: config.policy,
    target: config.target,
  };
}

export function poolSummary(config: SimulationConfig, plan: PoolPlan): PoolSummary {
  const largest = plan.sites.reduce((a, b) => (b.poolSize > a.poolSize ? b : a));
  return {
    count: plan.sites.length,
    sizing: config.poolSize === null ? 'erlang' : 'given',
    numbers: plan.sites.reduce((sum, site) => sum + site.poolSize, 0),
    largest: {
      poolSize: largest.poolSize,
      busyHourSessionsPerHour: largest.busyHourSessionsPerHour,
      offeredLoad: largest.sizing.offeredLoad,
      erlangSize: largest.sizing.poolSize,
      predictedBlocking: largest.predictedBlocking,
      effectiveHoldMinutes: largest.sizing.effectiveHoldMinutes,
    },
    expectedVisitSeconds: plan.expectedVisitSeconds,
  };
}
