/** Specification of pool sizing: the answer, its neighbours, the LRU quarantine bonus and the 1.2× rule. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../errors.ts';
import { erlangB } from './erlang-b.ts';
import type { PoolSizingInput } from './pool-sizing.ts';
import { maxAround, sizePool } from './pool-sizing.ts';

/** Traffic with three-minute visits and no hold, so the load in erlangs is sessionsPerHour / 20. */
const atLoad = (load: number, target = 0.01): PoolSizingInput => ({
  sessionsPerHour: load * 20,
  visitSeconds: 180,
  holdMinutes: 0,
  target,
});

describe('sizePool', () => {
  const acceptance = [
    { load: 20, poolSize: 30 },
    { load: 200, poolSize: 221 },
  ];
  for (const { load, poolSize } of acceptance) {
    it(`sizes an offered load of ${load} at 1% blocking to ${poolSize} numbers`, () => {
      const sizing = sizePool(atLoad(load));
      assert.equal(sizing.offeredLoad, load);
      assert.equal(sizing.poolSize, poolSize);
      assert.equal(sizing.blocking, erlangB(load, poolSize));
      assert.ok(sizing.blocking <= 0.01);
    });
  }

  it('derives the load from traffic, visit and hold: 1/min with 3-minute visits and a 15-minute hold is 18', () => {
    const sizing = sizePool({ sessionsPerHour: 60, visitSeconds: 180, holdMinutes: 15, target: 0.001 });
    assert.equal(sizing.offeredLoad, 18);
    assert.equal(sizing.poolSize, 32);
  });

  it('lists three sizes either side by default, ascending, with blocking falling across the target', () => {
    const sizing = sizePool(atLoad(20));
    assert.deepEqual(
      sizing.nearby.map(({ size }) => size),
      [27, 28, 29, 30, 31, 32, 33],
    );
    for (const { size, blocking } of sizing.nearby) assert.equal(blocking, erlangB(20, size));
    assert.ok(sizing.nearby.every(({ blocking }, i, all) => i === 0 || blocking < all[i - 1]!.blocking));
    assert.ok(sizing.nearby[2]!.blocking > 0.01 && sizing.nearby[3]!.blocking <= 0.01);
  });

  const arounds = [
    { around: 0, sizes: [30] },
    { around: 1, sizes: [29, 30, 31] },
    { around: 5, sizes: [25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35] },
  ];
  for (const { around, sizes } of arounds) {
    it(`lists ${around} sizes either side when asked for ${around}`, () => {
      assert.deepEqual(
        sizePool({ ...atLoad(20), around }).nearby.map(({ size }) => size),
        sizes,
      );
    });
  }

  it('never lists a size below 1, even for a one-number pool', () => {
    // 1 session/h of 36 s is 0.01 erlangs; one number blocks 0.99% of it.
    const sizing = sizePool({ sessionsPerHour: 1, visitSeconds: 36, holdMinutes: 0, target: 0.01 });
    assert.equal(sizing.poolSize, 1);
    assert.deepEqual(
      sizing.nearby.map(({ size }) => size),
      [1, 2, 3, 4],
    );
  });

  // Reference §2.5: at λ = 1/min ten spare numbers add about ten minutes; at λ = 10/min 21 add about two.
  const quarantine = [
    { sessionsPerHour: 60, poolSize: 28, bonusMinutes: 10 },
    { sessionsPerHour: 600, poolSize: 201, bonusMinutes: 2.1 },
  ];
  for (const { sessionsPerHour, poolSize, bonusMinutes } of quarantine) {
    it(`adds about ${bonusMinutes} minutes of LRU quarantine to a 15-minute hold at ${sessionsPerHour} sessions/h`, () => {
      const sizing = sizePool({ sessionsPerHour, visitSeconds: 180, holdMinutes: 15, target: 0.01 });
      assert.equal(sizing.poolSize, poolSize);
      const bonus = sizing.effectiveHoldMinutes - 15;
      assert.ok(Math.abs(bonus - bonusMinutes) < 0.25, `bonus ${bonus} min`);
      // The free numbers at steady state are N − A(1 − B), each worth one arrival gap.
      const free = poolSize - sizing.offeredLoad * (1 - sizing.blocking);
      assert.ok(Math.abs(sizing.effectiveHoldMinutes - (15 + (free * 60) / sessionsPerHour)) < 1e-9);
    });
  }

  it('never shortens the hold, even where a 1% pool is smaller than the load', () => {
    const sizing = sizePool(atLoad(10_000));
    assert.ok(sizing.poolSize < sizing.offeredLoad);
    assert.ok(sizing.effectiveHoldMinutes > 0);
  });

  // Reference table 2.3, the ⌈1.2A⌉ column; each tolerance is half a unit of the printed digit.
  const heuristic = [
    { load: 5, size: 6, blocking: 0.192, tolerance: 0.0005 },
    { load: 20, size: 24, blocking: 0.066, tolerance: 0.0005 },
    { load: 50, size: 60, blocking: 0.022, tolerance: 0.0005 },
    { load: 200, size: 240, blocking: 0.0006, tolerance: 0.00005 },
    { load: 1000, size: 1200, blocking: 8e-11, tolerance: 0.5e-11 },
  ];
  for (const { load, size, blocking, tolerance } of heuristic) {
    it(`shows the 1.2× rule giving ${size} numbers at ${load} erlangs, blocking ${blocking * 100}%`, () => {
      const sizing = sizePool(atLoad(load));
      assert.equal(sizing.heuristic.size, size);
      assert.ok(Math.abs(sizing.heuristic.blocking - blocking) <= tolerance, `${sizing.heuristic.blocking}`);
    });
  }

  it('shows the 1.2× rule first meeting a 1% target at 76 erlangs, as §2.3 states', () => {
    let first = 0;
    for (let load = 1; load <= 200 && first === 0; load++) {
      if (sizePool(atLoad(load)).heuristic.blocking <= 0.01) first = load;
    }
    assert.equal(first, 76);
  });

  const invalid: { input: Partial<PoolSizingInput>; field: string; why: string }[] = [
    { input: { sessionsPerHour: -60 }, field: 'sessionsPerHour', why: 'negative traffic' },
    {
      input: { sessionsPerHour: 0 },
      field: 'sessionsPerHour',
      why: 'no traffic, whose quarantine is unbounded',
    },
    { input: { sessionsPerHour: Number.NaN }, field: 'sessionsPerHour', why: 'NaN traffic' },
    { input: { visitSeconds: -1 }, field: 'visitSeconds', why: 'a negative visit' },
    { input: { visitSeconds: Number.NaN }, field: 'visitSeconds', why: 'a NaN visit' },
    { input: { holdMinutes: -15 }, field: 'holdMinutes', why: 'a negative hold' },
    { input: { holdMinutes: Number.POSITIVE_INFINITY }, field: 'holdMinutes', why: 'an infinite hold' },
    { input: { target: 0 }, field: 'target', why: 'a target of 0' },
    { input: { target: 1 }, field: 'target', why: 'a target of 1' },
    { input: { target: -0.01 }, field: 'target', why: 'a negative target' },
    { input: { target: Number.NaN }, field: 'target', why: 'a NaN target' },
    { input: { around: -1 }, field: 'around', why: 'a negative around' },
    { input: { around: 1.5 }, field: 'around', why: 'a fractional around' },
    { input: { around: maxAround + 1 }, field: 'around', why: 'an around above the maximum' },
    {
      input: { sessionsPerHour: 1e9, holdMinutes: 60 },
      field: 'offeredLoad',
      why: 'traffic whose load exceeds the supported maximum',
    },
  ];
  for (const { input, field, why } of invalid) {
    it(`rejects ${why}, naming ${field}`, () => {
      assert.throws(
        () => sizePool({ ...atLoad(20), ...input }),
        (error: unknown) => {
          assert.ok(error instanceof AppError);
          assert.equal(error.code, 'VALIDATION_FAILED');
          assert.deepEqual(error.details, { field });
          assert.match(error.message, new RegExp(field));
          return true;
        },
      );
    });
  }
});
