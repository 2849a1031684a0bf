/**
 * Mango Office VPBX through the real HTTP server: signed forms shaped as the VPBX API document
 * describes them, posted to the paths Mango appends to the connection's address.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { recordings } from '../../db/schema.ts';
import { fakeClock } from '../../testing/fake-clock.ts';
import { type TelephonyHarness, telephonyHarness } from '../../testing/telephony-harness.ts';
import { databaseChoices } from '../../testing/test-database.ts';

import {
  answeredCall,
  caller,
  credentials,
  iso,
  leg,
  lifecycle,
  line,
  signedForm,
  summary,
  t0,
} from './mango-fixtures.ts';

for (const choice of databaseChoices()) {
  describe(`Mango Office VPBX notifications (${choice.kind})`, { skip: choice.skip }, () => {
    let h: TelephonyHarness;
    before(async () => {
      h = await telephonyHarness({
        kind: choice.kind,
        clock: fakeClock('2026-10-01T09:01:00Z'),
        provider: 'mango',
        credentials,
      });
    });
    after(() => h.close());

    const post = (subpath: string, notification: unknown) =>
      h.postForm(subpath, signedForm(JSON.stringify(notification)));
    const postAll = async (subpath: string, notifications: unknown[]) => {
      for (const notification of notifications) {
        const response = await post(subpath, notification);
        assert.equal(response.statusCode, 200, response.body);
      }
    };

    test('the connection shows one address to paste; Mango adds the event paths itself', () => {
      assert.equal(h.connection.webhookUrls.length, 1);
      assert.match(
        h.connection.webhookUrls[0]?.url ?? '',
        /^https:\/\/calltrail\.test\/hooks\/v1\/mango\/hook_\w+$/,
      );
    });

    test('leg notifications in any order make the same answered call, ordered by time and seq', async () => {
      await postAll('events/call', answeredCall('in-order'));
      await postAll('events/call', answeredCall('reversed').reverse());
      const expected = {
        status: 'completed',
        direction: 'inbound',
        startedAt: iso(0),
        answeredAt: iso(12),
        endedAt: iso(54),
        waitSeconds: 12,
        talkSeconds: 42,
        agent: '101',
        queue: '501',
        transfers: [],
        caller: '+79161234567',
        callerRaw: caller,
        trackingNumber: '+74950000001',
      };
      assert.deepEqual(lifecycle(await h.call('in-order')), expected);
      assert.deepEqual(lifecycle(await h.call('reversed')), expected);
    });

    test('the summary agrees with the legs and changes nothing they told', async () => {
      const before = lifecycle(await h.call('in-order'));
      await post(
        'events/summary',
        summary('in-order', { talk_time: t0 + 12, entry_result: 1, to: { extension: '101' } }),
      );
      assert.deepEqual(lifecycle(await h.call('in-order')), before);
    });

    test('an employee who connects after the first is a transfer, whatever order the legs come in', async () => {
      const transferred = [
        ...answeredCall('transfer').slice(0, 4),
        // 101 consults 102 on a leg of their own: a call between employees, not the caller's.
        leg('transfer', {
          call_id: 'C',
          seq: 6,
          timestamp: t0 + 20,
          call_state: 'Connected',
          location: 'abonent',
          from: { extension: '101' },
          to: { extension: '102' },
        }),
        leg('transfer', {
          call_id: 'D',
          seq: 7,
          timestamp: t0 + 30,
          call_state: 'Connected',
          location: 'abonent',
          from: { number: caller, taken_from_call_id: 'B' },
          to: { extension: '102', line_number: line },
        }),
        leg('transfer', {
          call_id: 'D',
          seq: 8,
          timestamp: t0 + 90,
          call_state: 'Disconnected',
          location: 'abonent',
          from: { number: caller, taken_from_call_id: 'B' },
          to: { extension: '102', line_number: line },
          disconnect_reason: 1120,
        }),
      ];
      await postAll('events/call', [
        transferred[5],
        transferred[2],
        transferred[6],
        transferred[0],
        transferred[4],
      ]);
      await postAll('events/call', [transferred[3], transferred[1]]);
      const record = await h.call('transfer');
      assert.deepEqual(
        [
          record.status,
          record.agent,
          record.transfers,
          record.answeredAt,
          record.endedAt,
          record.talkSeconds,
        ],
        ['completed', '101', ['102'], iso(12), iso(90), 78],
      );
    });

    test('a late summary turns a call that looked missed into the answered call it was', async () => {
      await postAll('events/call', [
        leg('looked-missed', {
          call_id: 'A',
          seq: 1,
          timestamp: t0,
          call_state: 'Appeared',
          location: 'queue',
        }),
        leg('looked-missed', {
          call_id: 'A',
          seq: 2,
          timestamp: t0 + 30,
          call_state: 'Disconnected',
          location: 'queue',
          disconnect_reason: 1110,
        }),
      ]);
      assert.equal((await h.call('looked-missed')).status, 'missed');
      await post(
        'events/summary',
        summary('looked-missed', {
          talk_time: t0 + 8,
          end_time: t0 + 30,
          entry_result: 1,
          to: { extension: '103' },
        }),
      );
      const record = await h.call('looked-missed');
      assert.deepEqual(
        [record.status, record.answeredAt, record.waitSeconds, record.talkSeconds, record.agent],
        ['completed', iso(8), 8, 22, '103'],
      );
    });

    test('a late summary turns a call that looked answered into the missed call it was', async () => {
      const atEmployee = { extension: '104', line_number: line };
      await postAll('events/call', [
        leg('looked-answered', {
          call_id: 'A',
          seq: 1,
          timestamp: t0,
          call_state: 'Appeared',
          location: 'abonent',
          to: atEmployee,
        }),
        leg('looked-answered', {
          call_id: 'A',
          seq: 2,
          timestamp: t0 + 10,
          call_state: 'Connected',
          location: 'abonent',
          to: atEmployee,
        }),
        leg('looked-answered', {
          call_id: 'A',
          seq: 3,
          timestamp: t0 + 40,
          call_state: 'Disconnected',
          location: 'abonent',
          to: atEmployee,
          disconnect_reason: 1120,
        }),
      ]);
      assert.equal((await h.call('looked-answered')).status, 'completed');
      await post(
        'events/summary',
        summary('looked-answered', {
          talk_time: 0,
          end_time: t0 + 40,
          entry_result: 0,
          disconnect_reason: 1111,
        }),
      );
      const record = await h.call('looked-answered');
      assert.deepEqual(
        [record.status, record.answeredAt, record.endedAt, record.waitSeconds, record.talkSeconds],
        ['missed', null, iso(40), 40, 0],
      );
    });

    test('a summary alone tells how an unanswered call ended, by its disconnect reason', async () => {
      const cases = [
        { reason: 1110, status: 'missed' }, // the caller hung up
        { reason: 1121, status: 'busy' },
        { reason: 1151, status: 'failed' }, // the caller is blacklisted
        { reason: 2240, status: 'failed' }, // not enough money on the account
      ];
      for (const { reason, status } of cases) {
        const entryId = `ended-${reason}`;
        await post(
          'events/summary',
          summary(entryId, { talk_time: 0, entry_result: 0, disconnect_reason: reason }),
        );
        const record = await h.call(entryId);
        assert.deepEqual(
          [record.status, record.startedAt, record.endedAt],
          [status, iso(0), iso(54)],
          entryId,
        );
      }
    });

    test('an outbound call is our employee calling the customer', async () => {
      const legFields = { call_id: 'O', from: { extension: '101', number: 'sip:op101@vpbx.mangosip.ru' } };
      const to = { number: '79169999999', line_number: '74950000002' };
      await postAll('events/call', [
        {
          entry_id: 'out',
          ...legFields,
          to,
          seq: 1,
          timestamp: t0,
          call_state: 'Appeared',
          location: 'abonent',
        },
        {
          entry_id: 'out',
          ...legFields,
          to,
          seq: 2,
          timestamp: t0 + 7,
          call_state: 'Connected',
          location: 'abonent',
        },
        {
          entry_id: 'out',
          ...legFields,
          to,
          seq: 3,
          timestamp: t0 + 67,
          call_state: 'Disconnected',
          location: 'abonent',
          disconnect_reason: 1120,
        },
      ]);
      await post('events/summary', {
        entry_id: 'out',
        call_direction: 2,
        from: { extension: '101' },
        to: { number: '79169999999' },
        line_number: '74950000002',
        create_time: t0,
        talk_time: t0 + 7,
        end_time: t0 + 67,
        entry_result: 1,
        disconnect_reason: 1120,
      });
      const record = await h.call('out');
      assert.deepEqual(
        [
          record.direction,
          record.status,
          record.callerRaw,
          record.trackingNumberRaw,
          record.agent,
          record.talkSeconds,
        ],
        ['outbound', 'completed', '101', '79169999999', '101', 60],
      );
    });

    test('a withheld caller is stored with no number, and kept as received when Mango sends one', async () => {
      await post('events/call', {
        ...leg('hidden', { call_id: 'A', seq: 1, timestamp: t0, call_state: 'Appeared' }),
        from: {},
      });
      const hidden = await h.call('hidden');
      assert.deepEqual(
        [hidden.status, hidden.caller, hidden.callerRaw, hidden.trackingNumber],
        ['ringing', null, null, '+74950000001'],
      );
      await post('events/call', {
        ...leg('anonymous', { call_id: 'A', seq: 1, timestamp: t0, call_state: 'Appeared' }),
        from: { number: 'anonymous' },
      });
      const anonymous = await h.call('anonymous');
      assert.deepEqual([anonymous.caller, anonymous.callerRaw], [null, 'anonymous']);
    });

    test('times and sequence numbers sent as strings are read as numbers', async () => {
      await post(
        'events/call',
        leg('strings', { call_id: 'A', seq: '1', timestamp: String(t0 + 3), call_state: 'Appeared' }),
      );
      assert.equal((await h.call('strings')).startedAt, iso(3));
    });

    test('a repeated notification changes nothing, even re-serialised with its keys in another order', async () => {
      const first = answeredCall('repeated')[0] as Record<string, unknown>;
      const once = await post('events/call', first);
      const before = await h.call('repeated');
      const again = await post('events/call', first);
      const reordered = await h.postForm(
        'events/call',
        signedForm(JSON.stringify(Object.fromEntries(Object.entries(first).reverse()))),
      );
      assert.deepEqual([again.statusCode, reordered.statusCode], [200, 200]);
      assert.deepEqual(again.json(), once.json());
      assert.deepEqual(await h.call('repeated'), before);
    });

    test('a forged or altered notification is refused and stores nothing', async () => {
      const count = (await h.calls()).length;
      const json = JSON.stringify(answeredCall('forged')[0]);
      const attempts = [
        { ...signedForm(json), sign: '0'.repeat(64) },
        signedForm(json, credentials.apiKey, 'another-salt'),
        signedForm(json, 'another-key'),
        { ...signedForm(json), json: json.replace(caller, '79990000000') },
        { vpbx_api_key: credentials.apiKey, json },
      ];
      for (const fields of attempts) {
        const response = await h.postForm('events/call', fields);
        assert.deepEqual([response.statusCode, response.json().error.code], [401, 'INVALID_SIGNATURE']);
      }
      assert.equal((await h.calls()).length, count);
    });

    test('an event Calltrail does not read is refused, and the call it names is left as it was', async () => {
      const before = await h.call('in-order');
      const unknownPath = await post('events/transfer', { entry_id: 'in-order' });
      assert.deepEqual([unknownPath.statusCode, unknownPath.json().error.code], [400, 'UNKNOWN_EVENT']);
      const unknownState = await post(
        'events/call',
        leg('in-order', { call_id: 'B', seq: 9, timestamp: t0 + 60, call_state: 'Transferred' }),
      );
      assert.deepEqual([unknownState.statusCode, unknownState.json().error.code], [400, 'UNKNOWN_EVENT']);
      assert.deepEqual(await h.call('in-order'), before);
    });

    test('a notification missing what identifies it is refused as invalid', async () => {
      const count = (await h.calls()).length;
      const cases: [string, unknown][] = [
        ['events/call', { call_id: 'A', seq: 1, timestamp: t0, call_state: 'Appeared' }],
        ['events/call', { entry_id: 'x', call_id: 'A', seq: 1, call_state: 'Appeared' }],
        ['events/summary', { entry_id: 'x', call_direction: 1, create_time: t0 }],
        ['events/recording', { entry_id: 'x', recording_state: 'Completed' }],
        ['events/call', ['not', 'an', 'object']],
      ];
      for (const [subpath, notification] of cases) {
        const response = await post(subpath, notification);
        assert.deepEqual([response.statusCode, response.json().error.code], [400, 'INVALID_EVENT'], subpath);
      }
      const notJson = await h.postForm('events/call', signedForm('{"entry_id":'));
      assert.deepEqual([notJson.statusCode, notJson.json().error.code], [400, 'INVALID_EVENT']);
      assert.equal((await h.calls()).length, count);
    });

    test('a body that is not a form is refused as an unsupported media type', async () => {
      const response = await h.t.app.inject({
        method: 'POST',
        url: h.path('events/call'),
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify(signedForm(JSON.stringify(answeredCall('json')[0]))),
      });
      assert.deepEqual([response.statusCode, response.json().error.code], [415, 'UNSUPPORTED_MEDIA_TYPE']);
    });

    test('the "check connection" ping and notifications about other things are acknowledged, storing nothing', async () => {
      const count = (await h.calls()).length;
      const ping = await h.t.app.inject({ method: 'POST', url: h.path('ping') });
      assert.equal(ping.statusCode, 200, ping.body);
      const dtmf = await post('events/dtmf', { entry_id: 'in-order', dtmf: '1', seq: 1, timestamp: t0 });
      assert.deepEqual(dtmf.json(), { accepted: true, callIds: [] });
      assert.equal((await h.calls()).length, count);
    });

    test('a completed recording leaves one to fetch; a recording still being written does not', async () => {
      const notification = {
        entry_id: 'in-order',
        call_id: 'B',
        recording_id: 'MToxMDE=',
        seq: 1,
        timestamp: t0 + 54,
      };
      await post('events/recording', { ...notification, recording_state: 'Started' });
      const rows = () =>
        h.t.database.db.select().from(recordings).where(eq(recordings.providerRecordingId, 'MToxMDE='));
      assert.equal((await rows()).length, 0);
      await post('events/recording', {
        ...notification,
        recording_state: 'Completed',
        completion_code: 1000,
      });
      await post('events/recording', {
        ...notification,
        recording_state: 'Completed',
        completion_code: 1000,
      });
      const stored = await rows();
      assert.deepEqual(
        stored.map((row) => [row.status, row.providerCallId, row.sourceUrl]),
        [['pending', 'in-order', null]],
      );
    });
  });
}
