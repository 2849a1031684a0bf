/** Specification of attribution: which session, if any, a call is credited to, and how sure we are. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Attribution } from '../call/call.ts';
import { attributionModel } from './call-likelihood.ts';
import { type LeaseWindow, leaseCovers } from './lease-window.ts';
import { type AttributeCallInput, attributeCall } from './match-lease.ts';

const t0 = Date.parse('2025-03-14T09:00:00.000Z');
const at = (seconds: number): Date => new Date(t0 + Math.round(seconds * 1000));
const minutes = 60;

const pool = { kind: 'pool', siteId: 'site-1', channel: null } as const;

/** A confirmed 15-minute lease of session `sessionId` (visitor `v-<sessionId>`); times in seconds. */
function lease(
  sessionId: string,
  start: number,
  lastActivity: number,
  fields: Partial<LeaseWindow> = {},
): LeaseWindow {
  return {
    leaseId: `lease-${sessionId}-${start}`,
    sessionId,
    visitorId: `v-${sessionId}`,
    startedAt: at(start),
    lastActivityAt: at(lastActivity),
    holdSeconds: 15 * minutes,
    confirmed: true,
    releasedAt: null,
    reused: false,
    ...fields,
  };
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

const creditedToChannel = (reason: Attribution['reason']): Attribution => ({
  status: 'attributed',
  confidence: 1,
  sessionId: null,
  candidates: [],
  reason,
});

/** What is left for "none of the candidates". */
const unnamed = (result: Attribution): number =>
  1 - result.candidates.reduce((sum, c) => sum + c.probability, 0);

const threshold = attributionModel.attributedThreshold;

describe('attributeCall: calls that are not a pool number’s', () => {
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
      const number = { kind: 'static', siteId, channel: 'email' } as const;
      assert.deepEqual(call(10, [lease('s1', 0, 5)], { number }), creditedToChannel(reason));
    });
  }

  it('credits an overflow number to its pool’s channel, never to a session', () => {
    const number = { kind: 'overflow', siteId: 'site-1', channel: 'paid_search' } as const;
    assert.deepEqual(call(10, [lease('s1', 0, 5)], { number }), creditedToChannel('overflow_number'));
  });

  it('leaves an overflow number without a channel unattributed', () => {
    const number = { kind: 'overflow', siteId: 'site-1', channel: null } as const;
    assert.deepEqual(call(10, [], { number }), unattributed('overflow_number'));
  });

  it('leaves a fallback number without windows unattributed: its pool was exhausted', () => {
    const number = { kind: 'fallback', siteId: 'site-1', channel: null } as const;
    assert.deepEqual(call(10, [], { number }), unattributed('fallback_number'));
  });

  it('names the holder of a window passed for a fallback number, but never with certainty', () => {
    const number = { kind: 'fallback', siteId: 'site-1', channel: null } as const;
    const result = call(10, [lease('s1', 0, 10)], { number });
    assert.equal(result.status, 'uncertain');
    assert.equal(result.reason, 'fallback_number');
    assert.equal(result.sessionId, 's1');
    assert.ok(result.confidence > 0.95);
  });

  it('leaves a pool number with no windows unattributed', () => {
    assert.deepEqual(call(10, []), unattributed('no_live_lease'));
  });
});

