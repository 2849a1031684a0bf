/**
 * Erlang's loss formula: the share of sessions a pool of N numbers turns away at a given offered load.
 *
 * Sessions form an M/G/N/N loss system (reference §2.1), so blocking depends on the holding time only
 * through its mean; that is why one number, the offered load in erlangs, is all the input it needs.
 */
import { AppError } from '../errors.ts';

/**
 * The largest offered load accepted, in erlangs. No call-tracking pool comes near a million concurrent
 * sessions; the bound keeps every loop here to a few million steps when the input is hostile.
 */
export const maxOfferedLoad = 1_000_000;

export interface OfferedLoadInput {
  /** Busy-hour session arrivals into the pool, not the daily mean (reference §2.2). */
  sessionsPerHour: number;
  /** Mean visit, first to last activity with heartbeats, in seconds. */
  visitSeconds: number;
  /** The post-visit hold in minutes: the lease lives this long after the last activity. */
  holdMinutes: number;
}

/** Mean concurrent sessions in erlangs: A = λ · (E[V] + H). */
export function offeredLoad(input: OfferedLoadInput): number {
  const sessionsPerHour = nonNegative(input.sessionsPerHour, 'sessionsPerHour');
  const visitSeconds = nonNegative(input.visitSeconds, 'visitSeconds');
  const holdMinutes = nonNegative(input.holdMinutes, 'holdMinutes');
  // Dividing last keeps whole-number results exact (60/h · 1080 s is 18, not 17.999…).
  return (sessionsPerHour * (visitSeconds + holdMinutes * 60)) / 3600;
}

/** B(A, N): the probability that a session arriving at load A finds all N numbers leased. */
export function erlangB(offeredLoad: number, servers: number): number {
  const load = checkLoad(offeredLoad);
  const n = checkServers(servers, 'servers');
  let blocking = 1;
  for (let k = 1; k <= n && blocking > 0; k++) blocking = step(load, k, blocking);
  return blocking;
}

/** The most sizes `erlangBSeries` returns at once; enough for any chart, small enough to allocate. */
export const maxSeriesLength = 100_001;

/** B(A, N) for every N from `fromServers` to `toServers` inclusive, in one pass of the recursion. */
export function erlangBSeries(offeredLoad: number, fromServers: number, toServers: number): number[] {
  const load = checkLoad(offeredLoad);
  const from = checkServers(fromServers, 'fromServers');
  const to = checkServers(toServers, 'toServers');
  if (to < from || to - from + 1 > maxSeriesLength) {
    throw new AppError(
      'VALIDATION_FAILED',
      { field: 'toServers' },
      `toServers must be between fromServers and fromServers + ${maxSeriesLength - 1}`,
    );
  }
  const series: number[] = [];
  let blocking = 1;
  for (let k = 0; k <= to; k++) {
    if (k > 0) blocking = step(load, k, blocking);
    if (k >= from) series.push(blocking);
    // Once B underflows it stays 0; stopping here keeps a far-off `fromServers` cheap.
    if (blocking === 0) {
      while (series.length < to - from + 1) series.push(0);
      break;
    }
  }
  return series;
}

/** The smallest pool whose blocking at this load is at most `targetBlocking` (e.g. 0.01 for 1%). */
export function requiredServers(offeredLoad: number, targetBlocking: number): number {
  const load = checkLoad(offeredLoad);
  if (!Number.isFinite(targetBlocking) || targetBlocking <= 0 || targetBlocking >= 1) {
    throw new AppError(
      'VALIDATION_FAILED',
      { field: 'targetBlocking' },
      'targetBlocking must be a probability strictly between 0 and 1',
    );
  }
  // B falls strictly with N and reaches 0 (in doubles) within a few times A steps, so this ends.
  let servers = 0;
  let blocking = 1;
  while (blocking > targetBlocking) {
    servers++;
    blocking = step(load, servers, blocking);
  }
  return servers;
}

/**
 * One step of the recursion 1/B(A,k) = 1 + (k/A)·(1/B(A,k−1)), taken on B rather than 1/B: the
 * reciprocal form overflows to Infinity once N is far above A, while this one only underflows to 0,
 * and it needs no special case for A = 0.
 */
function step(load: number, k: number, previous: number): number {
  const carried = load * previous;
  return carried / (k + carried);
}

function checkLoad(load: number): number {
  if (!Number.isFinite(load) || load < 0) {
    throw new AppError(
      'VALIDATION_FAILED',
      { field: 'offeredLoad' },
      'offeredLoad must be a finite number ≥ 0',
    );
  }
  if (load > maxOfferedLoad) {
    throw new AppError(
      'VALIDATION_FAILED',
      { field: 'offeredLoad' },
      `offeredLoad must be at most ${maxOfferedLoad} erlangs`,
    );
  }
  return load;
}

function checkServers(servers: number, field: string): number {
  if (!Number.isSafeInteger(servers) || servers < 0) {
    throw new AppError('VALIDATION_FAILED', { field }, `${field} must be a whole number ≥ 0`);
  }
  return servers;
}

function nonNegative(value: number, field: string): number {
  if (!Number.isFinite(value) || value < 0) {
    throw new AppError('VALIDATION_FAILED', { field }, `${field} must be a finite number ≥ 0`);
  }
  return value;
}
