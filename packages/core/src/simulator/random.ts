/**
 * The simulator's seeded randomness: xoshiro128** (small, fast, well tested; 2^128 − 1 period) with the
 * few distributions the traffic model draws from. Same seed, same numbers, on every platform.
 */

export interface Random {
  /** Uniform on [0, 1). */
  next(): number;
  /** Uniform on [min, max). */
  uniform(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** A whole number uniform on [0, n). */
  below(n: number): number;
  /** Standard normal. */
  normal(): number;
  /** Log-normal given by its median and the σ of its logarithm (mean = median · e^(σ²/2)). */
  lognormal(median: number, sigma: number): number;
  /** Exponential with the given rate (mean 1/rate). */
  exponential(rate: number): number;
  /** Failures before the first success, given its mean: 0, 1, 2, … */
  geometric(mean: number): number;
  /** Poisson with the given mean. */
  poisson(mean: number): number;
  /** An independent stream, so one consumer's draws never shift another's. */
  fork(): Random;
}

/** splitmix32 spreads a small seed over the 128-bit state; xoshiro must never start all zero. */
function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export function createRandom(seed: number): Random {
  const mix = splitmix32(seed);
  let a = mix();
  let b = mix();
  let c = mix();
  let d = mix();
  if ((a | b | c | d) === 0) a = 1;

  function nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result;
  }

  const next = () => nextUint32() / 4294967296;
  // Box–Muller gives two normals per pair of uniforms; the second waits here for the next call.
  let spareNormal: number | null = null;
  function normal(): number {
    if (spareNormal !== null) {
      const spare = spareNormal;
      spareNormal = null;
      return spare;
    }
    const u = 1 - next();
    const v = next();
    const radius = Math.sqrt(-2 * Math.log(u));
    spareNormal = radius * Math.sin(2 * Math.PI * v);
    return radius * Math.cos(2 * Math.PI * v);
  }

  const random: Random = {
    next,
    uniform: (min, max) => min + (max - min) * next(),
    chance: (p) => next() < p,
    below: (n) => Math.floor(next() * n),
    normal,
    lognormal: (median, sigma) => median * Math.exp(sigma * normal()),
    exponential: (rate) => -Math.log(1 - next()) / rate,
    geometric(mean) {
      if (mean <= 0) return 0;
      const failure = mean / (1 + mean);
      return Math.floor(Math.log(1 - next()) / Math.log(failure));
    },
    poisson: (mean) => poisson(random, mean),
    fork: () => createRandom(nextUint32() ^ 0x5bd1e995),
  };
  return random;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/**
 * Knuth's product method for small means; above 30 it would need hundreds of uniforms, so it switches
 * to Hörmann's transformed rejection (PTRS), exact and O(1).
 */
function poisson(random: Random, mean: number): number {
  if (mean <= 0) return 0;
  if (mean < 30) {
    const limit = Math.exp(-mean);
    let count = 0;
    let product = random.next();
    while (product > limit) {
      count++;
      product *= random.next();
    }
    return count;
  }
  const logMean = Math.log(mean);
  const b = 0.931 + 2.53 * Math.sqrt(mean);
  const a = -0.059 + 0.02483 * b;
  const inverseAlpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = random.next() - 0.5;
    const v = random.next();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    const lhs = Math.log((v * inverseAlpha) / (a / (us * us) + b));
    if (lhs <= -mean + k * logMean - logFactorial(k)) return k;
  }
}

function logFactorial(k: number): number {
  if (k < 2) return 0;
  // Stirling's series; error below 1e-10 from k = 10, and the exact sum is cheap below that.
  if (k < 10) {
    let sum = 0;
    for (let i = 2; i <= k; i++) sum += Math.log(i);
    return sum;
  }
  return (k + 0.5) * Math.log(k) - k + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * k) - 1 / (360 * k ** 3);
}
