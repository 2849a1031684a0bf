/** UIS / CoMagic notifications through the real HTTP server, as the published templates send them. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { recordings } from '../../db/schema.ts';
import { type TelephonyHarness, telephonyHarness } from '../../testing/telephony-harness.ts';

describe('UIS / CoMagic notifications', () => {
  let h: TelephonyHarness;
  before(async () => {
    h = await telephonyHarness({ provider: 'uis', credentials: {}, settings: { timeZone: 'Europe/Moscow' } });
  });
  after(() => h.close());

  const send = (event: string, body: Record<string, unknown>) =>
    h.t.app.inject({
      method: 'POST',
      url: h.path(event),
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    });

  const call = (id: string, extra: Record<string, unknown> = {}) => ({
    call_session_id: id,
    calling_phone_number: '79161234567',
    virtual_phone_number: '74950000001',
    direction: 'in',
    ...extra,
  });

  test('the connection lists one URL per notification, each under its secret token', () => {
    const urls = h.connection.webhookUrls.map((w) => w.url);
    assert.equal(urls.length, 6);
    for (const url of urls)
      assert.match(url, /^https:\/\/calltrail\.test\/hooks\/v1\/uis\/hook_[a-z0-9]{32}\/[a-z-]+$/);
  });

  test('incoming, answered and ended notifications make one answered call, in any order', async () => {
    const ended = await send('call-ended', call('u-1', { notification_time: '2026-10-01 12:01:30' }));
    assert.equal(ended.statusCode, 200, ended.body);
    await send(
      'call-answered',
      call('u-1', { notification_time: '2026-10-01 12:00:12', employee_full_name: 'Анна' }),
    );
    await send(
      'call-incoming',
      call('u-1', { notification_time: '2026-10-01 12:00:00', scenario_name: 'Продажи' }),
    );
    const record = await h.call('u-1');
    assert.equal(record.status, 'completed');
    assert.equal(record.startedAt, '2026-10-01T09:00:00.000Z');
    assert.deepEqual([record.waitSeconds, record.talkSeconds], [12, 78]);
    assert.deepEqual([record.agent, record.queue], ['Анна', 'Продажи']);
    assert.deepEqual([record.caller, record.trackingNumber], ['+79161234567', '+74950000001']);
  });

  test('a lost call is missed; a form body and Unix times are read too', async () => {
    const form = (event: string, fields: Record<string, string>) => h.postForm(event, fields);
    await form('call-incoming', {
      call_session_id: 'u-2',
      calling_phone_number: '79161230000',
      virtual_phone_number: '74950000002',
      notification_time: '1790845200',
    });
    await form('call-lost', { call_session_id: 'u-2', notification_time: '1790845225' });
    const record = await h.call('u-2');
    assert.deepEqual([record.status, record.waitSeconds, record.talkSeconds], ['missed', 25, 0]);
  });

  test('a withheld caller is kept as received, with no number', async () => {
    await send('call-incoming', call('u-3', { calling_phone_number: 'anonymous' }));
    const record = await h.call('u-3');
    assert.deepEqual([record.caller, record.callerRaw], [null, 'anonymous']);
  });

  test('an outgoing call is recorded with the customer as the number dialled', async () => {
    await send('call-outgoing', {
      call_session_id: 'u-4',
      contact_phone_number: '79169999999',
      employee_id: '42',
      direction: 'out',
    });
    const record = await h.call('u-4');
    assert.deepEqual([record.direction, record.trackingNumberRaw], ['outbound', '79169999999']);
  });

  test('a repeated notification changes nothing', async () => {
    const body = call('u-5', { notification_time: '2026-10-01 13:00:00' });
    const first = await send('call-incoming', body);
    const again = await send('call-incoming', body);
    assert.equal(again.statusCode, 200);
    assert.deepEqual(again.json(), first.json());
    assert.equal((await h.calls()).filter((c) => c.providerCallId === 'u-5').length, 1);
  });

  test('a recording notification leaves a recording to fetch', async () => {
    const response = await send('recording', {
      call_session_id: 'u-1',
      communication_id: 'c-77',
      file_link: 'https://app.uiscom.ru/rec/77.mp3',
    });
    assert.equal(response.statusCode, 200, response.body);
    const [row] = await h.t.database.db
      .select()
      .from(recordings)
      .where(eq(recordings.providerRecordingId, 'c-77'));
    assert.deepEqual(
      [row?.status, row?.providerCallId, row?.sourceUrl],
      ['pending', 'u-1', 'https://app.uiscom.ru/rec/77.mp3'],
    );
  });

  test('what cannot be read is refused with a code and stores nothing', async () => {
    const before = (await h.calls()).length;
    const unknown = await send('call-transferred', call('u-9'));
    assert.deepEqual([unknown.statusCode, unknown.json().error.code], [400, 'UNKNOWN_EVENT']);
    const missing = await send('call-incoming', { calling_phone_number: '79161234567' });
    assert.deepEqual([missing.statusCode, missing.json().error.code], [400, 'INVALID_EVENT']);
    const badTime = await send('call-incoming', call('u-9', { notification_time: 'yesterday' }));
    assert.deepEqual([badTime.statusCode, badTime.json().error.code], [400, 'INVALID_EVENT']);
    const text = await h.t.app.inject({
      method: 'POST',
      url: h.path('call-incoming'),
      headers: { 'content-type': 'text/plain' },
      payload: 'hi',
    });
    assert.deepEqual([text.statusCode, text.json().error.code], [415, 'UNSUPPORTED_MEDIA_TYPE']);
    const broken = await h.t.app.inject({
      method: 'POST',
      url: h.path('call-incoming'),
      headers: { 'content-type': 'application/json' },
      payload: '{"call_session_id":',
    });
    assert.deepEqual([broken.statusCode, broken.json().error.code], [400, 'MALFORMED_BODY']);
    assert.equal((await h.calls()).length, before);
  });

  test('a wrong token or another provider’s path finds no connection', async () => {
    const wrongToken = await h.t.app.inject({
      method: 'POST',
      url: '/hooks/v1/uis/hook_nope/call-incoming',
      headers: { 'content-type': 'application/json' },
      payload: '{}',
    });
    assert.deepEqual([wrongToken.statusCode, wrongToken.json().error.code], [404, 'WEBHOOK_NOT_FOUND']);
    const otherProvider = await h.t.app.inject({
      method: 'POST',
      url: h.path('call-incoming').replace('/uis/', '/mango/'),
      headers: { 'content-type': 'application/json' },
      payload: '{}',
    });
    assert.equal(otherProvider.statusCode, 404);
  });

  test('a body over 64 KB is refused before it is read', async () => {
    const response = await send('call-incoming', call('u-10', { padding: 'x'.repeat(70 * 1024) }));
    assert.deepEqual([response.statusCode, response.json().error.code], [413, 'BODY_TOO_LARGE']);
  });
});