describe('attributeCall: one session on a pool number (window from 100 s, last active at 200 s)', () => {
  const window = lease('s1', 100, 200);

  it('does not credit a call one millisecond before the window opens', () => {
    assert.deepEqual(call(99.999, [window]), unattributed('no_live_lease'));
  });

  for (const [when, seconds] of [
    ['exactly when the window opens', 100],
    ['while the visitor is on the page', 150],
    ['two heartbeats after the last activity', 320],
  ] as const) {
    it(`attributes a call ${when} with confidence of at least 0.95`, () => {
      const result = call(seconds, [window]);
      assert.equal(result.status, 'attributed');
      assert.equal(result.reason, 'lease_window');
      assert.equal(result.sessionId, 's1');
      assert.ok(result.confidence >= 0.95, `${result.confidence}`);
      assert.ok(result.confidence < 1, 'someone who wrote the number down is never ruled out');
      assert.deepEqual(result.candidates, [{ sessionId: 's1', probability: result.confidence }]);
    });
  }

  it('treats activity recorded after the call as activity at the call', () => {
    assert.deepEqual(call(150, [lease('s1', 100, 900)]), call(150, [lease('s1', 100, 150)]));
  });

  it('grows less sure the longer the visitor has been gone', () => {
    const confidences = [2, 5, 10, 15].map((idle) => call(200 + idle * minutes, [window]).confidence);
    assert.deepEqual(
      confidences,
      [...confidences].sort((a, b) => b - a),
    );
    assert.ok(confidences[0]! > confidences[3]!);
  });

  it('attributes a call 5 minutes after the visit under a 30-minute hold, less confidently', () => {
    const longHold = lease('s1', 100, 200, { holdSeconds: 30 * minutes });
    const late = call(200 + 5 * minutes, [longHold]);
    const active = call(200, [longHold]);
    assert.equal(late.status, 'attributed');
    assert.ok(
      late.confidence >= threshold && late.confidence < active.confidence - 0.02,
      `${late.confidence}`,
    );
  });

  it('calls a call 15 minutes after the visit under a 30-minute hold uncertain: the evidence is weak', () => {
    const longHold = lease('s1', 100, 200, { holdSeconds: 30 * minutes });
    const result = call(200 + 15 * minutes, [longHold]);
    assert.equal(result.status, 'uncertain');
    assert.equal(result.reason, 'weak_evidence');
    assert.equal(result.sessionId, 's1');
    assert.ok(result.confidence < threshold);
  });

  it('includes both ends of the window', () => {
    assert.equal(call(100, [window]).reason, 'lease_window');
    assert.equal(call(200 + 15 * minutes, [window]).reason, 'weak_evidence', 'covered, if weakly');
    assert.equal(call(200 + 15 * minutes + 0.001, [window]).reason, 'grace_window');
  });

  it('names the session of a window that ended shortly before, but only as uncertain', () => {
    const result = call(200 + 20 * minutes, [window]);
    assert.equal(result.status, 'uncertain');
    assert.equal(result.reason, 'grace_window');
    assert.equal(result.sessionId, 's1');
  });

  it('is far from sure of a call 50 minutes after the lease ended', () => {
    const result = call(200 + 15 * minutes + 50 * minutes, [window]);
    assert.equal(result.status, 'uncertain');
    assert.equal(result.reason, 'grace_window');
    assert.ok(result.confidence < 0.5, `${result.confidence}`);
  });

  it('names nobody once the grace period is over', () => {
    const graceEnd = 200 + 15 * minutes + attributionModel.graceSeconds;
    assert.equal(call(graceEnd, [window]).status, 'uncertain');
    assert.deepEqual(call(graceEnd + 0.001, [window]), unattributed('no_live_lease'));
  });
});

describe('attributeCall: unconfirmed and released leases', () => {
  const provisional = lease('bot-or-bounce', 0, 0, { confirmed: false });

  it('credits an unconfirmed lease within its first 15 seconds', () => {
    const result = call(15, [provisional]);
    assert.equal(result.status, 'attributed');
    assert.equal(result.sessionId, 'bot-or-bounce');
  });

  it('does not name an unconfirmed lease after its first 15 seconds, not even in the grace period', () => {
    assert.deepEqual(call(15.001, [provisional]), unattributed('no_live_lease'));
    assert.deepEqual(call(5 * minutes, [provisional]), unattributed('no_live_lease'));
  });

  it('still counts a visitor who bounced as a possible caller against the next holder', () => {
    const next = lease('next', 60, 60);
    const alone = call(5 * minutes, [next]);
    const afterBounce = call(5 * minutes, [provisional, next]);
    assert.equal(afterBounce.sessionId, 'next');
    assert.deepEqual(
      afterBounce.candidates.map((c) => c.sessionId),
      ['next'],
    );
    assert.ok(afterBounce.confidence < alone.confidence);
  });

  it('credits a released lease up to its release and the visitor’s next session after it', () => {
    const first = lease('first', 0, 100, { releasedAt: at(300) });
    const second = lease('second', 300, 310);
    assert.equal(call(299, [first, second]).sessionId, 'first');
    const after = call(301, [first, second]);
    assert.equal(after.status, 'attributed');
    assert.deepEqual(
      after.candidates.map((c) => c.sessionId),
      ['second'],
    );
  });

  it('does not name a released lease after its release, even without a successor in view', () => {
    assert.deepEqual(
      call(301, [lease('first', 0, 100, { releasedAt: at(300) })]),
      unattributed('no_live_lease'),
    );
  });
});

