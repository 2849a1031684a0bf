/**
 * Pool health: turns one hour of a pool's traffic (how sessions were served) and its lease history into
 * the offered load, the blocking seen against the blocking Erlang B predicts, the size the pool's
 * target calls for, and how soon numbers went to a new visitor after the last one's window closed.
 */
import { AppError } from '../errors.ts';
import { erlangB, maxOfferedLoad, requiredServers } from './erlang-b.ts';
import { type Lease, leaseWindowEnd } from './lease.ts';

const hourSeconds = 3600;

/** How one hour's new sessions were served by a pool (the pool_hours counters). */
export interface PoolHourCounts {
  /** New sessions that asked the pool for a number. */
  sessions: number;
  /** Got a free number. */
  leased: number;
  /** Found every number leased and were shown the fallback (business) number. */
  fallbacks: number;
  /** Found every number leased and were shown the overflow number. */
  overflows: number;
  /** Found every number leased and took one over from a live session. */
  reused: number;
}

/** What the lease history says about the leases that started in the hour. */
export interface LeaseHourStats {
  /** Leases that started in the hour. */
  leases: number;
  /** The sum of their holding times in seconds (see `leaseHoldingSeconds`). */
  holdingSeconds: number;
  /** The shortest handover gap in seconds of a handover in the hour (see `handoverGaps`); null if none. */
  shortestGapSeconds: number | null;
}

export interface PoolHealthInput {
  counts: PoolHourCounts;
  leases: LeaseHourStats;
  /** Numbers in the pool. */
  poolSize: number;
  /** The blocking share the pool is sized for, strictly between 0 and 1. */
  targetBlocking: number;
  /**
   * The holding time assumed when no lease started in the hour (every session blocked): the pool's
   * hold, a lower bound on the true holding time since it leaves the visit out.
   */
  fallbackHoldingSeconds: number;
  /** How much of the hour has been observed: 3600 (the default) once it is over, less for the current one. */
  observedSeconds?: number;
}

export interface PoolHealth {
  /** Sessions that found every number leased: fallbacks + overflows + reused. */
  blocked: number;
  /** Mean holding time, in seconds, of the leases that started in the hour. */
  meanHoldingSeconds: number;
  /** λ · E[holding], in erlangs: the mean number of sessions that want a number at once. */
  offeredLoad: number;
  /**
   * The mean share of the pool's numbers held in the hour: the carried load (the holding seconds of
   * the leases that started in the hour over the seconds observed) over the pool size, at most 1;
   * null for a pool without numbers.
   */
  utilisation: number | null;
  /** blocked / sessions; null in an hour without sessions. */
  observedBlocking: number | null;
  /** B(offeredLoad, poolSize); null when the load is beyond what Erlang B is computed for here. */
  predictedBlocking: number | null;
  /** The smallest pool with B(offeredLoad, N) ≤ targetBlocking; null as for predictedBlocking. */
  recommendedSize: number | null;
  /** The shortest handover gap in seconds; null when no number went to a new visitor. */
  shortestGap: number | null;
  /** Observed blocking above the target by more than chance explains (see `blockingAboveTarget`). */
  aboveTarget: boolean;
}

/**
 * One pool hour's health.
 *
 * The offered load is estimated as A = λ̂ · Ŝ, where λ̂ = sessions / observed seconds counts every
 * session that asked for a number, blocked or not (Erlang B wants the offered traffic, not the carried
 * one), and Ŝ is the mean holding time of the leases that started in the hour. By insensitivity
 * (reference §2.1) the mean is all Erlang B needs of the holding time. The estimate is low for an hour
 * whose leases are still being renewed: their holding so far is all that is known.
 */
export function poolHealth(input: PoolHealthInput): PoolHealth {
  const { counts, leases, poolSize, targetBlocking } = input;
  const observedSeconds = input.observedSeconds ?? hourSeconds;
  for (const [field, value] of Object.entries(counts)) count(value, field);
  count(leases.leases, 'leases');
  count(poolSize, 'poolSize');
  nonNegative(leases.holdingSeconds, 'holdingSeconds');
  nonNegative(input.fallbackHoldingSeconds, 'fallbackHoldingSeconds');
  share(targetBlocking, 'targetBlocking');
  if (!Number.isFinite(observedSeconds) || observedSeconds <= 0 || observedSeconds > hourSeconds) {
    throw invalid('observedSeconds', `observedSeconds must be above 0 and at most ${hourSeconds}`);
  }

  const blocked = counts.fallbacks + counts.overflows + counts.reused;
  const meanHoldingSeconds =
    leases.leases > 0 ? leases.holdingSeconds / leases.leases : input.fallbackHoldingSeconds;
  const offeredLoad = (counts.sessions * meanHoldingSeconds) / observedSeconds;
  // Leases that outlive the hour count wholly in it: for a steady load the leases carried over from
  // the hour before make up for them, and an hour that just started cannot hold more than the pool.
  const carriedLoad = leases.holdingSeconds / observedSeconds;
  const computable = offeredLoad <= maxOfferedLoad;
  return {
    blocked,
    meanHoldingSeconds,
    offeredLoad,
    utilisation: poolSize > 0 ? Math.min(1, carriedLoad / poolSize) : null,
    observedBlocking: counts.sessions > 0 ? blocked / counts.sessions : null,
    predictedBlocking: computable ? erlangB(offeredLoad, poolSize) : null,
    recommendedSize: computable ? requiredServers(offeredLoad, targetBlocking) : null,
    shortestGap: leases.shortestGapSeconds,
    aboveTarget: blockingAboveTarget({ sessions: counts.sessions, blocked, target: targetBlocking }),
  };
}

