/**
 * The load a run offered its pools, hour by hour: the mean number of sessions that would hold a number
 * if none were turned away, A(t) = ∫₀^∞ λ(t − u) · P(S > u) du (the occupancy of an infinite-server
 * queue with time-varying arrivals). λ is the model's expected rate, and S the holding times the run's
 * sessions actually had. Unlike λ_peak · E[S], it carries the lag of occupancy behind arrivals, which
 * matters when the hold is as long as the busy period is steep.
 */
import type { ArrivalIntensity } from './arrival-intensity.ts';

const binMs = 60_000;
const hourMs = 3_600_000;
/** Holding times are kept by minute up to a day; the rare longer one is cut at a day. */
const maxBins = 24 * 60;

/** Holding times, kept as what each minute of elapsed time contributes to the load. */
export class HoldingTimes {
  /** Holding times whose whole minutes are k. */
  readonly #whole = new Float64Array(maxBins);
  /** The fractions of a minute those holding times run into minute k. */
  readonly #fraction = new Float64Array(maxBins);
  #count = 0;
  #totalMs = 0;

  add(ms: number): void {
    const minutes = Math.min(maxBins - 1e-9, ms / binMs);
    const k = Math.floor(minutes);
    this.#whole[k]!++;
    this.#fraction[k]! += minutes - k;
    this.#count++;
    this.#totalMs += ms;
  }

  get meanMs(): number {
    return this.#count === 0 ? 0 : this.#totalMs / this.#count;
  }

  /** ∫ₖ^{k+1} P(S > u) du for each minute k (u in minutes), exact for the recorded holding times. */
  survivalByMinute(): number[] {
    const survival: number[] = [];
    // Holding times that last past minute k + 1 count whole; those ending inside it, by their fraction.
    let beyond = this.#count;
    for (let k = 0; k < maxBins && beyond > 0; k++) {
      beyond -= this.#whole[k]!;
      survival.push((beyond + this.#fraction[k]!) / this.#count);
    }
    return survival;
  }
}

/** A(t) averaged over each hour of [startMs, endMs), all pools together, in erlangs. */
export function offeredLoadByHour(
  intensity: ArrivalIntensity,
  holding: HoldingTimes,
  startMs: number,
  endMs: number,
): number[] {
  const survival = holding.survivalByMinute();
  const minutes = Math.ceil((endMs - startMs) / binMs);
  // Arrivals expected in each minute; before the run there were none, as the pools start empty.
  const arrivals = Array.from({ length: minutes }, (_, j) =>
    intensity.expected(startMs + j * binMs, Math.min(endMs, startMs + (j + 1) * binMs)),
  );
  const hours = Math.max(1, Math.ceil((endMs - startMs) / hourMs));
  const sums = new Array<number>(hours).fill(0);
  const counts = new Array<number>(hours).fill(0);
  for (let j = 0; j < minutes; j++) {
    // The load at the end of minute j: arrivals k minutes back have been there (k, k + 1] minutes.
    let load = 0;
    for (let k = 0; k < survival.length && k <= j; k++) load += arrivals[j - k]! * survival[k]!;
    const hour = Math.floor(j / 60);
    sums[hour]! += load;
    counts[hour]!++;
  }
  return sums.map((sum, hour) => sum / Math.max(1, counts[hour]!));
}