describe('attributeCall: several sessions on one number', () => {
  it('credits the holder active now over the previous holder, who is still named', () => {
    const previous = lease('previous', 0, 60); // window ends at 960 s
    const current = lease('current', 1000, 1190);
    const result = call(1200, [previous, current]);
    assert.equal(result.status, 'attributed');
    assert.equal(result.sessionId, 'current');
    assert.deepEqual(
      result.candidates.map((c) => c.sessionId),
      ['current', 'previous'],
    );
    assert.ok(result.candidates[1]!.probability > 0 && result.candidates[1]!.probability < 0.05);
  });

  it('is uncertain between a holder idle for ten minutes and a previous holder gone a little longer', () => {
    const previous = lease('previous', 0, 60);
    const current = lease('current', 1000, 1000);
    const result = call(1600, [previous, current]);
    assert.equal(result.status, 'uncertain');
    assert.equal(result.reason, 'several_leases');
    assert.equal(result.sessionId, 'current');
    assert.deepEqual(
      result.candidates.map((c) => c.sessionId),
      ['current', 'previous'],
    );
  });

  it('is uncertain between two sessions active at once, and calls it a tie', () => {
    const result = call(500, [lease('a', 0, 480), lease('b', 100, 490)]);
    assert.equal(result.status, 'uncertain');
    assert.equal(result.reason, 'several_leases');
    assert.equal(result.candidates[0]!.probability, result.candidates[1]!.probability);
    assert.equal(result.sessionId, 'a', 'a tie falls to the session id');
  });

  it('counts several windows of one session once, by its best evidence', () => {
    const twice = call(500, [lease('s1', 0, 100), lease('s1', 300, 450)]);
    assert.deepEqual(twice, call(500, [lease('s1', 300, 450)]));
  });

  it('gives probabilities that, with "none of them", sum to one', () => {
    const result = call(2000, [lease('a', 0, 100), lease('b', 500, 700), lease('c', 1500, 1900)]);
    assert.equal(result.candidates.length, 3);
    for (const candidate of result.candidates) assert.ok(candidate.probability > 0);
    assert.ok(unnamed(result) > 0 && unnamed(result) < 1);
    assert.equal(result.confidence, result.candidates[0]!.probability);
  });

  it('does not name holders from long ago, but counts them as possible callers', () => {
    const current = lease('current', 4 * 3600, 4 * 3600 + 600);
    const old = [lease('old-1', 0, 60), lease('old-2', 1800, 1860)];
    const withHistory = call(4 * 3600 + 1200, [...old, current]);
    assert.deepEqual(
      withHistory.candidates.map((c) => c.sessionId),
      ['current'],
    );
    assert.ok(withHistory.confidence < call(4 * 3600 + 1200, [current]).confidence);
  });

  it('does not depend on the order of the windows, ties included', () => {
    const windows = [
      lease('b', 0, 400),
      lease('a', 50, 400),
      lease('c', 60, 300, { confirmed: false }),
      lease('d', 0, 100, { releasedAt: at(200) }),
      lease('e', 0, 10, { holdSeconds: 60 }),
    ];
    const forward = call(450, windows);
    assert.equal(forward.sessionId, 'a');
    for (const order of [
      [...windows].reverse(),
      [windows[2]!, windows[0]!, windows[4]!, windows[1]!, windows[3]!],
    ]) {
      assert.deepEqual(call(450, order), forward);
    }
  });
});

describe('attributeCall: a number reused from a live session', () => {
  it('is uncertain between the session that lost the number and the one that took it', () => {
    const result = call(500, [lease('victim', 0, 480), lease('taker', 400, 490, { reused: true })]);
    assert.equal(result.status, 'uncertain');
    assert.equal(result.reason, 'reused_number');
    assert.deepEqual(result.candidates.map((c) => c.sessionId).sort(), ['taker', 'victim']);
  });

  it('is never attributed, however clear the favourite', () => {
    const result = call(500, [lease('victim', 0, 60), lease('taker', 400, 490, { reused: true })], {
      callerVisitorIds: ['v-taker'],
    });
    assert.equal(result.sessionId, 'taker');
    assert.ok(result.confidence > 0.95);
    assert.equal(result.status, 'uncertain');
    assert.equal(result.reason, 'reused_number');
  });

  it('no longer taints the number once the reused lease is long over', () => {
    const reusedLongAgo = lease('taker', 0, 60, { reused: true });
    const result = call(3 * 3600, [reusedLongAgo, lease('fresh', 3 * 3600 - 60, 3 * 3600)]);
    assert.equal(result.status, 'attributed');
    assert.equal(result.sessionId, 'fresh');
  });
});