/** Fewer sessions than this in an hour say too little about blocking to alert on. */
export const alertMinSessions = 20;

/**
 * The false-alarm rate accepted per pool hour whose true blocking is exactly the target: 0.1%, about
 * one false alert per pool every six weeks at 24 evaluated hours a day. A pool running below its
 * target (the usual case for an Erlang-sized pool) alarms far less often.
 */
export const alertSignificance = 0.001;

export interface BlockingSample {
  sessions: number;
  blocked: number;
  target: number;
  /** At least this many sessions; `alertMinSessions` unless given. */
  minSessions?: number;
  /** The one-sided test's level; `alertSignificance` unless given. */
  significance?: number;
}

/**
 * Whether an hour's blocking is above the target beyond binomial noise. With the target as the true
 * blocking p, the blocked count of n sessions is Binomial(n, p); the hour alerts when it has at least
 * `minSessions` sessions and P(X ≥ blocked) is below `significance` (an exact one-sided binomial
 * test). At a 1% target that takes 4 blocked of 20 sessions, 6 of 100, 9 of 200 or 22 of 1,000.
 */
export function blockingAboveTarget(sample: BlockingSample): boolean {
  const { sessions, blocked, target } = sample;
  const minSessions = sample.minSessions ?? alertMinSessions;
  const significance = sample.significance ?? alertSignificance;
  if (sessions < minSessions || sessions === 0 || blocked <= sessions * target) return false;
  return binomialUpperTail(sessions, Math.min(blocked, sessions), target) < significance;
}

/**
 * P(X ≥ k) for X ~ Binomial(n, p), for k above the mean n·p. From there the terms only fall, so the sum
 * runs from pmf(k) upwards and stops once a term no longer changes it; pmf(k) comes from logarithms
 * so that large n neither overflows nor underflows on the way.
 */
export function binomialUpperTail(n: number, k: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  let logChoose = 0;
  for (let i = 1; i <= k; i++) logChoose += Math.log((n - k + i) / i);
  let term = Math.exp(logChoose + k * Math.log(p) + (n - k) * Math.log1p(-p));
  let sum = 0;
  const ratio = p / (1 - p);
  for (let j = k; j <= n && term > 0; j++) {
    sum += term;
    if (term < sum * Number.EPSILON) break;
    term *= ((n - j) / (j + 1)) * ratio;
  }
  return Math.min(1, sum);
}

/** The lease history a holding time is read from. */
export type LeaseHistory = Pick<Lease, 'startedAt' | 'lastActivityAt' | 'holdMs' | 'confirmed'> & {
  /** When the number went to the visitor's next session (or another session) before the window closed. */
  releasedAt: Date | null;
};

/**
 * How long a lease kept its number, in seconds: from its start to the end of its window, which is
 * the last activity plus the hold for a confirmed lease and the provisional 15 s for one never
 * confirmed, or the release when the number was handed on earlier.
 */
export function leaseHoldingSeconds(lease: LeaseHistory): number {
  return Math.max(0, (leaseHistoryEnd(lease) - lease.startedAt.getTime()) / 1000);
}

/** When a lease stopped holding its number, in epoch ms. */
export function leaseHistoryEnd(lease: LeaseHistory): number {
  const end = leaseWindowEnd(lease).getTime();
  return lease.releasedAt ? Math.min(end, lease.releasedAt.getTime()) : end;
}

export interface HandoverLease extends LeaseHistory {
  id: string;
  number: string;
  visitorId: string;
}

export interface Handover {
  number: string;
  /** When the new visitor's lease started. */
  at: Date;
  /** From the previous holder's window end to that start; 0 when the number was taken over live. */
  gapSeconds: number;
}

/**
 * Every handover of a number to a new visitor: for each lease, ordered by start (then id) per number,
 * whose predecessor belonged to another visitor, the time since the predecessor's window ended. A
 * visitor's own sessions passing the number along are not handovers: a call then reaches the same
 * caller whichever session it is credited to. Short gaps are where late calls of the previous visitor
 * get misattributed (reference §2.5).
 */
export function handoverGaps(leases: readonly HandoverLease[]): Handover[] {
  const ordered = [...leases].sort(
    (a, b) =>
      compare(a.number, b.number) || a.startedAt.getTime() - b.startedAt.getTime() || compare(a.id, b.id),
  );
  const handovers: Handover[] = [];
  for (let i = 1; i < ordered.length; i++) {
    const previous = ordered[i - 1]!;
    const lease = ordered[i]!;
    if (previous.number !== lease.number || previous.visitorId === lease.visitorId) continue;
    const gapMs = lease.startedAt.getTime() - leaseHistoryEnd(previous);
    handovers.push({ number: lease.number, at: lease.startedAt, gapSeconds: Math.max(0, gapMs / 1000) });
  }
  return handovers;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function count(value: number, field: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw invalid(field, `${field} must be a whole number ≥ 0`);
  }
}

function nonNegative(value: number, field: string): void {
  if (!Number.isFinite(value) || value < 0) throw invalid(field, `${field} must be a finite number ≥ 0`);
}

function share(value: number, field: string): void {
  if (!Number.isFinite(value) || value <= 0 || value >= 1) {
    throw invalid(field, `${field} must be a share strictly between 0 and 1`);
  }
}

function invalid(field: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', { field }, message);
}
