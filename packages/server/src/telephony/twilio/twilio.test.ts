/**
 * Twilio through the real HTTP server: its documented requests, signed as Twilio signs them, make
 * exactly the call records expected, whatever the order, however often they come.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CallRecord } from '@calltrail/protocol';
import { count } from 'drizzle-orm';
import twilioSdk from 'twilio';
import { callEvents, calls } from '../../db/schema.ts';
import { fakeClock } from '../../testing/fake-clock.ts';
import { type TelephonyHarness, telephonyHarness } from '../../testing/telephony-harness.ts';
import { databaseChoices } from '../../testing/test-database.ts';
import {
  account,
  addTwilioConnection,
  businessNumber,
  caller,
  dialEnded,
  incomingCall,
  type StatusCallback,
  sid,
  statusCallback,
  type TwilioHooks,
  trackingNumber,
  twilioHooks,
} from './fixtures.ts';

const start = Date.parse('2026-09-29T10:00:00Z');
/** The ISO time `seconds` after the first call rang. */
const at = (seconds: number) => new Date(start + seconds * 1000).toISOString();

/** A request Twilio sends, and when it reaches us (seconds after the call rang). */
interface Delivery {
  subpath: 'voice' | 'status' | 'dial';
  fields: Record<string, string>;
  receivedAt: number;
}

const status = (event: Omit<StatusCallback, 'at'> & { at: number }): Delivery => ({
  subpath: 'status',
  fields: statusCallback({ ...event, at: at(event.at) }),
  receivedAt: event.at + 0.2,
});

/** The caller's leg and the leg our <Dial> opens, from ringing to hang-up. */
function callFlow(callSid: string, outcome: 'answered' | 'no-answer' | 'busy', from = caller): Delivery[] {
  const leg = sid('CA', Number.parseInt(callSid.slice(-4), 16) + 0x8000);
  const dialled = { callSid: leg, parentCallSid: callSid, from };
  const voice: Delivery = { subpath: 'voice', fields: incomingCall(callSid, from), receivedAt: 0 };
  const ringing = [
    status({ ...dialled, status: 'initiated', seq: 0, at: 1 }),
    status({ ...dialled, status: 'ringing', seq: 1, at: 2 }),
  ];
  if (outcome === 'answered') {
    return [
      voice,
      ...ringing,
      status({ ...dialled, status: 'in-progress', seq: 2, at: 12 }),
      status({ ...dialled, status: 'completed', seq: 3, at: 90, duration: 78 }),
      {
        subpath: 'dial',
        fields: dialEnded(callSid, { status: 'completed', dialCallSid: leg, duration: 78, from }),
        receivedAt: 90.4,
      },
      status({ callSid, from, status: 'completed', seq: 0, at: 91, duration: 91 }),
    ];
  }
  return [
    voice,
    ...ringing,
    status({ ...dialled, status: outcome, seq: 2, at: 32 }),
    {
      subpath: 'dial',
      fields: dialEnded(callSid, { status: outcome, dialCallSid: leg, from }),
      receivedAt: 32.3,
    },
    status({ callSid, from, status: 'completed', seq: 0, at: 33, duration: 33 }),
  ];
}

/** What the events decide about a call, without what depends on the other calls around it. */
function lifecycle(record: CallRecord) {
  const { direction, status, caller, callerRaw, trackingNumber, trackingNumberRaw } = record;
  const { startedAt, answeredAt, endedAt, waitSeconds, talkSeconds, agent, queue, transfers } = record;
  return {
    direction,
    status,
    caller,
    callerRaw,
    trackingNumber,
    trackingNumberRaw,
    startedAt,
    answeredAt,
    endedAt,
    waitSeconds,
    talkSeconds,
    agent,
    queue,
    transfers,
  };
}

