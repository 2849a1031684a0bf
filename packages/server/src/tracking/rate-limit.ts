/**
 * The snippet API's limit per client IP and site: a token bucket holding a minute's allowance, so a
 * burst of page loads from one office behind NAT passes while a script draining a pool does not. Per
 * process: behind a load balancer each node enforces it on its own share of the traffic.
 */
import type { Clock } from '@calltrail/core';

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  readonly #perMinute: number;
  readonly #clock: Clock;
  readonly #buckets = new Map<string, Bucket>();
  #sweptAt = 0;

  /** `perMinute` 0 allows everything. */
  constructor(perMinute: number, clock: Clock) {
    this.#perMinute = perMinute;
    this.#clock = clock;
  }

  /** Takes one request from the bucket; returns the seconds to wait when it is empty, else 0. */
  take(key: string): number {
    if (this.#perMinute === 0) return 0;
    const now = this.#clock.now().getTime();
    const ratePerMs = this.#perMinute / 60_000;
    this.#sweep(now, ratePerMs);
    const bucket = this.#buckets.get(key) ?? { tokens: this.#perMinute, at: now };
    bucket.tokens = Math.min(this.#perMinute, bucket.tokens + (now - bucket.at) * ratePerMs);
    bucket.at = now;
    this.#buckets.set(key, bucket);
    if (bucket.tokens < 1) return Math.ceil((1 - bucket.tokens) / ratePerMs / 1000);
    bucket.tokens -= 1;
    return 0;
  }

  // Buckets refilled to the brim carry no information: drop them once a minute to bound memory.
  #sweep(now: number, ratePerMs: number): void {
    if (now - this.#sweptAt < 60_000) return;
    this.#sweptAt = now;
    for (const [key, bucket] of this.#buckets) {
      if (bucket.tokens + (now - bucket.at) * ratePerMs >= this.#perMinute) this.#buckets.delete(key);
    }
  }
}
