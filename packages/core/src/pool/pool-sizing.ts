/**
 * Pool sizing: turns a pool's busy-hour traffic and hold into the number count that meets a blocking
 * target, with the neighbouring sizes, the LRU quarantine bonus and the 1.2× rule of thumb beside it.
 */
import { AppError } from '../errors.ts';
import { erlangB, erlangBSeries, maxOfferedLoad, offeredLoad, requiredServers } from './erlang-b.ts';

export interface PoolSizingInput {
  /** Busy-hour session arrivals into the pool; must be above 0. */
  sessionsPerHour: number;
  /** Mean visit, first to last activity with heartbeats, in seconds. */
  visitSeconds: number;
  /** The post-visit hold in minutes. */
  holdMinutes: number;
  /** The accepted blocking (fallback) share, strictly between 0 and 1: 0.01 for 1%. */
  target: number;
  /** How many sizes either side of the answer to report; 3 unless given. */
  around?: number;
}

export interface PoolSizeOption {
  size: number;
  blocking: number;
}

export interface PoolSizing {
  /** Mean concurrent sessions at the busy hour, in erlangs. */
  offeredLoad: number;
  /** The smallest pool whose blocking is at most the target. */
  poolSize: number;
  /** The blocking at `poolSize`. */
  blocking: number;
  /** Sizes from poolSize − around (never below 1) to poolSize + around, ascending. */
  nearby: PoolSizeOption[];
  /**
   * The hold a late caller effectively gets when free numbers are handed out least recently used first:
   * every spare number delays reuse by one arrival gap (reference §2.5).
   */
  effectiveHoldMinutes: number;
  /** What the common "1.2 × mean concurrency" rule would give, and the blocking it really gets. */
  heuristic: PoolSizeOption;
}

/** The most sizes either side that `sizePool` reports. */
export const maxAround = 1000;

export function sizePool(input: PoolSizingInput): PoolSizing {
  const { sessionsPerHour, visitSeconds, holdMinutes, target } = input;
  // Zero traffic makes the arrival gap, and so the effective hold, infinite: nothing to size for.
  if (!Number.isFinite(sessionsPerHour) || sessionsPerHour <= 0) {
    throw invalid('sessionsPerHour', 'sessionsPerHour must be a finite number above 0');
  }
  if (!Number.isFinite(visitSeconds) || visitSeconds < 0) {
    throw invalid('visitSeconds', 'visitSeconds must be a finite number ≥ 0');
  }
  if (!Number.isFinite(holdMinutes) || holdMinutes < 0) {
    throw invalid('holdMinutes', 'holdMinutes must be a finite number ≥ 0');
  }
  if (!Number.isFinite(target) || target <= 0 || target >= 1) {
    throw invalid('target', 'target must be a blocking share strictly between 0 and 1');
  }
  const around = input.around ?? 3;
  if (!Number.isSafeInteger(around) || around < 0 || around > maxAround) {
    throw invalid('around', `around must be a whole number from 0 to ${maxAround}`);
  }

  const load = offeredLoad({ sessionsPerHour, visitSeconds, holdMinutes });
  if (load > maxOfferedLoad) {
    throw invalid(
      'offeredLoad',
      `offeredLoad, sessionsPerHour × (visit + hold), is ${load} erlangs; at most ${maxOfferedLoad} are supported`,
    );
  }

  const poolSize = requiredServers(load, target);
  const from = Math.max(1, poolSize - around);
  const nearby = erlangBSeries(load, from, poolSize + around).map((blocking, i) => ({
    size: from + i,
    blocking,
  }));
  const blocking = nearby[poolSize - from]!.blocking;

  // §2.5 approximates the free numbers as N − A; N − A(1 − B) is the steady-state count it stands for,
  // and unlike N − A it never goes negative (above A ≈ 6,400 a 1% pool is smaller than A).
  const freeNumbers = Math.max(0, poolSize - load * (1 - blocking));
  const minutesBetweenArrivals = 60 / sessionsPerHour;
  const effectiveHoldMinutes = holdMinutes + freeNumbers * minutesBetweenArrivals;

  // 12A/10 rather than 1.2·A: for whole A it is exact, so ⌈⌉ cannot round 6.000…01 up to 7.
  const heuristicSize = Math.ceil((load * 12) / 10);
  const heuristic = { size: heuristicSize, blocking: erlangB(load, heuristicSize) };

  return { offeredLoad: load, poolSize, blocking, nearby, effectiveHoldMinutes, heuristic };
}

function invalid(field: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', { field }, message);
}
