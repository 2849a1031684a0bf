/** A seeded random source with the few distributions the traffic model needs, so a load run can be repeated. */

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Exponential with the given mean. */
  exponential(mean: number): number;
  /** Lognormal with the given median and shape σ (the standard deviation of its logarithm). */
  lognormal(median: number, sigma: number): number;
  /** Geometric on {0, 1, 2, …} with the given mean. */
  geometric(mean: number): number;
  /** One item, chosen with probability proportional to its weight. */
  pick<T>(items: readonly (readonly [T, number])[]): T;
}

/** mulberry32: 32 bits of state, fast, and good enough for traffic (not for secrets). */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => {
    // Box–Muller; 1 - next() keeps the logarithm's argument above zero.
    const u = 1 - next();
    const v = next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    exponential: (mean) => -Math.log(1 - next()) * mean,
    lognormal: (median, sigma) => median * Math.exp(sigma * normal()),
    geometric: (mean) => {
      if (mean <= 0) return 0;
      const p = 1 / (1 + mean);
      return Math.floor(Math.log(1 - next()) / Math.log(1 - p));
    },
    pick: (items) => {
      const total = items.reduce((sum, [, weight]) => sum + weight, 0);
      let r = next() * total;
      for (const [item, weight] of items) {
        r -= weight;
        if (r < 0) return item;
      }
      const last = items.at(-1);
      if (!last) throw new Error('pick() needs at least one item');
      return last[0];
    },
  };
}
