import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRandom, type Random } from './random.ts';

function sample(n: number, draw: () => number): { mean: number; variance: number } {
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const x = draw();
    sum += x;
    squares += x * x;
  }
  const mean = sum / n;
  return { mean, variance: squares / n - mean * mean };
}

function draws(random: Random, n: number): number[] {
  return Array.from({ length: n }, () => random.next());
}

describe('the seeded random source', () => {
  test('the same seed gives the same numbers, another seed other numbers', () => {
    assert.deepEqual(draws(createRandom(42), 5), draws(createRandom(42), 5));
    assert.notDeepEqual(draws(createRandom(42), 5), draws(createRandom(43), 5));
  });

  test('seed 0 works like any other (the state is never all zero)', () => {
    const values = draws(createRandom(0), 100);
    assert.ok(new Set(values).size === 100);
  });

  test('a fork is reproducible and does not shift its parent beyond the one draw that seeded it', () => {
    const a = createRandom(7);
    const b = createRandom(7);
    const forkA = a.fork();
    const forkB = b.fork();
    assert.deepEqual(draws(forkA, 5), draws(forkB, 5));
    draws(forkA, 100);
    assert.deepEqual(draws(a, 3), draws(b, 3));
  });

  test('uniforms stay in [0, 1) and average one half', () => {
    const random = createRandom(1);
    let min = 1;
    let max = 0;
    const { mean } = sample(100_000, () => {
      const x = random.next();
      min = Math.min(min, x);
      max = Math.max(max, x);
      return x;
    });
    assert.ok(min >= 0 && max < 1);
    assert.ok(Math.abs(mean - 0.5) < 0.005, `mean ${mean}`);
  });

  // Tolerances are about 5 standard errors of each sample mean: a fixed seed passes or fails for good.
  const cases: {
    name: string;
    draw: (r: Random) => number;
    mean: number;
    variance?: number;
    tolerance: number;
  }[] = [
    { name: 'normal', draw: (r) => r.normal(), mean: 0, variance: 1, tolerance: 0.02 },
    {
      name: 'exponential(rate 2)',
      draw: (r) => r.exponential(2),
      mean: 0.5,
      variance: 0.25,
      tolerance: 0.01,
    },
    { name: 'geometric(mean 2)', draw: (r) => r.geometric(2), mean: 2, variance: 6, tolerance: 0.05 },
    { name: 'poisson(3)', draw: (r) => r.poisson(3), mean: 3, variance: 3, tolerance: 0.04 },
    { name: 'poisson(250)', draw: (r) => r.poisson(250), mean: 250, variance: 250, tolerance: 0.4 },
    {
      name: 'lognormal(median 90, σ 1.18)',
      draw: (r) => r.lognormal(90, 1.18),
      mean: 90 * Math.exp(1.18 ** 2 / 2),
      tolerance: 6,
    },
  ];
  for (const { name, draw, mean, variance, tolerance } of cases) {
    test(`${name} has mean ${mean.toFixed(2)}${variance === undefined ? '' : ` and variance ${variance}`}`, () => {
      const random = createRandom(2026);
      const stats = sample(100_000, () => draw(random));
      assert.ok(Math.abs(stats.mean - mean) < tolerance, `mean ${stats.mean}`);
      if (variance !== undefined) {
        assert.ok(Math.abs(stats.variance / variance - 1) < 0.05, `variance ${stats.variance}`);
      }
    });
  }

  test('a log-normal has the median it is given', () => {
    const random = createRandom(5);
    const values = Array.from({ length: 20_001 }, () => random.lognormal(300, 1.5)).sort((a, b) => a - b);
    assert.ok(Math.abs(values[10_000]! / 300 - 1) < 0.05, `median ${values[10_000]}`);
  });

  test('whole-number draws stay below their bound and cover it', () => {
    const random = createRandom(9);
    const seen = new Set(Array.from({ length: 1_000 }, () => random.below(7)));
    assert.deepEqual([...seen].sort(), [0, 1, 2, 3, 4, 5, 6]);
  });
});
