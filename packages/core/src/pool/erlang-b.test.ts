/** Specification of Erlang B: the blocking a pool sees at a load, and the smallest pool meeting a target. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../errors.ts';
import { erlangB, erlangBSeries, maxOfferedLoad, offeredLoad, requiredServers } from './erlang-b.ts';

/** The textbook form Σ A^k/k!, fine in doubles while A and N stay small. */
function erlangBClosedForm(load: number, servers: number): number {
  let term = 1;
  let sum = 1;
  for (let k = 1; k <= servers; k++) {
    term *= load / k;
    sum += term;
  }
  return term / sum;
}

function assertValidationError(run: () => unknown, field: string): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof AppError);
    assert.equal(error.code, 'VALIDATION_FAILED');
    assert.deepEqual(error.details, { field });
    assert.match(error.message, new RegExp(field));
    return true;
  });
}

describe('requiredServers', () => {
  // Reference table 2.3, main and extra rows.
  const table = [
    { load: 5, at1: 11, at01: 14 },
    { load: 10, at1: 18, at01: 21 },
    { load: 20, at1: 30, at01: 35 },
    { load: 50, at1: 64, at01: 71 },
    { load: 100, at1: 117, at01: 128 },
    { load: 200, at1: 221, at01: 238 },
    { load: 500, at1: 527, at01: 555 },
    { load: 1000, at1: 1029, at01: 1072 },
  ];
  for (const { load, at1, at01 } of table) {
    it(`needs ${at1} numbers at ${load} erlangs for 1% and ${at01} for 0.1%, as table 2.3 lists`, () => {
      assert.equal(requiredServers(load, 0.01), at1);
      assert.equal(requiredServers(load, 0.001), at01);
    });
  }

  for (const { load, at1, at01 } of table) {
    it(`returns the smallest such pool at ${load} erlangs: one number fewer misses the target`, () => {
      assert.ok(erlangB(load, at1) <= 0.01 && erlangB(load, at1 - 1) > 0.01);
      assert.ok(erlangB(load, at01) <= 0.001 && erlangB(load, at01 - 1) > 0.001);
    });
  }

  // The acceptance examples from the issue.
  const acceptance = [
    { load: 20, target: 0.01, expected: 30 },
    { load: 200, target: 0.01, expected: 221 },
  ];
  for (const { load, target, expected } of acceptance) {
    it(`sizes an offered load of ${load} at ${target * 100}% blocking to ${expected} numbers`, () => {
      assert.equal(requiredServers(load, target), expected);
    });
  }

  // Reference §2.4a: λ = 1/min, mean visit 3 min, and the hold varied.
  const holds = [
    { holdMinutes: 0, at1: 8, at01: 10 },
    { holdMinutes: 2.5, at1: 12, at01: 15 },
    { holdMinutes: 5, at1: 15, at01: 18 },
    { holdMinutes: 15, at1: 28, at01: 32 },
    { holdMinutes: 30, at1: 45, at01: 51 },
    { holdMinutes: 60, at1: 78, at01: 86 },
  ];
  for (const { holdMinutes, at1, at01 } of holds) {
    it(`counts a ${holdMinutes}-minute hold in the load, giving ${at1} / ${at01} numbers as §2.4a lists`, () => {
      const load = offeredLoad({ sessionsPerHour: 60, visitSeconds: 180, holdMinutes });
      assert.equal(requiredServers(load, 0.01), at1);
      assert.equal(requiredServers(load, 0.001), at01);
    });
  }

  it('stays exact at 10,000 erlangs, where a 1% pool is already slightly smaller than the load', () => {
    const load = 10_000;
    const spread = 3 * Math.sqrt(load);
    const at1 = requiredServers(load, 0.01);
    // B(A, A) ≈ √(2/(πA)) is below 1% once A passes about 6,400, so N@1% < A here (9,970).
    assert.equal(at1, 9970);
    assert.ok(at1 > load - spread && at1 < load + spread);
    assert.ok(erlangB(load, at1) <= 0.01 && erlangB(load, at1 - 1) > 0.01);
    const at01 = requiredServers(load, 0.001);
    assert.ok(at01 > load && at01 < load + spread, `N@0.1% = ${at01}`);
    assert.ok(erlangB(load, at01) <= 0.001 && erlangB(load, at01 - 1) > 0.001);
  });

  it('needs one number for a pool with no traffic, since an empty pool blocks everything', () => {
    assert.equal(requiredServers(0, 0.01), 1);
  });
});

