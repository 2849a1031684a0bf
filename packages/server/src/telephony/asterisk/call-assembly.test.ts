/**
 * Specification of how AMI events become call events: each scenario is a documented event stream
 * (ami-scenarios.ts), and the call record is what core's fold makes of the events assembled from it.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { foldCallEvents, type ProviderCallEvent } from '@calltrail/core';
import {
  bridgeEnter,
  coreShowChannel,
  coreShowChannelsComplete,
  dialBegin,
  dialEnd,
  hangup,
  type Leg,
  newchannel,
  pbxTimeZone,
} from './ami-fixtures.ts';
import { AmiFrame } from './ami-frame.ts';
import { answeredCall, outboundCall, queueCall, transferredCall, unansweredCall } from './ami-scenarios.ts';
import { type AssemblySettings, CallAssembler } from './call-assembly.ts';

const start = new Date('2026-01-05T10:00:00.000Z');
const seconds = (s: number) => new Date(start.getTime() + s * 1000);
const defaults: AssemblySettings = {
  trunkContexts: ['from-trunk'],
  queueContexts: ['ext-queues'],
  didVariable: null,
  timeZone: pbxTimeZone,
};

function assembler(settings: Partial<AssemblySettings> = {}) {
  const logged: string[] = [];
  const it = new CallAssembler({ ...defaults, ...settings }, (message) => logged.push(message));
  // Frames are read a moment after the PBX sent them, one millisecond apart.
  const feed = (frames: AmiFrame[], at = seconds(0.5)) =>
    frames.flatMap((frame, i) => it.accept(frame, new Date(at.getTime() + i)));
  return { it, feed, logged };
}

const record = (events: ProviderCallEvent[]) => foldCallEvents(events.map((e) => e.event));
const kinds = (events: ProviderCallEvent[]) => events.map((e) => e.event.kind);

describe('an inbound call from the trunk', () => {
  test('answered by 101: ringing, answered, ended and the CDR summary, all under its Linkedid', () => {
    const call = answeredCall({ n: 1, start });
    const events = assembler().feed(call.frames);
    assert.deepEqual(kinds(events), ['ringing', 'ringing', 'answered', 'ended', 'summary']);
    assert.ok(events.every((e) => e.providerCallId === call.linkedid));
    assert.deepEqual(record(events), {
      direction: 'inbound',
      status: 'completed',
      callerRaw: '79161234567',
      trackingNumberRaw: '74950000001',
      startedAt: seconds(0),
      answeredAt: seconds(8),
      endedAt: seconds(68),
      waitSeconds: 8,
      talkSeconds: 60,
      agent: '101',
      queue: null,
      transfers: [],
    });
  });

  test('each event has its own dedupe key, and the stream replayed gives the same events again', () => {
    const call = answeredCall({ n: 1, start });
    const { feed } = assembler();
    const first = feed(call.frames);
    assert.equal(new Set(first.map((e) => e.dedupeKey)).size, first.length);
    const replayed = feed(call.frames, seconds(300));
    assert.deepEqual(replayed, first);
  });

  test('the raw event is kept with each call event', () => {
    const [ringing] = assembler().feed(answeredCall({ n: 1, start }).frames);
    const raw = ringing?.raw as Record<string, string>;
    assert.deepEqual([raw.Event, raw.Context, raw.Exten], ['Newchannel', 'from-trunk', '74950000001']);
  });

  test('without timestampevents the events carry no time, and the CDR still gives the call’s times', () => {
    const call = answeredCall({ n: 1, start, timestamps: false });
    const events = assembler().feed(call.frames);
    assert.ok(events.every((e) => e.event.at === null));
    const state = record(events);
    assert.deepEqual(
      [state.startedAt, state.answeredAt, state.endedAt],
      [seconds(0), seconds(8), seconds(68)],
    );
  });

  test('not answered (NOANSWER) is missed, even before its CDR arrives', () => {
    const call = unansweredCall({ n: 2, start }, 'NOANSWER');
    const events = assembler().feed(call.frames);
    assert.equal(record(events.filter((e) => e.event.kind !== 'summary')).status, 'missed');
    assert.deepEqual(record(events), {
      ...record(events),
      status: 'missed',
      answeredAt: null,
      endedAt: seconds(20),
      waitSeconds: 20,
      talkSeconds: 0,
      agent: null,
    });
  });

  test('a busy extension (BUSY) is busy', () => {
    const events = assembler().feed(unansweredCall({ n: 3, start }, 'BUSY').frames);
    assert.equal(events.find((e) => e.event.kind === 'ended')?.event.endStatus, 'busy');
    assert.equal(record(events).status, 'busy');
  });

  test('a caller who hangs up in the IVR before any dial is missed; hangup cause 17 is busy', () => {
    for (const [cause, status] of [
      [16, 'missed'],
      [17, 'busy'],
      [34, 'failed'],
    ] as const) {
      const caller = answeredCall({ n: 4, start }).legs.caller!;
      const events = assembler().feed([newchannel(caller, seconds(0)), hangup(caller, cause, seconds(9))]);
      assert.deepEqual(kinds(events), ['ringing', 'ended']);
      assert.equal(record(events).status, status, `cause ${cause}`);
    }
  });

  test('a withheld caller keeps its raw caller ID', () => {
    for (const withheld of ['<unknown>', 'anonymous']) {
      const events = assembler().feed(answeredCall({ n: 5, start, caller: withheld }).frames);
      assert.equal(record(events).callerRaw, withheld);
    }
  });

  test('blind-transferred from 101 to 102: agent 101, one transfer, both CDRs folded', () => {
    const events = assembler().feed(transferredCall({ n: 6, start }).frames);
    assert.equal(events.filter((e) => e.event.kind === 'transferred').length, 1);
    const state = record(events);
    assert.equal(state.agent, '101');
    assert.deepEqual(state.transfers, ['102']);
    assert.deepEqual(
      [state.startedAt, state.answeredAt, state.endedAt],
      [seconds(0), seconds(5), seconds(100)],
    );
    assert.equal(state.status, 'completed');
  });

  test('through queue 500: the queue is named, and its member answering through a Local channel is the agent', () => {
    const state = record(assembler().feed(queueCall({ n: 7, start }).frames));
    assert.equal(state.queue, '500');
    assert.equal(state.agent, '101');
    assert.deepEqual(state.transfers, []);
    assert.deepEqual([state.answeredAt, state.endedAt], [seconds(12), seconds(50)]);
  });

  test('the DID from a channel variable wins over the trunk’s extension, however late the dialplan sets it', () => {
    const call = answeredCall({ n: 8, start, did: 's' });
    const { caller, agent } = call.legs as { caller: Leg; agent: Leg };
    const withDid = { ...caller, state: 4, variables: { CALLTRAIL_DID: '74950000002' } };
    const frames = [
      newchannel({ ...caller, state: 4 }, seconds(0)),
      dialBegin(withDid, { ...agent, state: 0 }, '101', seconds(2)),
      ...call.frames.slice(3),
    ];
    const events = assembler({ didVariable: 'CALLTRAIL_DID' }).feed(frames);
    assert.ok(events.every((e) => e.event.to === '74950000002'));
    assert.equal(record(events).startedAt.getTime(), seconds(0).getTime());
  });
});

describe('the event stream', () => {
  test('two calls at once, their events interleaved, are told apart by Linkedid', () => {
    const first = answeredCall({ n: 21, start });
    const second = unansweredCall({ n: 22, start: seconds(1) }, 'NOANSWER');
    const interleaved = first.frames.flatMap((frame, i) => [
      frame,
      ...(second.frames[i] ? [second.frames[i]] : []),
    ]);
    const events = assembler().feed([...interleaved, ...second.frames.slice(first.frames.length)]);
    const byCall = (id: string) => record(events.filter((e) => e.providerCallId === id));
    assert.equal(byCall(first.linkedid).status, 'completed');
    assert.equal(byCall(second.linkedid).status, 'missed');
    assert.equal(byCall(second.linkedid).startedAt.getTime(), seconds(1).getTime());
  });

  test('events it has no use for, and channel events without their Linkedid, change nothing', () => {
    const call = answeredCall({ n: 23, start });
    const { feed } = assembler();
    const before = feed(call.frames.slice(0, 4));
    const caller = call.frames[0]!;
    const ignored = [
      new AmiFrame([
        ['Event', 'FullyBooted'],
        ['Privilege', 'system,all'],
        ['Status', 'Fully Booted'],
      ]),
      new AmiFrame([...caller.headers.filter(([key]) => key !== 'Event'), ['Event', 'Newstate']]),
      new AmiFrame(caller.headers.filter(([key]) => key !== 'Linkedid')),
      new AmiFrame(
        hangup(call.legs.caller!, 16, seconds(9)).headers.filter(
          ([key]) => key !== 'Linkedid' && key !== 'Uniqueid',
        ),
      ),
    ];
    assert.deepEqual(feed(ignored), []);
    const after = feed(call.frames.slice(4));
    assert.equal(record([...before, ...after]).talkSeconds, 60);
  });

  test('a Cdr whose times cannot be read in the PBX’s time zone is logged, and the call keeps its events', () => {
    const call = answeredCall({ n: 24, start });
    const { feed, logged } = assembler({ timeZone: 'Mars/Olympus' });
    const events = feed(call.frames);
    assert.deepEqual(kinds(events), ['ringing', 'ringing', 'answered', 'ended']);
    assert.deepEqual(logged, ['Cdr times could not be read']);
    assert.equal(record(events).status, 'completed');
  });
});

describe('an outbound call', () => {
  test('from extension 101 to an outside number: outbound, from 101 to the number, 101 its agent', () => {
    const state = record(assembler().feed(outboundCall({ n: 9, start }).frames));
    assert.equal(state.direction, 'outbound');
    assert.equal(state.callerRaw, '101');
    assert.equal(state.trackingNumberRaw, '89161234567');
    assert.equal(state.agent, '101');
    assert.equal(state.status, 'completed');
  });

  test('between two extensions is internal, and not a call to track', () => {
    const call = outboundCall({ n: 10, start }, '102');
    assert.deepEqual(assembler().feed(call.frames), []);
  });
});

describe('an attended transfer', () => {
  test('the caller moved into the bridge of 101’s consultation call with 102 is transferred to 102', () => {
    const call = answeredCall({ n: 11, start });
    const { caller, agent } = call.legs as { caller: Leg; agent: Leg };
    // 101's phone opens a second channel (a call of its own) and dials 102.
    const consult: Leg = {
      ...agent,
      channel: 'PJSIP/101-00000999',
      uniqueid: '1767607200.999',
      linkedid: '1767607200.999',
      callerIdNum: '101',
      exten: '102',
    };
    const target: Leg = { ...consult, channel: 'PJSIP/102-00001000', uniqueid: '1767607200.1000', state: 6 };
    const frames = [
      ...call.frames.slice(0, 6),
      newchannel(consult, seconds(20)),
      dialBegin(consult, target, '102', seconds(20.1)),
      dialEnd(consult, target, 'ANSWER', seconds(25)),
      bridgeEnter('consult', 1, target, seconds(25.01)),
      bridgeEnter('consult', 2, consult, seconds(25.02)),
      // The transfer completes: the caller replaces 101's consultation channel in that bridge.
      bridgeEnter('consult', 2, caller, seconds(30), consult.uniqueid),
    ];
    const state = record(assembler().feed(frames));
    assert.equal(state.agent, '101');
    assert.deepEqual(state.transfers, ['102']);
  });
});

describe('reconnecting', () => {
  const listed = (leg: Leg, age: number, actionId = 'calltrail-2') =>
    coreShowChannel(leg, actionId, {
      bridgeId: 'bridge-1',
      application: 'Dial',
      applicationData: '',
      duration: `00:00:${String(age).padStart(2, '0')}`,
    });

  test('a call in progress that the listing shows goes on, and its later events complete it', () => {
    const call = answeredCall({ n: 1, start });
    const { it, feed } = assembler();
    const before = feed(call.frames.slice(0, 4));
    it.beginListing();
    const during = feed([
      listed(call.legs.caller!, 20),
      listed(call.legs.agent!, 12),
      coreShowChannelsComplete('calltrail-2', 2),
    ]);
    const after = feed(call.frames.slice(4), seconds(70));
    assert.deepEqual(kinds(during), []);
    assert.equal(record([...before, ...during, ...after]).status, 'completed');
    assert.equal(record([...before, ...during, ...after]).talkSeconds, 60);
  });

  test('a call whose channels hung up while disconnected ends at the reconnection, as far as it got', () => {
    const call = answeredCall({ n: 1, start });
    const { it, feed } = assembler();
    const before = feed(call.frames.slice(0, 4));
    it.beginListing();
    const reconnectedAt = seconds(200);
    const during = feed([coreShowChannelsComplete('calltrail-2', 0)], reconnectedAt);
    assert.deepEqual(kinds(during), ['ended']);
    assert.deepEqual(during[0]?.event, {
      ...during[0]?.event,
      at: null,
      receivedAt: reconnectedAt,
      endStatus: 'completed',
    });
    assert.equal(record([...before, ...during]).status, 'completed');
  });

  test('a channel created while the listing runs is not taken for one that vanished', () => {
    const call = answeredCall({ n: 1, start });
    const { it, feed } = assembler();
    feed(call.frames.slice(0, 1));
    it.beginListing();
    const during = feed([call.frames[1]!, coreShowChannelsComplete('calltrail-2', 0)]);
    assert.deepEqual(kinds(during), []);
  });

  test('a call that began before the connector started is found in the listing, its start from the channel’s age', () => {
    const call = answeredCall({ n: 1, start });
    const { it, feed } = assembler();
    it.beginListing();
    const found = feed(
      [listed({ ...call.legs.caller!, state: 4 }, 5), coreShowChannelsComplete('calltrail-2', 1)],
      seconds(5),
    );
    assert.deepEqual(kinds(found), ['ringing']);
    assert.equal(found[0]?.event.at?.getTime(), seconds(0).getTime());
    const state = record([...found, ...feed(call.frames.slice(1), seconds(6))]);
    assert.equal(state.status, 'completed');
    assert.equal(state.trackingNumberRaw, '74950000001');
  });
});
