/** Specification of a pool's one-line summary in the pools list. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PoolHealthHour } from '@calltrail/protocol';
import { shortestGap, summarisePool } from './pool-summary.ts';

function hour(fields: Partial<PoolHealthHour>): PoolHealthHour {
  return {
    hour: '2026-01-05T09:00:00.000Z',
    complete: true,
    sessions: 0,
    leased: 0,
    fallbacks: 0,
    overflows: 0,
    reused: 0,
    blocked: 0,
    poolSize: 30,
    meanHoldingSeconds: 1800,
    offeredLoad: 0,
    utilisation: 0,
    observedBlocking: null,
    predictedBlocking: 0,
    recommendedSize: 1,
    shortestGap: null,
    aboveTarget: false,
    ...fields,
  };
}

describe('summarisePool', () => {
  it('weighs each hour’s predicted blocking by its sessions, as the observed share is', () => {
    const summary = summarisePool([
      hour({ sessions: 100, blocked: 4, predictedBlocking: 0.02, recommendedSize: 35 }),
      hour({ sessions: 300, blocked: 0, predictedBlocking: 0.001, recommendedSize: 20 }),
    ]);
    assert.equal(summary.sessions, 400);
    assert.equal(summary.observedBlocking, 4 / 400);
    assert.ok(Math.abs((summary.predictedBlocking ?? 0) - (100 * 0.02 + 300 * 0.001) / 400) < 1e-12);
    assert.equal(summary.recommendedSize, 35);
  });

  it('ignores quiet hours when recommending a size, and has no blocking without sessions', () => {
    const summary = summarisePool([hour({ recommendedSize: 1 }), hour({ recommendedSize: 1 })]);
    assert.equal(summary.observedBlocking, null);
    assert.equal(summary.predictedBlocking, null);
    assert.equal(summary.recommendedSize, null);
  });

  it('is above target when any hour was', () => {
    assert.equal(summarisePool([hour({}), hour({ aboveTarget: true })]).aboveTarget, true);
    assert.equal(summarisePool([hour({})]).aboveTarget, false);
  });
});

describe('shortestGap', () => {
  it('takes the shortest gap of the hours that had a handover', () => {
    assert.equal(shortestGap([hour({ shortestGap: 900 }), hour({}), hour({ shortestGap: 120 })]), 120);
    assert.equal(shortestGap([hour({})]), null);
  });
});
