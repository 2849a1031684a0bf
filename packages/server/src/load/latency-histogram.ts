/**
 * Latencies in log-spaced buckets (64 per doubling, so a percentile is within ~0.6% of the truth):
 * constant memory however long the run, unlike keeping every sample.
 */

const bucketsPerDoubling = 64;
// 1 µs to 2^30 µs (about 18 minutes) with room to spare.
const bucketCount = 31 * bucketsPerDoubling + 1;

export interface LatencyStats {
  count: number;
  p50: number;
  p99: number;
  p999: number;
  max: number;
  mean: number;
}

export class LatencyHistogram {
  readonly #counts = new Uint32Array(bucketCount);
  #count = 0;
  #sum = 0;
  #min = Number.POSITIVE_INFINITY;
  #max = 0;

  /** Records one latency in milliseconds (negative values count as zero). */
  record(ms: number): void {
    const us = Math.max(0, ms * 1000);
    const index = us < 1 ? 0 : Math.min(bucketCount - 1, 1 + Math.floor(Math.log2(us) * bucketsPerDoubling));
    this.#counts[index] = (this.#counts[index] ?? 0) + 1;
    this.#count++;
    this.#sum += us;
    if (us < this.#min) this.#min = us;
    if (us > this.#max) this.#max = us;
  }

  get count(): number {
    return this.#count;
  }

  /** The latency (ms) at quantile q in [0, 1]; 0 when nothing was recorded. */
  quantile(q: number): number {
    if (this.#count === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * this.#count));
    if (rank >= this.#count) return this.#max / 1000;
    let seen = 0;
    for (let i = 0; i < bucketCount; i++) {
      seen += this.#counts[i] ?? 0;
      if (seen >= rank) {
        // The bucket's geometric middle, kept within what was actually seen.
        const middle = i === 0 ? 0.5 : 2 ** ((i - 0.5) / bucketsPerDoubling);
        return Math.min(this.#max, Math.max(this.#min, middle)) / 1000;
      }
    }
    return this.#max / 1000;
  }

  stats(): LatencyStats {
    return {
      count: this.#count,
      p50: this.quantile(0.5),
      p99: this.quantile(0.99),
      p999: this.quantile(0.999),
      max: this.#max / 1000,
      mean: this.#count === 0 ? 0 : this.#sum / this.#count / 1000,
    };
  }
}
