/** Specification of how provider events, duplicated and out of order, fold into one call record. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CallEvent, CallState } from './call.ts';
import { compareCallEvents, foldCallEvents } from './fold-call-events.ts';

const t0 = Date.parse('2025-03-14T09:00:00.000Z');
const at = (seconds: number): Date => new Date(t0 + Math.round(seconds * 1000));

function event(kind: CallEvent['kind'], seconds: number | null, fields: Partial<CallEvent> = {}): CallEvent {
  return {
    kind,
    at: seconds === null ? null : at(seconds),
    receivedAt: at((seconds ?? 0) + 1),
    direction: 'inbound',
    from: '+79161234567',
    to: '+74950000001',
    ...fields,
  };
}

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, index) =>
    permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]),
  );
}

const answeredCall: CallEvent[] = [event('ringing', 0), event('answered', 12), event('ended', 95)];

const answeredState: CallState = {
  direction: 'inbound',
  status: 'completed',
  callerRaw: '+79161234567',
  trackingNumberRaw: '+74950000001',
  startedAt: at(0),
  answeredAt: at(12),
  endedAt: at(95),
  waitSeconds: 12,
  talkSeconds: 83,
  agent: null,
  queue: null,
  transfers: [],
};

describe('foldCallEvents', () => {
  it('throws when there are no events', () => {
    assert.throws(() => foldCallEvents([]), /at least one event/);
  });

  it('folds ringing, answered and ended into a completed call', () => {
    assert.deepEqual(foldCallEvents(answeredCall), answeredState);
  });

  it('gives the same state for every order of ringing, answered and ended', () => {
    for (const order of permutations(answeredCall)) {
      assert.deepEqual(foldCallEvents(order), answeredState, order.map((e) => e.kind).join(','));
    }
  });

  it('gives the same state for every order of a set with duplicates that disagree', () => {
    const events = [
      event('ringing', 0, { from: '' }),
      event('ringing', 0, { receivedAt: at(3) }),
      event('ended', 40, { endStatus: 'busy' }),
      event('ended', 40, { endStatus: 'missed', receivedAt: at(50) }),
      event('ended', 40),
    ];
    const states = permutations(events).map(foldCallEvents);
    for (const state of states) assert.deepEqual(state, states[0]);
    assert.equal(states[0]?.status, 'missed');
  });

  it('ignores exact duplicates', () => {
    const duplicated = [...answeredCall, ...answeredCall, answeredCall[2]!, answeredCall[0]!];
    assert.deepEqual(foldCallEvents(duplicated), answeredState);
  });

  it('does not mutate the events it is given', () => {
    const events = [answeredCall[2]!, answeredCall[0]!, answeredCall[1]!];
    foldCallEvents(events);
    assert.deepEqual(
      events.map((e) => e.kind),
      ['ended', 'ringing', 'answered'],
    );
  });

  const statusCases: { name: string; events: CallEvent[]; expected: Partial<CallState> }[] = [
    {
      name: 'a ringing call is ringing with no wait or talk yet',
      events: [event('ringing', 0)],
      expected: { status: 'ringing', answeredAt: null, endedAt: null, waitSeconds: null, talkSeconds: null },
    },
    {
      name: 'an answered call not yet ended is answered, talk unknown',
      events: [event('ringing', 0), event('answered', 7)],
      expected: { status: 'answered', answeredAt: at(7), endedAt: null, waitSeconds: 7, talkSeconds: null },
    },
    {
      name: 'an unanswered call that ends with no stated reason is missed',
      events: [event('ringing', 0), event('ended', 30)],
      expected: { status: 'missed', answeredAt: null, endedAt: at(30), waitSeconds: 30, talkSeconds: 0 },
    },
    {
      name: 'an unanswered call the provider calls missed is missed',
      events: [event('ringing', 0), event('ended', 25, { endStatus: 'missed' })],
      expected: { status: 'missed', waitSeconds: 25, talkSeconds: 0 },
    },
    {
      name: 'a busy line is busy',
      events: [event('ringing', 0), event('ended', 2, { endStatus: 'busy' })],
      expected: { status: 'busy', waitSeconds: 2, talkSeconds: 0 },
    },
    {
      name: 'a failed unanswered call is failed',
      events: [event('ended', 0, { endStatus: 'failed' })],
      expected: { status: 'failed', startedAt: at(0), waitSeconds: 0, talkSeconds: 0 },
    },
    {
      name: 'a call reported only as ended and completed was answered at a time we do not know',
      events: [event('ringing', 0), event('ended', 20, { endStatus: 'completed' })],
      expected: { status: 'completed', answeredAt: null, waitSeconds: null, talkSeconds: null },
    },
    {
      name: 'an unanswered call that one event calls missed and another completed is missed',
      events: [
        event('ended', 20, { endStatus: 'completed' }),
        event('ended', 20, { endStatus: 'missed', receivedAt: at(30) }),
      ],
      expected: { status: 'missed', talkSeconds: 0 },
    },
    {
      name: 'an answered call is completed even if its end is reported as failed',
      events: [event('ringing', 0), event('answered', 5), event('ended', 65, { endStatus: 'failed' })],
      expected: { status: 'completed', waitSeconds: 5, talkSeconds: 60 },
    },
    {
      name: 'an "ended" received before "ringing" still ends the call',
      events: [
        event('ended', 45, { endStatus: 'busy', receivedAt: at(45) }),
        event('ringing', 0, { receivedAt: at(60) }),
      ],
      expected: { status: 'busy', startedAt: at(0), endedAt: at(45), waitSeconds: 45, talkSeconds: 0 },
    },
    {
      name: 'a late duplicate "ended" of a completed call moves the end to the latest',
      events: [
        event('ringing', 0),
        event('answered', 10),
        event('ended', 70, { endStatus: 'completed' }),
        event('ended', 72, { endStatus: 'completed', receivedAt: at(600) }),
      ],
      expected: { status: 'completed', endedAt: at(72), talkSeconds: 62 },
    },
    {
      name: 'the earliest "answered" counts when the answer is reported twice',
      events: [event('ringing', 0), event('answered', 9), event('answered', 4), event('ended', 64)],
      expected: { answeredAt: at(4), waitSeconds: 4, talkSeconds: 60 },
    },
    {
      name: 'events without provider times use their receipt times',
      events: [
        event('ringing', null, { receivedAt: at(100) }),
        event('answered', null, { receivedAt: at(108.4) }),
        event('ended', null, { receivedAt: at(160.6) }),
      ],
      expected: {
        status: 'completed',
        startedAt: at(100),
        answeredAt: at(108.4),
        endedAt: at(160.6),
        waitSeconds: 8,
        talkSeconds: 52,
      },
    },
    {
      name: 'the start is the earliest time, be it the provider time or a receipt time',
      events: [event('ringing', 10), event('answered', null, { receivedAt: at(5) })],
      expected: { startedAt: at(5), answeredAt: at(5), waitSeconds: 0 },
    },
    {
      name: 'clock disagreement never makes talk negative',
      events: [event('answered', 50), event('ended', null, { receivedAt: at(49) })],
      expected: { status: 'completed', startedAt: at(49), waitSeconds: 1, talkSeconds: 0 },
    },
  ];

  for (const { name, events, expected } of statusCases) {
    it(name, () => {
      for (const order of permutations(events)) {
        const state = foldCallEvents(order);
        for (const [key, value] of Object.entries(expected)) {
          assert.deepEqual(state[key as keyof CallState], value, `${key} for ${order.map((e) => e.kind)}`);
        }
      }
    });
  }

  it('takes the direction from the earliest event', () => {
    const state = foldCallEvents([
      event('ended', 30, { direction: 'inbound' }),
      event('ringing', 0, { direction: 'outbound' }),
    ]);
    assert.equal(state.direction, 'outbound');
  });

  it('treats an empty caller as unknown', () => {
    assert.equal(foldCallEvents([event('ringing', 0, { from: '' })]).callerRaw, null);
  });

  it('keeps the caller as received, withheld markers included', () => {
    assert.equal(foldCallEvents([event('ringing', 0, { from: 'anonymous' })]).callerRaw, 'anonymous');
  });

  it('takes caller and dialled number from a later event when the earliest lacks them', () => {
    const state = foldCallEvents([
      event('ringing', 0, { from: '', to: '' }),
      event('answered', 3, { from: '8 916 123-45-67', to: '+74950000001' }),
    ]);
    assert.equal(state.callerRaw, '8 916 123-45-67');
    assert.equal(state.trackingNumberRaw, '+74950000001');
  });

  it('keeps an empty dialled number when no event has one', () => {
    assert.equal(foldCallEvents([event('ringing', 0, { to: '' })]).trackingNumberRaw, '');
  });

  it('returns dates that are not shared with the events', () => {
    const ringing = event('ringing', 0);
    const state = foldCallEvents([ringing]);
    assert.notEqual(state.startedAt, ringing.at);
    assert.deepEqual(state.startedAt, ringing.at);
  });
});

describe('compareCallEvents', () => {
  it('orders by time, then ringing before answered before ended', () => {
    const sorted = [event('ended', 5), event('answered', 5), event('ringing', 5), event('ringing', 1)].sort(
      compareCallEvents,
    );
    assert.deepEqual(
      sorted.map((e) => [e.kind, e.at?.getTime()]),
      [
        ['ringing', at(1).getTime()],
        ['ringing', at(5).getTime()],
        ['answered', at(5).getTime()],
        ['ended', at(5).getTime()],
      ],
    );
  });

  it('puts only identical events level', () => {
    assert.equal(compareCallEvents(event('ended', 5), event('ended', 5)), 0);
    assert.notEqual(compareCallEvents(event('ended', 5), event('ended', 5, { endStatus: 'busy' })), 0);
  });

  describe('agents, queues and transfers', () => {
    it('names who answered first, the queue, and each later agent once, in order', () => {
      const events = [
        event('ringing', 0, { queue: 'Sales' }),
        event('answered', 8, { agent: '101' }),
        event('transferred', 30, { agent: '102' }),
        event('transferred', 30, { agent: '102', receivedAt: at(40) }),
        event('transferred', 50, { agent: '103' }),
        event('ended', 90),
      ];
      for (const order of permutations(events.slice(0, 5))) {
        const state = foldCallEvents([...order, events[5]!]);
        assert.deepEqual([state.agent, state.queue, state.transfers], ['101', 'Sales', ['102', '103']]);
      }
    });

    it('orders events within one second by the provider’s sequence number', () => {
      const events = [
        event('transferred', 30, { agent: '103', seq: 5 }),
        event('transferred', 30, { agent: '102', seq: 4 }),
        event('answered', 10, { agent: '101', seq: 2 }),
      ];
      assert.deepEqual(foldCallEvents(events).transfers, ['102', '103']);
    });
  });

  describe('a provider’s summary', () => {
    const summary = (fields: Partial<CallEvent['summary'] & object>, receivedSeconds = 200) =>
      event('summary', null, {
        receivedAt: at(receivedSeconds),
        agent: '101',
        summary: { startedAt: at(0), answeredAt: at(15), endedAt: at(75), status: 'completed', ...fields },
      });

    it('corrects times and status the events got wrong, in any order', () => {
      const events = [event('ringing', 2), event('ended', 20, { endStatus: 'missed' }), summary({})];
      for (const order of permutations(events)) {
        const state = foldCallEvents(order);
        assert.equal(state.status, 'completed');
        assert.deepEqual([state.startedAt, state.answeredAt, state.endedAt], [at(0), at(15), at(75)]);
        assert.deepEqual([state.waitSeconds, state.talkSeconds, state.agent], [15, 60, '101']);
      }
    });

    it('alone makes a complete record, missed when nobody answered', () => {
      const state = foldCallEvents([summary({ answeredAt: null, status: 'missed', endedAt: at(30) })]);
      assert.deepEqual(
        [state.status, state.waitSeconds, state.talkSeconds, state.answeredAt],
        ['missed', 30, 0, null],
      );
    });

    it('the same disagreeing summaries give one state whatever their order', () => {
      const events = [
        summary({ endedAt: at(70) }, 100),
        summary({ endedAt: at(75) }, 200),
        event('ringing', 0),
      ];
      const states = permutations(events).map(foldCallEvents);
      for (const state of states) assert.deepEqual(state, states[0]);
      assert.deepEqual(states[0]?.endedAt, at(75));
    });
  });
});