describe('erlangB', () => {
  // Reference table 2.3: a pool sized to the mean concurrency. The table prints 16% for A = 20; it is 15.89%.
  const atMean = [
    { load: 5, percent: 28.5 },
    { load: 20, percent: 15.9 },
    { load: 50, percent: 10.5 },
    { load: 200, percent: 5.4 },
    { load: 1000, percent: 2.5 },
  ];
  for (const { load, percent } of atMean) {
    it(`blocks ${percent}% at ${load} erlangs when the pool has exactly ${load} numbers`, () => {
      const blocking = erlangB(load, load) * 100;
      assert.ok(Math.abs(blocking - percent) <= 0.1, `${blocking}% vs ${percent}%`);
    });
  }

  const small = [1, 2.5, 5, 13, 20];
  for (const load of small) {
    it(`agrees with the closed form Σ A^k/k! at ${load} erlangs for 0 to 40 numbers`, () => {
      for (let servers = 0; servers <= 40; servers++) {
        const expected = erlangBClosedForm(load, servers);
        const actual = erlangB(load, servers);
        assert.ok(Math.abs(actual - expected) <= 1e-12 * expected, `B(${load}, ${servers})`);
      }
    });
  }

  const edges = [
    { load: 0, servers: 0, expected: 1, why: 'an empty pool blocks even with no traffic' },
    { load: 0, servers: 1, expected: 0, why: 'no traffic is never blocked by a non-empty pool' },
    { load: 0, servers: 100_000, expected: 0, why: 'no traffic with a large pool' },
    { load: 100_000, servers: 0, expected: 1, why: 'an empty pool blocks everything' },
    { load: 1, servers: 100_000, expected: 0, why: 'a vast pool underflows to 0 instead of NaN' },
    { load: 3, servers: 1, expected: 0.75, why: 'one number: A/(1+A)' },
  ];
  for (const { load, servers, expected, why } of edges) {
    it(`gives ${expected} for ${load} erlangs on ${servers} numbers: ${why}`, () => {
      assert.equal(erlangB(load, servers), expected);
    });
  }

  it('stays finite and matches √(2/(πA)) at 100,000 erlangs on 100,000 numbers', () => {
    const blocking = erlangB(100_000, 100_000);
    const asymptote = Math.sqrt(2 / (Math.PI * 100_000));
    assert.ok(Number.isFinite(blocking) && blocking > 0 && blocking < 1);
    assert.ok(Math.abs(blocking / asymptote - 1) < 0.01, `${blocking} vs ${asymptote}`);
  });

  it('falls as numbers are added and rises as load grows', () => {
    for (let servers = 1; servers < 60; servers++) assert.ok(erlangB(30, servers) < erlangB(30, servers - 1));
    for (let load = 1; load < 60; load++) assert.ok(erlangB(load, 30) > erlangB(load - 1, 30));
  });

  const invalid = [
    { load: -1, servers: 3, field: 'offeredLoad', why: 'a negative load' },
    { load: Number.NaN, servers: 3, field: 'offeredLoad', why: 'a NaN load' },
    { load: Number.POSITIVE_INFINITY, servers: 3, field: 'offeredLoad', why: 'an infinite load' },
    { load: maxOfferedLoad + 1, servers: 3, field: 'offeredLoad', why: 'a load above the supported maximum' },
    { load: 5, servers: -1, field: 'servers', why: 'a negative pool' },
    { load: 5, servers: 2.5, field: 'servers', why: 'a fractional pool' },
    { load: 5, servers: Number.NaN, field: 'servers', why: 'a NaN pool' },
    { load: 5, servers: Number.POSITIVE_INFINITY, field: 'servers', why: 'an infinite pool' },
  ];
  for (const { load, servers, field, why } of invalid) {
    it(`rejects ${why}, naming ${field}`, () => {
      assertValidationError(() => erlangB(load, servers), field);
    });
  }
});

