import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizePhone } from '@calltrail/core';
import {
  CallPlanner,
  callEvents,
  type PlannedCall,
  referenceCallModel,
  withheldCaller,
} from './call-plan.ts';
import { seededRandom } from './seeded-random.ts';
import { planVisit } from './visit-plan.ts';

/** The calls of `visits` visits, in schedule order. */
function calls(visits: number, seed = 1, model = referenceCallModel): PlannedCall[] {
  const planner = new CallPlanner(seed, model);
  const random = seededRandom(seed);
  const planned: PlannedCall[] = [];
  for (let i = 0; i < visits; i++) {
    const call = planner.plan(planVisit(random));
    if (call) planned.push(call);
  }
  return planned;
}

const share = (items: readonly PlannedCall[], test: (call: PlannedCall) => boolean) =>
  items.filter(test).length / items.length;

test('about 8% of visits end with a call', () => {
  const rate = calls(50_000).length / 50_000;
  assert.ok(rate > 0.07 && rate < 0.09, `call rate ${rate}`);
});

test('a fifth of calls are missed; the others are answered after 5–40 s and last 30–600 s', () => {
  const sample = calls(50_000);
  const missed = share(sample, (call) => call.talkS === null);
  assert.ok(missed > 0.15 && missed < 0.25, `missed share ${missed}`);
  for (const call of sample.filter((c) => c.talkS !== null)) {
    assert.ok(call.waitS >= 5 && call.waitS <= 40, `wait ${call.waitS}`);
    assert.ok(call.talkS !== null && call.talkS >= 30 && call.talkS <= 600, `talk ${call.talkS}`);
    assert.ok(referenceCallModel.agents.includes(call.agent));
  }
});

test('callers have valid E.164 mobile numbers, a few withhold theirs, and some call again', () => {
  const sample = calls(50_000);
  const known = sample.filter((call) => call.caller !== withheldCaller);
  for (const call of known) assert.equal(normalizePhone(call.caller), call.caller, call.caller);
  assert.ok(known.every((call) => /^\+79\d{9}$/.test(call.caller)));
  const withheld = 1 - known.length / sample.length;
  assert.ok(withheld > 0.01 && withheld < 0.06, `withheld share ${withheld}`);
  const repeats = known.length - new Set(known.map((call) => call.caller)).size;
  assert.ok(repeats / sample.length > 0.1, `repeat share ${repeats / sample.length}`);
});

test('only missed calls from a known number get a callback, minutes later, and most of those are', () => {
  const sample = calls(50_000);
  const called = sample.filter((call) => call.callback !== null);
  assert.ok(called.length > 0);
  for (const call of called) {
    assert.equal(call.talkS, null, 'an answered call is not called back');
    assert.notEqual(call.caller, withheldCaller);
    assert.ok((call.callback?.afterS ?? 0) >= call.waitS + 120, 'after the missed call ended');
  }
  const missedKnown = sample.filter((call) => call.talkS === null && call.caller !== withheldCaller);
  const calledBack = called.length / missedKnown.length;
  assert.ok(calledBack > 0.5 && calledBack < 0.7, `callback share ${calledBack}`);
});

test('the same seed gives the same calls, another seed others', () => {
  assert.deepEqual(calls(2_000, 5), calls(2_000, 5));
  assert.notDeepEqual(calls(2_000, 5), calls(2_000, 6));
});

test('a missed call with a callback becomes a missed inbound call, then an outbound call from the line to the caller', () => {
  const call: PlannedCall = {
    atS: 100,
    caller: '+79161234567',
    offline: false,
    waitS: 20,
    talkS: null,
    agent: 'Anna Petrova',
    queue: 'reception',
    callback: { afterS: 300, agent: 'Ivan Sokolov', waitS: 10, talkS: 60 },
  };
  const events = callEvents(call, { dialled: '+74957771000', line: '+74957770000' }, 'c1');
  assert.deepEqual(
    events.map((e) => [e.afterS, e.body.callId, e.body.event, e.body.direction, e.body.from, e.body.to]),
    [
      [0, 'c1', 'ringing', 'inbound', '+79161234567', '+74957771000'],
      [20, 'c1', 'ended', 'inbound', '+79161234567', '+74957771000'],
      [300, 'c1-cb', 'ringing', 'outbound', '+74957770000', '+79161234567'],
      [310, 'c1-cb', 'answered', 'outbound', '+74957770000', '+79161234567'],
      [370, 'c1-cb', 'ended', 'outbound', '+74957770000', '+79161234567'],
    ],
  );
  assert.equal(events[1]?.body.status, 'missed');
  assert.equal(events[3]?.body.agent, 'Ivan Sokolov');
  assert.equal(events[4]?.body.status, 'completed');
});
