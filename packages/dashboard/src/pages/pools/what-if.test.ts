/** Specification of the Erlang B what-if calculator's arithmetic. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { erlangB } from '@calltrail/core';
import { whatIf, whatIfDefaults } from './what-if.ts';

const typed = {
  sessionsPerHour: '60',
  visitMinutes: '3',
  holdMinutes: '15',
  poolSize: '25',
  targetPercent: '1',
};

describe('whatIf', () => {
  it('turns 60 sessions an hour of 3-minute visits and a 15-minute hold into 18 erlangs', () => {
    const result = whatIf(typed);
    assert.equal(result?.offeredLoad, 18);
    assert.equal(result?.blocking, erlangB(18, 25));
  });

  it('finds the size the target needs: its blocking meets the target, one number fewer does not', () => {
    const result = whatIf(typed);
    assert.ok(result);
    assert.ok(erlangB(18, result.required) <= 0.01);
    assert.ok(erlangB(18, result.required - 1) > 0.01);
  });

  it('lists three sizes either side of the one asked for, never below zero', () => {
    assert.deepEqual(
      whatIf(typed)?.nearby.map((row) => row.size),
      [22, 23, 24, 25, 26, 27, 28],
    );
    assert.deepEqual(
      whatIf({ ...typed, poolSize: '1' })?.nearby.map((row) => row.size),
      [0, 1, 2, 3, 4],
    );
    assert.equal(whatIf(typed)?.nearby[3]?.blocking, erlangB(18, 25));
  });

  it('accepts a decimal comma', () => {
    assert.equal(whatIf({ ...typed, visitMinutes: '2,5', holdMinutes: '15,5' })?.offeredLoad, 18);
  });

  const refused: Array<[string, Partial<typeof typed>]> = [
    ['an empty field', { sessionsPerHour: '' }],
    ['a negative value', { holdMinutes: '-1' }],
    ['a fractional pool size', { poolSize: '2.5' }],
    ['a target of 0%', { targetPercent: '0' }],
    ['a target of 100%', { targetPercent: '100' }],
    ['words', { visitMinutes: 'three' }],
  ];
  for (const [name, fields] of refused) {
    it(`gives no answer for ${name}`, () => {
      assert.equal(whatIf({ ...typed, ...fields }), null);
    });
  }
});

describe('whatIfDefaults', () => {
  it('starts from the pool’s busiest hour: its sessions, and its holding time less the hold as the visit', () => {
    const hours = [
      { sessions: 12, meanHoldingSeconds: 1000 },
      { sessions: 40, meanHoldingSeconds: 15 * 60 + 150 },
      { sessions: 0, meanHoldingSeconds: 900 },
    ];
    assert.deepEqual(whatIfDefaults({ holdMinutes: 15 }, { poolSize: 30, targetBlocking: 0.005, hours }), {
      sessionsPerHour: '40',
      visitMinutes: '2.5',
      holdMinutes: '15',
      poolSize: '30',
      targetPercent: '0.5',
    });
  });

  it('offers no traffic for a pool that has had none', () => {
    const quiet = whatIfDefaults(
      { holdMinutes: 30 },
      { poolSize: 3, targetBlocking: 0.01, hours: [{ sessions: 0, meanHoldingSeconds: 1800 }] },
    );
    assert.equal(quiet.sessionsPerHour, '0');
    assert.equal(quiet.visitMinutes, '0');
  });
});