for (const choice of databaseChoices()) {
  describe(`Twilio voice webhooks on ${choice.kind}`, { skip: choice.skip }, () => {
    let h: TelephonyHarness;
    let hooks: TwilioHooks;
    before(async () => {
      h = await telephonyHarness({
        kind: choice.kind,
        clock: fakeClock(at(0)),
        provider: 'twilio',
        credentials: account,
        settings: { recordingNotice: 'Этот звонок записывается', language: 'ru-RU' },
      });
      hooks = twilioHooks(h);
    });
    after(() => h.close());

    const deliver = async (deliveries: Delivery[]) => {
      for (const delivery of deliveries) {
        h.t.clock.set(at(delivery.receivedAt));
        const response = await hooks.post(delivery.subpath, delivery.fields);
        assert.equal(response.statusCode, 200, response.body);
      }
    };
    /** How many calls and call events are stored, to show that a refused request stored nothing. */
    const stored = async () => {
      const { db } = h.t.database;
      const [callRows] = await db.select({ n: count() }).from(calls);
      const [eventRows] = await db.select({ n: count() }).from(callEvents);
      return { calls: callRows?.n, events: eventRows?.n };
    };

    test('the connection lists the voice and status URLs to paste into the phone number’s settings', () => {
      assert.deepEqual(
        h.connection.webhookUrls.map((hook) => new URL(hook.url).pathname.split('/').at(-1)),
        ['voice', 'status'],
      );
      for (const hook of h.connection.webhookUrls)
        assert.match(hook.url, /^https:\/\/calltrail\.test\/hooks\/v1\/twilio\//);
    });

    test('credentials and settings are checked when a connection is made', async () => {
      const attempts = [
        { credentials: { ...account, accountSid: 'not-an-account-sid' } },
        { credentials: account, settings: { forwardTo: '8 495 765-43-21' } },
        { credentials: account, settings: { recordCalls: 'yes' } },
      ];
      for (const attempt of attempts) {
        const response = await h.t.app.inject({
          method: 'POST',
          url: '/api/v1/telephony/connections',
          headers: h.headers,
          payload: { provider: 'twilio', name: 'Twilio', ...attempt },
        });
        assert.deepEqual([response.statusCode, response.json().error.code], [400, 'VALIDATION_FAILED']);
      }
    });

    test('an incoming call is answered with the notice, then a recorded dial of the number’s destination', async () => {
      const response = await hooks.post('voice', incomingCall(sid('CA', 0x100)));
      assert.equal(response.statusCode, 200, response.body);
      assert.match(String(response.headers['content-type']), /^text\/xml/);
      assert.equal(
        response.body,
        '<?xml version="1.0" encoding="UTF-8"?><Response>' +
          '<Say language="ru-RU">Этот звонок записывается</Say>' +
          `<Dial action="${hooks.url('dial')}" record="record-from-answer-dual" recordingStatusCallback="${hooks.url('recording')}">` +
          `<Number statusCallbackEvent="initiated ringing answered completed" statusCallback="${hooks.url('status')}">${businessNumber}</Number>` +
          '</Dial></Response>',
      );
      const record = await h.call(sid('CA', 0x100));
      assert.deepEqual(
        [record.status, record.direction, record.caller, record.trackingNumber, record.startedAt],
        ['ringing', 'inbound', caller, trackingNumber, at(0)],
      );
    });

    test('an answered call: the dialled number answers after 12 s and they talk until Twilio hangs up', async () => {
      await deliver(callFlow(sid('CA', 0x101), 'answered'));
      const record = await h.call(sid('CA', 0x101));
      assert.deepEqual(lifecycle(record), {
        direction: 'inbound',
        status: 'completed',
        caller,
        callerRaw: caller,
        trackingNumber,
        trackingNumberRaw: trackingNumber,
        startedAt: at(0),
        answeredAt: at(12),
        endedAt: at(91),
        waitSeconds: 12,
        talkSeconds: 79,
        agent: businessNumber,
        queue: null,
        transfers: [],
      });
    });

    test('a missed call: nobody answers the dialled number', async () => {
      await deliver(callFlow(sid('CA', 0x102), 'no-answer'));
      const record = await h.call(sid('CA', 0x102));
      assert.deepEqual(
        [
          record.status,
          record.answeredAt,
          record.endedAt,
          record.waitSeconds,
          record.talkSeconds,
          record.agent,
        ],
        ['missed', null, at(33), 33, 0, null],
      );
    });

    test('a busy line', async () => {
      await deliver(callFlow(sid('CA', 0x103), 'busy'));
      const record = await h.call(sid('CA', 0x103));
      assert.deepEqual([record.status, record.talkSeconds], ['busy', 0]);
    });

    test('a withheld caller is stored with no number, as received', async () => {
      await deliver(callFlow(sid('CA', 0x104), 'answered', 'anonymous'));
      await deliver(callFlow(sid('CA', 0x105), 'no-answer', ''));
      const anonymous = await h.call(sid('CA', 0x104));
      assert.deepEqual(
        [anonymous.status, anonymous.caller, anonymous.callerRaw],
        ['completed', null, 'anonymous'],
      );
      const empty = await h.call(sid('CA', 0x105));
      assert.deepEqual([empty.status, empty.caller, empty.callerRaw], ['missed', null, null]);
    });

    test('requests in any order, duplicates included, make the same record', async () => {
      await deliver(callFlow(sid('CA', 0x106), 'answered'));
      const expected = lifecycle(await h.call(sid('CA', 0x106)));
      const reversed = callFlow(sid('CA', 0x107), 'answered').reverse();
      await deliver(reversed);
      assert.deepEqual(lifecycle(await h.call(sid('CA', 0x107))), expected);
      const flow = callFlow(sid('CA', 0x108), 'answered');
      const shuffled = [5, 2, 6, 0, 3, 1, 4, 3, 5].map((i) => flow[i] as Delivery);
      await deliver(shuffled);
      assert.deepEqual(lifecycle(await h.call(sid('CA', 0x108))), expected);
    });

    test('a repeated delivery is acknowledged and changes nothing', async () => {
      const flow = callFlow(sid('CA', 0x109), 'answered');
      await deliver(flow);
      const before = await h.call(sid('CA', 0x109));
      const counts = await stored();
      await deliver(flow);
      assert.deepEqual(await h.call(sid('CA', 0x109)), before);
      assert.deepEqual(await stored(), counts);
    });

    test('a lost in-progress callback: the completed callback’s CallDuration tells when the agent answered', async () => {
      const flow = callFlow(sid('CA', 0x10a), 'answered').filter(
        (d) => !(d.subpath === 'status' && d.fields.CallStatus === 'in-progress'),
      );
      await deliver(flow);
      const record = await h.call(sid('CA', 0x10a));
      assert.deepEqual(
        [record.status, record.answeredAt, record.waitSeconds, record.talkSeconds, record.agent],
        ['completed', at(12), 12, 79, businessNumber],
      );
    });

    test('an outbound call placed through the API is recorded as outbound, to the customer', async () => {
      const callSid = sid('CA', 0x10b);
      const leg = { callSid, from: trackingNumber, to: caller, direction: 'outbound-api' };
      await deliver([
        status({ ...leg, status: 'initiated', seq: 0, at: 0 }),
        status({ ...leg, status: 'ringing', seq: 1, at: 1 }),
        status({ ...leg, status: 'in-progress', seq: 2, at: 7 }),
        status({ ...leg, status: 'completed', seq: 3, at: 67, duration: 60 }),
      ]);
      const record = await h.call(callSid);
      assert.deepEqual(
        [record.direction, record.status, record.trackingNumberRaw, record.waitSeconds, record.talkSeconds],
        ['outbound', 'completed', caller, 7, 60],
      );
    });

    test('a forged request is refused with 401 and stores nothing', async () => {
      const counts = await stored();
      const fields = incomingCall(sid('CA', 0x10c));
      const forgeries = [
        await hooks.post('voice', fields, { authToken: 'not-the-auth-token' }),
        await hooks.post('voice', fields, { url: hooks.url('status') }),
        await h.t.app.inject({
          method: 'POST',
          url: new URL(hooks.url('voice')).pathname,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams(fields).toString(),
        }),
      ];
      for (const response of forgeries) {
        assert.deepEqual([response.statusCode, response.json().error.code], [401, 'INVALID_SIGNATURE']);
      }
      assert.deepEqual(await stored(), counts);
    });

    test('a URL Twilio signed with the default port written out is accepted', async () => {
      const fields = incomingCall(sid('CA', 0x10d));
      const url = hooks.url('voice').replace('https://calltrail.test/', 'https://calltrail.test:443/');
      const response = await hooks.post('voice', fields, { url });
      assert.equal(response.statusCode, 200, response.body);
    });

    test('an unknown status is refused with 400 UNKNOWN_EVENT and the call it names is untouched', async () => {
      const callSid = sid('CA', 0x114);
      await deliver(callFlow(callSid, 'answered'));
      const before = await h.call(callSid);
      const counts = await stored();
      const unknown = [
        await hooks.post('status', {
          ...statusCallback({ callSid, status: 'teleported', seq: 9, at: at(95) }),
        }),
        await hooks.post('status', {
          ...statusCallback({ callSid, status: 'completed', seq: 9, at: at(95) }),
          CallbackSource: 'call-quality-events',
        }),
        await hooks.post('dial', {
          ...dialEnded(callSid, { status: 'transferred', dialCallSid: sid('CA', 1) }),
        }),
        await hooks.post('somewhere-else', incomingCall(callSid)),
      ];
      for (const response of unknown) {
        assert.deepEqual([response.statusCode, response.json().error.code], [400, 'UNKNOWN_EVENT']);
      }
      assert.deepEqual(await h.call(callSid), before);
      assert.deepEqual(await stored(), counts);
    });

    test('a missing or malformed field is refused with 400 INVALID_EVENT', async () => {
      const counts = await stored();
      const callSid = sid('CA', 0x10e);
      const { To: _to, ...voiceWithoutTo } = incomingCall(callSid);
      const { CallSid: _sid, ...statusWithoutSid } = statusCallback({
        callSid,
        status: 'ringing',
        seq: 0,
        at: at(0),
      });
      const { DialCallStatus: _outcome, ...dialWithoutOutcome } = dialEnded(callSid, {
        status: 'completed',
        dialCallSid: sid('CA', 2),
      });
      const invalid = [
        await hooks.post('voice', voiceWithoutTo),
        await hooks.post('status', statusWithoutSid),
        await hooks.post('status', {
          ...statusCallback({ callSid, status: 'ringing', seq: 0, at: at(0) }),
          Timestamp: 'yesterday',
        }),
        await hooks.post('status', {
          ...statusCallback({ callSid, status: 'completed', seq: 1, at: at(9) }),
          CallDuration: '9s',
        }),
        await hooks.post('dial', dialWithoutOutcome),
      ];
      for (const response of invalid) {
        assert.deepEqual(
          [response.statusCode, response.json().error.code],
          [400, 'INVALID_EVENT'],
          response.body,
        );
      }
      assert.deepEqual(await stored(), counts);
    });

    test('a body that is not a form is refused with 415', async () => {
      const counts = await stored();
      const response = await h.t.app.inject({
        method: 'POST',
        url: new URL(hooks.url('voice')).pathname,
        headers: { 'content-type': 'application/json', 'x-twilio-signature': 'irrelevant' },
        payload: JSON.stringify(incomingCall(sid('CA', 0x10f))),
      });
      assert.deepEqual([response.statusCode, response.json().error.code], [415, 'UNSUPPORTED_MEDIA_TYPE']);
      assert.deepEqual(await stored(), counts);
    });

    test('a voice request by GET is signed over its URL, query included', async () => {
      const fields = incomingCall(sid('CA', 0x110));
      const url = `${hooks.url('voice')}?${new URLSearchParams(fields)}`;
      const response = await h.t.app.inject({
        method: 'GET',
        url: new URL(url).pathname + new URL(url).search,
        headers: { 'x-twilio-signature': twilioSdk.getExpectedTwilioSignature(account.authToken, url, {}) },
      });
      assert.equal(response.statusCode, 200, response.body);
      assert.equal((await h.call(sid('CA', 0x110))).status, 'ringing');
    });

    test('without recording, the call is dialled at once, with no notice and no recording', async () => {
      const unrecorded = await addTwilioConnection(h, {
        recordCalls: false,
        recordingNotice: 'Этот звонок записывается',
      });
      const response = await unrecorded.post('voice', incomingCall(sid('CA', 0x111)));
      assert.equal(response.statusCode, 200, response.body);
      assert.equal(
        response.body,
        '<?xml version="1.0" encoding="UTF-8"?><Response>' +
          `<Dial action="${unrecorded.url('dial')}">` +
          `<Number statusCallbackEvent="initiated ringing answered completed" statusCallback="${unrecorded.url('status')}">${businessNumber}</Number>` +
          '</Dial></Response>',
      );
    });

    test('a number with no destination rings forwardTo, or else the caller is told and the call ends', async () => {
      const unknownNumber = '+74959999999';
      const forwarding = await addTwilioConnection(h, { forwardTo: '+74957654321' });
      const forwarded = await forwarding.post('voice', incomingCall(sid('CA', 0x112), caller, unknownNumber));
      assert.match(forwarded.body, /<Number [^>]*>\+74957654321<\/Number>/);
      const nowhere = await hooks.post('voice', incomingCall(sid('CA', 0x113), caller, unknownNumber));
      assert.match(nowhere.body, /<Response><Say>[^<]+<\/Say><Hangup\/><\/Response>$/);
      assert.equal((await h.call(sid('CA', 0x113))).status, 'ringing');
    });
  });
}
