/**
 * Fallback share against Erlang B. Each session counts once, at its first request: blocked when that
 * request got the fallback or overflow number or took over a live lease. Erlang's B(A, N) is the
 * probability that an arrival finds the pool full (PASTA, §2.1), so this is the share it predicts.
 *
 * The prediction uses the load the run actually offered (offered-load.ts), not the sizing estimate. A
 * session's holding time is what its lease lasts, or would have lasted had it got one: first request →
 * last activity + hold, or the 15 s provisional life of a visit that sends a single request. Busy hours
 * are the hours whose profile multiplier is within 5% of the run's highest (bursts left out); B is
 * read pointwise-stationary, B(A(t), N), at their mean load. Several pools are compared pool by pool,
 * each with its share of the load, and weighted by their sessions.
 */
import { erlangB } from '../pool/erlang-b.ts';
import { provisionalLeaseMs } from '../pool/lease.ts';
import type { ArrivalIntensity } from './arrival-intensity.ts';
import { HoldingTimes, offeredLoadByHour } from './offered-load.ts';
import { normalizeProfile, profileAt, type TrafficModel } from './traffic-model.ts';

const hourMs = 3_600_000;

export interface BlockingReport {
  /** The busy hours, as ISO 8601 starts. */
  busyHours: string[];
  busy: BlockingComparison;
  /** Every hour, each with its own offered load: Σ_h n_h · B(A_h, N) ÷ Σ_h n_h. */
  wholeRun: { sessions: number; blocked: number; share: number | null; predicted: number | null };
}

export interface BlockingComparison {
  sessions: number;
  blocked: number;
  share: number | null;
  /** 3 · √(B(1 − B) / n) at the predicted B: the binomial band, as if sessions were blocked independently. */
  error3Sigma: number | null;
  /**
   * 3 standard errors from the spread of the busy hours' own shares (batch means; null below 2 hours).
   * A large pool blocks in episodes as long as a holding time, so far fewer independent trials lie
   * behind the share than sessions, and this band is the honest one there.
   */
  error3SigmaBatches: number | null;
  /** Offered load of the busy hours, erlangs (summed over pools when there are several). */
  offeredLoad: number;
  /** The run's mean holding time. */
  meanHoldingSeconds: number;
  /** The load the pool was sized for: busy-hour λ · (E[V] + H). */
  sizingOfferedLoad: number;
  /** Numbers (summed over pools when there are several). */
  poolSize: number;
  /** B(A, N) at the actual busy-hour load; per pool, weighted by sessions, when there are several. */
  erlangB: number | null;
  /** |share − B| within the wider of the two bands. */
  withinError: boolean | null;
}

export interface PoolUnderTest {
  poolSize: number;
  sizingOfferedLoad: number;
  /** The pool's share of all sessions. */
  weight: number;
}

export class BlockingTally {
  readonly #startMs: number;
  readonly #endMs: number;
  readonly #hours: number;
  readonly #holdMs: number;
  readonly #arrivals: Float64Array[];
  readonly #blocked: Float64Array[];
  readonly #holding = new HoldingTimes();

  constructor(startMs: number, endMs: number, pools: number, holdMs: number) {
    const hours = Math.max(1, Math.ceil((endMs - startMs) / hourMs));
    this.#endMs = endMs;
    this.#startMs = startMs;
    this.#hours = hours;
    this.#holdMs = holdMs;
    this.#arrivals = Array.from({ length: pools }, () => new Float64Array(hours));
    this.#blocked = Array.from({ length: pools }, () => new Float64Array(hours));
  }

