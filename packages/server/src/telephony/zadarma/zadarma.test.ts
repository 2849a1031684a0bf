/**
 * Zadarma's PBX notifications through the real HTTP server: forms with the fields of Zadarma's
 * documentation and libraries, signed in both encodings Zadarma's own libraries produce.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { recordings } from '../../db/schema.ts';
import { lifecycle } from '../../testing/call-lifecycle.ts';
import { fakeClock } from '../../testing/fake-clock.ts';
import { type TelephonyHarness, telephonyHarness } from '../../testing/telephony-harness.ts';
import { databaseChoices } from '../../testing/test-database.ts';

const credentials = { key: 'zk3y', secret: 'z5ecret' };
const caller = '79161234567';
const did = '74950000001';
/** 12:00 in Moscow, the account's zone, is 09:00 UTC. */
const callStart = '2026-10-01 12:00:00';
const utc = (seconds: number) => new Date(Date.UTC(2026, 9, 1, 9, 0, seconds)).toISOString();

type Fields = Record<string, string>;

/** What each notification's signature covers, as Zadarma's PHP and TypeScript libraries build it. */
function signatureString(fields: Fields): string {
  const f = (name: string) => fields[name] ?? '';
  switch (fields.event) {
    case 'NOTIFY_ANSWER':
      return f('caller_id') + f('destination') + f('call_start');
    case 'NOTIFY_OUT_START':
    case 'NOTIFY_OUT_END':
      return f('internal') + f('destination') + f('call_start');
    case 'NOTIFY_RECORD':
      return f('pbx_call_id') + f('call_id_with_rec');
    default:
      return f('caller_id') + f('called_did') + f('call_start');
  }
}

/**
 * `hex`: base64 of the hex digest, as the documentation's PHP (`base64_encode(hash_hmac(…))`);
 * `raw`: base64 of the digest itself, as the TypeScript library.
 */
function signature(fields: Fields, encoding: 'hex' | 'raw' = 'hex', secret = credentials.secret): string {
  const hmac = createHmac('sha1', secret).update(signatureString(fields));
  return encoding === 'hex' ? Buffer.from(hmac.digest('hex')).toString('base64') : hmac.digest('base64');
}

/** An inbound call's notifications: ringing 101, answered after 12 s, over after 54 s, recorded. */
function inboundCall(callId: string): Fields[] {
  const common = { pbx_call_id: callId, call_start: callStart, caller_id: caller };
  return [
    { event: 'NOTIFY_START', ...common, called_did: did },
    { event: 'NOTIFY_INTERNAL', ...common, called_did: did, internal: '101' },
    { event: 'NOTIFY_ANSWER', ...common, destination: did, internal: '101' },
    {
      event: 'NOTIFY_END',
      ...common,
      called_did: did,
      internal: '101',
      duration: '42',
      disposition: 'answered',
      status_code: '16',
      is_recorded: '1',
      call_id_with_rec: `1790845200.${callId}`,
    },
  ];
}
/** When each of them is sent, in seconds after the call began. */
const sentAt = [0, 2, 12, 54];