describe('requiredServers validation', () => {
  const invalid = [
    { load: -0.5, target: 0.01, field: 'offeredLoad', why: 'a negative load' },
    { load: Number.NaN, target: 0.01, field: 'offeredLoad', why: 'a NaN load' },
    { load: 20, target: 0, field: 'targetBlocking', why: 'a target of 0, which no pool reaches' },
    { load: 20, target: 1, field: 'targetBlocking', why: 'a target of 1, which an empty pool meets' },
    { load: 20, target: -0.01, field: 'targetBlocking', why: 'a negative target' },
    { load: 20, target: 1.5, field: 'targetBlocking', why: 'a target above 1' },
    { load: 20, target: Number.NaN, field: 'targetBlocking', why: 'a NaN target' },
  ];
  for (const { load, target, field, why } of invalid) {
    it(`rejects ${why}, naming ${field}`, () => {
      assertValidationError(() => requiredServers(load, target), field);
    });
  }
});

describe('erlangBSeries', () => {
  it('gives the same values as erlangB for every size in the range', () => {
    const series = erlangBSeries(20, 25, 35);
    assert.equal(series.length, 11);
    series.forEach((blocking, i) => {
      assert.equal(blocking, erlangB(20, 25 + i));
    });
  });

  it('includes size 0, where blocking is 1', () => {
    assert.deepEqual(erlangBSeries(3, 0, 1), [1, 0.75]);
  });

  it('fills zeros once blocking underflows, without walking the rest of the range', () => {
    const series = erlangBSeries(1, 99_000, 100_000);
    assert.equal(series.length, 1001);
    assert.ok(series.every((blocking) => blocking === 0));
  });

  const invalid = [
    { from: -1, to: 3, field: 'fromServers', why: 'a negative start' },
    { from: 1.5, to: 3, field: 'fromServers', why: 'a fractional start' },
    { from: 0, to: 2.5, field: 'toServers', why: 'a fractional end' },
    { from: 5, to: 4, field: 'toServers', why: 'an end below the start' },
    { from: 0, to: 200_000, field: 'toServers', why: 'a range longer than the maximum series' },
  ];
  for (const { from, to, field, why } of invalid) {
    it(`rejects ${why}, naming ${field}`, () => {
      assertValidationError(() => erlangBSeries(5, from, to), field);
    });
  }
});

describe('offeredLoad', () => {
  const cases = [
    { sessionsPerHour: 60, visitSeconds: 180, holdMinutes: 15, expected: 18, why: '1/min × (3 + 15) min' },
    { sessionsPerHour: 60, visitSeconds: 180, holdMinutes: 2.5, expected: 5.5, why: 'a fractional hold' },
    { sessionsPerHour: 600, visitSeconds: 180, holdMinutes: 60, expected: 630, why: '10/min × 63 min' },
    {
      sessionsPerHour: 3600,
      visitSeconds: 1,
      holdMinutes: 0,
      expected: 1,
      why: 'one-second visits, no hold',
    },
    { sessionsPerHour: 90, visitSeconds: 120, holdMinutes: 2.5, expected: 6.75, why: '1.5/min × 4.5 min' },
    { sessionsPerHour: 0, visitSeconds: 180, holdMinutes: 15, expected: 0, why: 'no traffic' },
    { sessionsPerHour: 60, visitSeconds: 0, holdMinutes: 0, expected: 0, why: 'sessions that hold nothing' },
  ];
  for (const { expected, why, ...input } of cases) {
    it(`is ${expected} erlangs for ${why}`, () => {
      assert.equal(offeredLoad(input), expected);
    });
  }

  const invalid = [
    { sessionsPerHour: -1, visitSeconds: 180, holdMinutes: 15, field: 'sessionsPerHour' },
    { sessionsPerHour: Number.NaN, visitSeconds: 180, holdMinutes: 15, field: 'sessionsPerHour' },
    { sessionsPerHour: 60, visitSeconds: -5, holdMinutes: 15, field: 'visitSeconds' },
    { sessionsPerHour: 60, visitSeconds: Number.POSITIVE_INFINITY, holdMinutes: 15, field: 'visitSeconds' },
    { sessionsPerHour: 60, visitSeconds: 180, holdMinutes: -0.5, field: 'holdMinutes' },
    { sessionsPerHour: 60, visitSeconds: 180, holdMinutes: Number.NaN, field: 'holdMinutes' },
  ];
  for (const { field, ...input } of invalid) {
    it(`rejects a ${field} of ${input[field as keyof typeof input]}, naming the field`, () => {
      assertValidationError(() => offeredLoad(input), field);
    });
  }
});
