/** Specification of attribution by lease windows: which session, if any, a call is credited to. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Attribution } from '../call/call.ts';
import type { AttributeCallInput, LeaseWindow } from './match-lease.ts';
import { attributeCall, leaseCovers } from './match-lease.ts';

const t0 = Date.parse('2025-03-14T09:00:00.000Z');
const at = (seconds: number): Date => new Date(t0 + Math.round(seconds * 1000));

const pool = { kind: 'pool', siteId: 'site-1' } as const;

function lease(sessionId: string, start: number, lastActivity: number, holdSeconds = 900): LeaseWindow {
  return { sessionId, startedAt: at(start), lastActivityAt: at(lastActivity), holdSeconds };
}

function call(seconds: number, leases: LeaseWindow[], fields: Partial<AttributeCallInput> = {}): Attribution {
  return attributeCall({ at: at(seconds), direction: 'inbound', number: pool, leases, ...fields });
}

const unattributed = (reason: Attribution['reason']): Attribution => ({
  status: 'unattributed',
  confidence: 0,
  sessionId: null,
  candidates: [],
  reason,
});

const attributedTo = (sessionId: string): Attribution => ({
  status: 'attributed',
  confidence: 1,
  sessionId,
  candidates: [{ sessionId, probability: 1 }],
  reason: 'lease_window',
});

describe('attributeCall', () => {
  it('leaves outbound calls unattributed, even on a leased number', () => {
    assert.deepEqual(call(10, [lease('s1', 0, 5)], { direction: 'outbound' }), unattributed('outbound_call'));
  });

  it('leaves calls to a number outside the workspace unattributed', () => {
    assert.deepEqual(call(10, [lease('s1', 0, 5)], { number: null }), unattributed('unknown_number'));
  });

  const staticCases = [
    { siteId: 'site-1', reason: 'static_number' },
    { siteId: null, reason: 'offline_number' },
  ] as const;
  for (const { siteId, reason } of staticCases) {
    it(`credits a static number ${siteId === null ? 'without' : 'with'} a site to its channel as ${reason}`, () => {
      assert.deepEqual(call(10, [lease('s1', 0, 5)], { number: { kind: 'static', siteId } }), {
        status: 'attributed',
        confidence: 1,
        sessionId: null,
        candidates: [],
        reason,
      });
    });
  }

  describe('on a pool number with a window from 100 s, last active at 200 s, held 900 s', () => {
    const window = lease('s1', 100, 200, 900);
    const cases = [
      {
        when: 'one millisecond before the window opens',
        seconds: 99.999,
        expected: unattributed('no_live_lease'),
      },
      { when: 'exactly when the window opens', seconds: 100, expected: attributedTo('s1') },
      { when: 'between start and last activity', seconds: 150, expected: attributedTo('s1') },
      { when: 'during the hold', seconds: 800, expected: attributedTo('s1') },
      { when: 'exactly at last activity plus hold', seconds: 1100, expected: attributedTo('s1') },
      {
        when: 'one millisecond after the hold ends',
        seconds: 1100.001,
        expected: unattributed('no_live_lease'),
      },
    ];
    for (const { when, seconds, expected } of cases) {
      it(`a call ${when} is ${expected.status}`, () => {
        assert.deepEqual(call(seconds, [window]), expected);
      });
    }
  });

  it('leaves a pool number with no windows unattributed', () => {
    assert.deepEqual(call(10, []), unattributed('no_live_lease'));
  });

  it('ignores windows that do not cover the call', () => {
    assert.deepEqual(call(2000, [lease('old', 0, 100, 60), lease('now', 1900, 1990)]), attributedTo('now'));
  });

  it('counts several windows of one session once', () => {
    assert.deepEqual(call(500, [lease('s1', 0, 100), lease('s1', 300, 450)]), attributedTo('s1'));
  });

  it('is uncertain between two overlapping windows, favouring the more recently active session', () => {
    // Idle 0 s weighs 1; idle 60 s weighs 1/2: probabilities 2/3 and 1/3.
    const result = call(600, [lease('idle', 0, 540), lease('active', 300, 600)]);
    assert.equal(result.status, 'uncertain');
    assert.equal(result.reason, 'several_leases');
    assert.equal(result.sessionId, 'active');
    assert.deepEqual(
      result.candidates.map((c) => c.sessionId),
      ['active', 'idle'],
    );
    assert.ok(Math.abs(result.confidence - 2 / 3) < 1e-12);
    assert.ok(Math.abs(result.candidates[0]!.probability - 2 / 3) < 1e-12);
    assert.ok(Math.abs(result.candidates[1]!.probability - 1 / 3) < 1e-12);
  });

  it('gives candidate probabilities that sum to one', () => {
    const result = call(1000, [
      lease('a', 0, 100),
      lease('b', 0, 700),
      lease('c', 0, 990),
      lease('d', 0, 1000),
    ]);
    const sum = result.candidates.reduce((total, c) => total + c.probability, 0);
    assert.ok(Math.abs(sum - 1) < 1e-12);
    assert.equal(result.candidates.length, 4);
  });

  it('treats activity recorded after the call as activity at the call', () => {
    const result = call(500, [lease('later', 0, 700), lease('now', 0, 500)]);
    assert.deepEqual(
      result.candidates.map((c) => c.probability),
      [0.5, 0.5],
    );
  });

  it('does not depend on the order of the windows, ties included', () => {
    const windows = [lease('b', 0, 400), lease('a', 0, 400), lease('c', 0, 300)];
    const forward = call(450, windows);
    assert.deepEqual(call(450, [...windows].reverse()), forward);
    assert.equal(forward.sessionId, 'a');
  });

  it('leaves a fallback number without windows unattributed', () => {
    assert.deepEqual(
      call(10, [], { number: { kind: 'fallback', siteId: 'site-1' } }),
      unattributed('no_live_lease'),
    );
  });

  it('matches windows passed for a fallback number like a pool number’s', () => {
    assert.deepEqual(
      call(10, [lease('s1', 0, 5)], { number: { kind: 'fallback', siteId: 'site-1' } }),
      attributedTo('s1'),
    );
  });
});

describe('leaseCovers', () => {
  it('includes both ends of the window', () => {
    const window = lease('s1', 0, 10, 5);
    assert.equal(leaseCovers(window, at(0)), true);
    assert.equal(leaseCovers(window, at(15)), true);
    assert.equal(leaseCovers(window, at(-0.001)), false);
    assert.equal(leaseCovers(window, at(15.001)), false);
  });
});