describe('attributeCall: the caller’s history', () => {
  const tie = [lease('a', 0, 480), lease('b', 100, 490)];

  it('flips a tie towards the session whose visitor called before', () => {
    const result = call(500, tie, { callerVisitorIds: ['v-b'] });
    assert.equal(result.status, 'attributed');
    assert.equal(result.sessionId, 'b');
    assert.ok(result.confidence >= 0.9, `${result.confidence}`);
  });

  it('makes a weak single match confident when the visitor called before', () => {
    const longHold = lease('s1', 100, 200, { holdSeconds: 30 * minutes });
    const weak = call(200 + 20 * minutes, [longHold]);
    const known = call(200 + 20 * minutes, [longHold], { callerVisitorIds: ['v-s1'] });
    assert.equal(weak.status, 'uncertain');
    assert.equal(known.status, 'attributed');
    assert.ok(known.confidence > 0.9, `${known.confidence}`);
  });

  it('never makes a grace-period match certain', () => {
    const result = call(200 + 20 * minutes, [lease('s1', 100, 200)], { callerVisitorIds: ['v-s1'] });
    assert.ok(result.confidence > 0.9, `${result.confidence}`);
    assert.equal(result.status, 'uncertain');
    assert.equal(result.reason, 'grace_window');
  });

  it('suspects a repeat call when the caller called before from another visitor', () => {
    const active = [lease('s1', 0, 480)];
    const fresh = call(500, active);
    const repeatCaller = call(500, active, { callerVisitorIds: ['v-somebody-else'] });
    assert.equal(fresh.status, 'attributed');
    assert.equal(repeatCaller.sessionId, 's1');
    assert.ok(repeatCaller.confidence < fresh.confidence);
    assert.deepEqual([repeatCaller.status, repeatCaller.reason], ['uncertain', 'weak_evidence']);
  });

  it('suspects a repeat call just as much when the earlier calls are linked to nobody', () => {
    const active = [lease('s1', 0, 480)];
    assert.deepEqual(
      call(500, active, { callerCalledBefore: true }),
      call(500, active, { callerVisitorIds: ['v-somebody-else'] }),
    );
  });

  it('keeps the order of unlinked candidates when the caller called before', () => {
    const result = call(500, tie, { callerVisitorIds: ['v-somebody-else'] });
    assert.deepEqual(
      result.candidates.map((c) => c.sessionId),
      call(500, tie).candidates.map((c) => c.sessionId),
    );
    assert.ok(unnamed(result) > unnamed(call(500, tie)));
  });
});

describe('attributeCall: a repeat call and the session the first call came from', () => {
  it('credits the earlier session when the number it dials is no longer anyone’s', () => {
    const result = call(3 * 3600, [lease('stranger', 0, 60)], {
      callerVisitorIds: ['v-first'],
      callerPreviousSessionId: 'first',
    });
    assert.deepEqual(
      [result.status, result.reason, result.sessionId],
      ['attributed', 'caller_history', 'first'],
    );
    assert.ok(result.confidence >= 0.9, `${result.confidence}`);
  });

  it('leaves a stranger who is active on the number in the running', () => {
    const result = call(500, [lease('stranger', 0, 480)], {
      callerVisitorIds: ['v-first'],
      callerPreviousSessionId: 'first',
    });
    assert.deepEqual(result.candidates.map((c) => c.sessionId).sort(), ['first', 'stranger']);
    assert.equal(result.status, 'uncertain');
  });

  it('adds to the earlier session’s own window when it still holds the number', () => {
    const held = [lease('first', 0, 480), lease('other', 100, 490)];
    const withHistory = call(500, held, { callerVisitorIds: ['v-first'], callerPreviousSessionId: 'first' });
    const linkedOnly = call(500, held, { callerVisitorIds: ['v-first'] });
    assert.equal(withHistory.sessionId, 'first');
    assert.ok(withHistory.confidence > linkedOnly.confidence);
    assert.equal(withHistory.candidates.length, 2);
  });

  it('without an earlier credited session, a repeat call still counts towards nobody we can name', () => {
    const gone = [lease('stranger', 0, 60)];
    assert.equal(call(3 * 3600, gone, { callerCalledBefore: true }).status, 'unattributed');
  });
});

describe('leaseCovers', () => {
  it('includes both ends of a confirmed window', () => {
    const window = lease('s1', 0, 10, { holdSeconds: 5 });
    assert.equal(leaseCovers(window, at(0)), true);
    assert.equal(leaseCovers(window, at(15)), true);
    assert.equal(leaseCovers(window, at(-0.001)), false);
    assert.equal(leaseCovers(window, at(15.001)), false);
  });

  it('ends an unconfirmed window after 15 seconds and a released one at its release', () => {
    assert.equal(leaseCovers(lease('s1', 0, 10, { confirmed: false }), at(15.001)), false);
    assert.equal(leaseCovers(lease('s1', 0, 10, { releasedAt: at(12) }), at(12.001)), false);
  });
});