  /** One session's first request. `activityMs` is first → last request; `requests` how many it sends. */
  arrive(pool: number, atMs: number, blocked: boolean, activityMs: number, requests: number): void {
    const hour = Math.min(this.#hours - 1, Math.floor((atMs - this.#startMs) / hourMs));
    const holding = requests > 1 ? activityMs + this.#holdMs : Math.min(provisionalLeaseMs, this.#holdMs);
    this.#arrivals[pool]![hour]!++;
    this.#holding.add(holding);
    if (blocked) this.#blocked[pool]![hour]!++;
  }

  report(model: TrafficModel, intensity: ArrivalIntensity, pools: readonly PoolUnderTest[]): BlockingReport {
    const busyHours = this.#busyHours(model);
    const hourlyLoad = offeredLoadByHour(intensity, this.#holding, this.#startMs, this.#endMs);
    const busyLoad =
      busyHours.length === 0
        ? 0
        : busyHours.reduce((sum, hour) => sum + hourlyLoad[hour]!, 0) / busyHours.length;
    let sessions = 0;
    let blocked = 0;
    let weightedPrediction = 0;
    let runSessions = 0;
    let runBlocked = 0;
    let runPrediction = 0;
    pools.forEach((pool, p) => {
      const arrivals = this.#arrivals[p]!;
      const blocks = this.#blocked[p]!;
      let poolSessions = 0;
      for (const hour of busyHours) {
        poolSessions += arrivals[hour]!;
        blocked += blocks[hour]!;
      }
      sessions += poolSessions;
      weightedPrediction += poolSessions * erlangB(busyLoad * pool.weight, pool.poolSize);
      for (let hour = 0; hour < this.#hours; hour++) {
        const n = arrivals[hour]!;
        runSessions += n;
        runBlocked += blocks[hour]!;
        if (n > 0) runPrediction += n * erlangB(hourlyLoad[hour]! * pool.weight, pool.poolSize);
      }
    });
    const predicted = sessions === 0 ? null : weightedPrediction / sessions;
    const share = sessions === 0 ? null : blocked / sessions;
    const error3Sigma = predicted === null ? null : 3 * Math.sqrt((predicted * (1 - predicted)) / sessions);
    const error3SigmaBatches = this.#batchError(busyHours);
    const band = Math.max(error3Sigma ?? 0, error3SigmaBatches ?? 0);
    return {
      busyHours: busyHours.map((hour) => new Date(this.#hourStart(hour)).toISOString()),
      busy: {
        sessions,
        blocked,
        share,
        error3Sigma,
        error3SigmaBatches,
        offeredLoad: busyLoad,
        meanHoldingSeconds: this.#holding.meanMs / 1000,
        sizingOfferedLoad: pools.reduce((sum, pool) => sum + pool.sizingOfferedLoad, 0),
        poolSize: pools.reduce((sum, pool) => sum + pool.poolSize, 0),
        erlangB: predicted,
        withinError: share === null || predicted === null ? null : Math.abs(share - predicted) <= band,
      },
      wholeRun: {
        sessions: runSessions,
        blocked: runBlocked,
        share: runSessions === 0 ? null : runBlocked / runSessions,
        predicted: runSessions === 0 ? null : runPrediction / runSessions,
      },
    };
  }

  #batchError(hours: readonly number[]): number | null {
    const shares: number[] = [];
    for (const hour of hours) {
      let arrivals = 0;
      let blocked = 0;
      for (let p = 0; p < this.#arrivals.length; p++) {
        arrivals += this.#arrivals[p]![hour]!;
        blocked += this.#blocked[p]![hour]!;
      }
      if (arrivals > 0) shares.push(blocked / arrivals);
    }
    if (shares.length < 2) return null;
    const mean = shares.reduce((sum, x) => sum + x, 0) / shares.length;
    const variance = shares.reduce((sum, x) => sum + (x - mean) ** 2, 0) / (shares.length - 1);
    return 3 * Math.sqrt(variance / shares.length);
  }

  /** The start of an hour of the run; the hour after the last is the run's end, which may fall mid-hour. */
  #hourStart(hour: number): number {
    return Math.min(this.#endMs, this.#startMs + hour * hourMs);
  }

  #busyHours(model: TrafficModel): number[] {
    const daily = normalizeProfile(model.dailyProfile);
    const weekly = normalizeProfile(model.weeklyProfile);
    const levels = Array.from({ length: this.#hours }, (_, hour) =>
      profileAt(daily, weekly, this.#hourStart(hour)),
    );
    const peak = Math.max(...levels);
    return levels.flatMap((level, hour) => (level >= 0.95 * peak ? [hour] : []));
  }
}