for (const choice of databaseChoices()) {
  describe(`Zadarma PBX notifications (${choice.kind})`, { skip: choice.skip }, () => {
    let h: TelephonyHarness;
    const clock = fakeClock(utc(0));
    before(async () => {
      h = await telephonyHarness({ kind: choice.kind, clock, provider: 'zadarma', credentials });
    });
    after(() => h.close());

    const notify = (fields: Fields, encoding: 'hex' | 'raw' = 'hex') =>
      h.postForm('', fields, { signature: signature(fields, encoding) });
    /** Delivers notifications one by one, each at its own time after the call began. */
    const deliver = async (items: { fields: Fields; at: number }[], encoding: 'hex' | 'raw' = 'hex') => {
      for (const { fields, at } of items) {
        clock.set(utc(at));
        const response = await notify(fields, encoding);
        assert.equal(response.statusCode, 200, response.body);
      }
    };

    test('Zadarma’s URL check is answered with the echo, unsigned, as plain text', async () => {
      const response = await h.t.app.inject({ method: 'GET', url: `${h.path()}?zd_echo=f1e2d3c4b5a6` });
      assert.equal(response.statusCode, 200);
      assert.match(String(response.headers['content-type']), /^text\/plain/);
      assert.equal(response.body, 'f1e2d3c4b5a6');
      assert.equal(h.connection.webhookUrls.length, 1);
    });

    test('an answered call reads the same in order and out of order, signed either way', async () => {
      await deliver(inboundCall('in_ordered').map((fields, i) => ({ fields, at: sentAt[i] ?? 0 })));
      // The end comes first, the start last; this call is signed as Zadarma's TypeScript library does.
      await deliver(
        inboundCall('in_shuffled')
          .reverse()
          .map((fields, i) => ({ fields, at: 54 + i })),
        'raw',
      );
      const expected = {
        status: 'completed',
        direction: 'inbound',
        startedAt: utc(0),
        answeredAt: utc(12),
        endedAt: utc(54),
        waitSeconds: 12,
        talkSeconds: 42,
        agent: '101',
        caller: '+79161234567',
        trackingNumber: '+74950000001',
      };
      assert.deepEqual(lifecycle(await h.call('in_ordered')), expected);
      assert.deepEqual(lifecycle(await h.call('in_shuffled')), expected);
    });

    test('a notification signed as the documentation’s example computes it is accepted', async () => {
      const fields = {
        event: 'NOTIFY_START',
        pbx_call_id: 'in_doc',
        call_start: callStart,
        caller_id: caller,
        called_did: did,
      };
      // base64(hex(HMAC-SHA1('z5ecret', caller_id . called_did . call_start))), worked out apart.
      const response = await h.postForm('', fields, {
        signature: 'MTJjNGFmZWIxYTgyMjlkZmUxMTk0ZGIyNzY1YWU3ZjZhNGRiMWEwOA==',
      });
      assert.equal(response.statusCode, 200, response.body);
      assert.equal((await h.call('in_doc')).status, 'ringing');
    });

    test('the end of a recorded call and NOTIFY_RECORD leave one recording to fetch', async () => {
      clock.set(utc(100));
      const record = {
        event: 'NOTIFY_RECORD',
        pbx_call_id: 'in_ordered',
        call_id_with_rec: '1790845200.in_ordered',
      };
      assert.equal((await notify(record)).statusCode, 200);
      const rows = await h.t.database.db
        .select()
        .from(recordings)
        .where(eq(recordings.providerRecordingId, '1790845200.in_ordered'));
      assert.deepEqual(
        rows.map((row) => [row.status, row.providerCallId]),
        [['pending', 'in_ordered']],
      );
    });

    test('how an unanswered call ended comes from its disposition', async () => {
      const cases = [
        { disposition: 'no answer', status: 'missed' },
        { disposition: 'cancel', status: 'missed' },
        { disposition: 'busy', status: 'busy' },
        { disposition: 'no money', status: 'failed' },
        { disposition: 'unallocated number', status: 'failed' },
      ];
      for (const [i, { disposition, status }] of cases.entries()) {
        const id = `in_unanswered_${i}`;
        const [start, , , end] = inboundCall(id);
        await deliver([
          { fields: start as Fields, at: 0 },
          {
            fields: {
              ...(end as Fields),
              disposition,
              duration: '0',
              is_recorded: '0',
              call_id_with_rec: '',
            },
            at: 25,
          },
        ]);
        const record = await h.call(id);
        assert.deepEqual(
          [record.status, record.answeredAt, record.waitSeconds, record.talkSeconds],
          [status, null, 25, 0],
          disposition,
        );
      }
    });

    test('an outbound call is our extension calling the customer', async () => {
      const common = {
        pbx_call_id: 'out_1',
        call_start: '2026-10-01 12:05:00',
        internal: '101',
        destination: '79169999999',
      };
      await deliver([
        { fields: { event: 'NOTIFY_OUT_START', ...common }, at: 300 },
        {
          fields: {
            event: 'NOTIFY_OUT_END',
            ...common,
            caller_id: '74950000002',
            duration: '60',
            disposition: 'answered',
            status_code: '16',
            is_recorded: '0',
            call_id_with_rec: '',
          },
          at: 367,
        },
      ]);
      const record = await h.call('out_1');
      assert.deepEqual(
        [record.direction, record.status, record.callerRaw, record.trackingNumberRaw, record.agent],
        ['outbound', 'completed', '101', '79169999999', '101'],
      );
      assert.deepEqual([record.startedAt, record.answeredAt, record.talkSeconds], [utc(300), utc(307), 60]);
    });

    test('a withheld caller is stored with no number, and kept as received', async () => {
      clock.set(utc(0));
      const start = (id: string, callerId: string) => ({
        event: 'NOTIFY_START',
        pbx_call_id: id,
        call_start: callStart,
        caller_id: callerId,
        called_did: did,
      });
      assert.equal((await notify(start('in_hidden', ''))).statusCode, 200);
      assert.equal((await notify(start('in_anonymous', 'anonymous'))).statusCode, 200);
      const hidden = await h.call('in_hidden');
      const anonymous = await h.call('in_anonymous');
      assert.deepEqual(
        [hidden.caller, hidden.callerRaw, hidden.trackingNumber],
        [null, null, '+74950000001'],
      );
      assert.deepEqual([anonymous.caller, anonymous.callerRaw], [null, 'anonymous']);
    });

    test('a repeated notification changes nothing', async () => {
      const before = await h.call('in_ordered');
      const end = inboundCall('in_ordered')[3] as Fields;
      clock.set(utc(120));
      const again = await notify(end);
      assert.equal(again.statusCode, 200);
      assert.deepEqual(await h.call('in_ordered'), before);
    });

    test('a forged or altered notification is refused and stores nothing', async () => {
      const count = (await h.calls()).length;
      const fields = inboundCall('in_forged')[0] as Fields;
      const attempts: Record<string, string>[] = [
        { signature: 'bm90IGEgc2lnbmF0dXJl' },
        { signature: signature(fields, 'hex', 'another-secret') },
        { signature: signature(fields, 'raw', 'another-secret') },
        { signature: signature({ ...fields, caller_id: '79990000000' }) },
        {},
      ];
      for (const headers of attempts) {
        const response = await h.postForm('', fields, headers);
        assert.deepEqual([response.statusCode, response.json().error.code], [401, 'INVALID_SIGNATURE']);
      }
      assert.equal((await h.calls()).length, count);
    });

    test('an event Calltrail does not read is refused, and the call it names is left as it was', async () => {
      const before = await h.call('in_ordered');
      for (const event of ['NOTIFY_TRANSFER', 'SMS']) {
        const fields = { ...(inboundCall('in_ordered')[0] as Fields), event };
        const response = await h.postForm('', fields, { signature: signature(fields) });
        assert.deepEqual([response.statusCode, response.json().error.code], [400, 'UNKNOWN_EVENT'], event);
      }
      assert.deepEqual(await h.call('in_ordered'), before);
    });

    test('a notification missing a field it needs, or with an unreadable one, is refused as invalid', async () => {
      const count = (await h.calls()).length;
      const [start, , , end] = inboundCall('in_invalid') as [Fields, Fields, Fields, Fields];
      const without = (fields: Fields, name: string) =>
        Object.fromEntries(Object.entries(fields).filter(([key]) => key !== name));
      const cases = [
        without(start, 'pbx_call_id'),
        without(end, 'disposition'),
        { ...start, call_start: 'yesterday' },
        { ...end, duration: 'long' },
        { pbx_call_id: 'in_invalid', call_start: callStart },
      ];
      for (const fields of cases) {
        const response = await notify(fields);
        assert.deepEqual(
          [response.statusCode, response.json().error.code],
          [400, 'INVALID_EVENT'],
          JSON.stringify(fields),
        );
      }
      assert.equal((await h.calls()).length, count);
    });

    test('a body that is not a form is refused as an unsupported media type', async () => {
      const fields = inboundCall('in_json')[0] as Fields;
      const response = await h.t.app.inject({
        method: 'POST',
        url: h.path(),
        headers: { 'content-type': 'application/json', signature: signature(fields) },
        payload: JSON.stringify(fields),
      });
      assert.deepEqual([response.statusCode, response.json().error.code], [415, 'UNSUPPORTED_MEDIA_TYPE']);
    });

    test('call_start is read in the time zone the connection names, which must be a real zone', async () => {
      const patch = (settings: Record<string, string>) =>
        h.t.app.inject({
          method: 'PATCH',
          url: `/api/v1/telephony/connections/${h.connection.id}`,
          headers: h.headers,
          payload: { settings },
        });
      assert.equal((await patch({ timeZone: 'Asia/Yekaterinburg' })).statusCode, 200);
      const start = { ...(inboundCall('in_yekaterinburg')[0] as Fields) };
      assert.equal((await notify(start)).statusCode, 200);
      assert.equal((await h.call('in_yekaterinburg')).startedAt, '2026-10-01T07:00:00.000Z');
      const unknownZone = await patch({ timeZone: 'Mars/Olympus' });
      assert.deepEqual([unknownZone.statusCode, unknownZone.json().error.code], [400, 'VALIDATION_FAILED']);
      await patch({});
    });
  });
}
