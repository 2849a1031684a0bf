/** Specification of what a caller's earlier calls say: first-time, repeat, previous call, visitors. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { callerHistory, type EarlierCall } from './caller-history.ts';

const now = new Date('2026-03-01T12:00:00.000Z');
const daysBefore = (days: number, ms = 0): Date => new Date(now.getTime() - days * 86_400_000 - ms);
const earlier = (
  id: string,
  startedAt: Date,
  visitorId: string | null = null,
  creditedSessionId: string | null = null,
): EarlierCall => ({ id, startedAt, visitorId, creditedSessionId });

describe('callerHistory', () => {
  it('calls a caller with no earlier call a first-time caller', () => {
    assert.deepEqual(callerHistory([], now, 30), {
      firstTime: true,
      repeat: false,
      previousCallId: null,
      previousVisitorId: null,
      visitorIds: [],
      previousSessionId: null,
    });
  });

  it('flags a repeat call and points at the latest earlier call', () => {
    const history = callerHistory(
      [earlier('c1', daysBefore(10), 'v1'), earlier('c2', daysBefore(2), null)],
      now,
      30,
    );
    assert.equal(history.firstTime, false);
    assert.equal(history.repeat, true);
    assert.equal(history.previousCallId, 'c2');
    assert.equal(history.previousVisitorId, null, 'the previous call’s visitor, not an older one');
    assert.deepEqual(history.visitorIds, ['v1']);
  });

  const edge = [
    { when: 'exactly the window before', at: daysBefore(30), repeat: true },
    { when: 'one millisecond earlier', at: daysBefore(30, 1), repeat: false },
  ];
  for (const { when, at, repeat } of edge) {
    it(`${repeat ? 'counts' : 'does not count'} an earlier call ${when} as a repeat`, () => {
      const history = callerHistory([earlier('c1', at)], now, 30);
      assert.equal(history.repeat, repeat);
      assert.equal(history.firstTime, false);
      assert.equal(history.previousCallId, 'c1');
    });
  }

  it('follows the workspace’s window', () => {
    assert.equal(callerHistory([earlier('c1', daysBefore(2))], now, 1).repeat, false);
    assert.equal(callerHistory([earlier('c1', daysBefore(2))], now, 7).repeat, true);
  });

  it('ignores calls that started at the same time or later', () => {
    const history = callerHistory(
      [earlier('same', now, 'v1'), earlier('later', daysBefore(-1), 'v2')],
      now,
      30,
    );
    assert.equal(history.firstTime, true);
    assert.deepEqual(history.visitorIds, []);
  });

  it('lists each linked visitor once and does not depend on the order of the calls', () => {
    const calls = [
      earlier('c1', daysBefore(40), 'v2'),
      earlier('c2', daysBefore(20), 'v1'),
      earlier('c3', daysBefore(5), 'v2'),
      earlier('c4', daysBefore(5), 'v3'),
    ];
    const forward = callerHistory(calls, now, 30);
    assert.deepEqual(callerHistory([...calls].reverse(), now, 30), forward);
    assert.deepEqual(forward.visitorIds, ['v1', 'v2', 'v3']);
    assert.equal(forward.previousCallId, 'c4', 'equal times fall to the greater id');
  });
});
