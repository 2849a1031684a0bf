/** The rules that decide what became of a missed call, each with its window edge. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { callbackWindowHours, type FollowUp, median, missedOutcome } from './missed-state.ts';

const missedAt = new Date('2026-01-01T10:00:00Z');
const missed = { startedAt: missedAt, caller: '+79161234567' };
const hours = (h: number) => new Date(missedAt.getTime() + h * 3_600_000);
const open = hours(1);
const closed = hours(callbackWindowHours + 1);
const call = (
  id: string,
  afterHours: number,
  direction: FollowUp['direction'],
  answered: boolean,
): FollowUp => ({ id, startedAt: hours(afterHours), direction, answered });

test('an answered callback within the window calls the caller back, counting the attempts before it', () => {
  const outcome = missedOutcome(
    missed,
    [
      call('late', 2, 'outbound', true),
      call('try', 0.5, 'outbound', false),
      call('early', 1, 'outbound', true),
    ],
    closed,
  );
  assert.equal(outcome.state, 'called_back');
  assert.deepEqual(outcome.callback, {
    callId: 'early',
    startedAt: hours(1),
    afterSeconds: 3600,
    answered: true,
    direction: 'outbound',
  });
  assert.equal(outcome.attempts, 3);
});

test('a callback is preferred to the caller getting through on their own', () => {
  const outcome = missedOutcome(
    missed,
    [call('in', 0.2, 'inbound', true), call('out', 3, 'outbound', true)],
    closed,
  );
  assert.equal(outcome.state, 'called_back');
  assert.equal(outcome.callback?.callId, 'out');
});

test('an answered call from the caller reaches them when nobody called back', () => {
  const outcome = missedOutcome(
    missed,
    [call('in', 2, 'inbound', true), call('out', 1, 'outbound', false)],
    closed,
  );
  assert.deepEqual(
    [outcome.state, outcome.callback?.callId, outcome.callback?.direction],
    ['caller_reached', 'in', 'inbound'],
  );
  assert.equal(outcome.attempts, 1);
});

test('unanswered attempts are attempted while the window is open, lost after', () => {
  const followUps = [call('out', 1, 'outbound', false)];
  assert.equal(missedOutcome(missed, followUps, open).state, 'attempted');
  const lost = missedOutcome(missed, followUps, closed);
  assert.deepEqual([lost.state, lost.attempts, lost.callback?.answered], ['lost', 1, false]);
});

test('with nothing yet the call is pending while the window is open, lost after', () => {
  assert.deepEqual(missedOutcome(missed, [], open), { state: 'pending', callback: null, attempts: 0 });
  assert.equal(missedOutcome(missed, [], hours(callbackWindowHours)).state, 'lost');
});

test('calls after the window or before the missed call do not count', () => {
  const outcome = missedOutcome(
    missed,
    [call('before', -1, 'outbound', true), call('after', callbackWindowHours, 'outbound', true)],
    closed,
  );
  assert.deepEqual(outcome, { state: 'lost', callback: null, attempts: 0 });
});

test('a withheld caller can never be called back: pending, then lost', () => {
  const withheld = { startedAt: missedAt, caller: null };
  const followUps = [call('out', 1, 'outbound', true), call('in', 1, 'inbound', true)];
  assert.equal(missedOutcome(withheld, followUps, open).state, 'pending');
  assert.equal(missedOutcome(withheld, followUps, closed).state, 'lost');
});

test('the median of an odd and an even count, and of none', () => {
  assert.equal(median([30, 10, 20]), 20);
  assert.equal(median([40, 10, 20, 30]), 25);
  assert.equal(median([]), null);
});
