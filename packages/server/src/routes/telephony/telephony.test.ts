/** Telephony connections over REST: credentials checked, sealed and never shown; URLs to paste. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { telephonyConnections } from '../../db/schema.ts';
import { seedWorkspace, startTestApp, type TestApp } from '../../testing/test-app.ts';

describe('telephony connections', () => {
  let t: TestApp;
  let headers: Record<string, string>;
  before(async () => {
    t = await startTestApp('pglite');
    ({ headers } = await seedWorkspace(t));
  });
  after(() => t.close());

  const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, as = headers) =>
    t.app.inject({
      method,
      url: `/api/v1/telephony/connections${url}`,
      headers: as,
      ...(payload && { payload }),
    });

  test('a connection keeps its credentials sealed and shows which are set, never their values', async () => {
    const created = await api('POST', '', {
      provider: 'uis',
      name: 'UIS',
      credentials: {},
      settings: { timeZone: 'Asia/Yekaterinburg' },
    });
    assert.equal(created.statusCode, 201, created.body);
    const body = created.json();
    assert.deepEqual(
      [body.provider, body.name, body.settings, body.credentialsSet],
      ['uis', 'UIS', { timeZone: 'Asia/Yekaterinburg' }, []],
    );
    assert.equal((await api('GET', `/${body.id}`)).json().webhookUrls.length, 6);
    const [row] = await t.database.db
      .select()
      .from(telephonyConnections)
      .where(eq(telephonyConnections.id, body.id));
    assert.match(row!.credentials, /^v1\./);
  });

  test('credentials and settings are checked against the provider, with the field named', async () => {
    const unknown = await api('POST', '', { provider: 'skype', name: 'x', credentials: {} });
    assert.equal(unknown.statusCode, 400);
    const badSettings = await api('POST', '', {
      provider: 'uis',
      name: 'x',
      credentials: {},
      settings: { zone: 1 },
    });
    assert.deepEqual([badSettings.statusCode, badSettings.json().error.code], [400, 'VALIDATION_FAILED']);
    assert.match(badSettings.json().error.message, /settings/);
    const badZone = await api('POST', '', {
      provider: 'uis',
      name: 'x',
      credentials: {},
      settings: { timeZone: 'Mars/Olympus' },
    });
    assert.deepEqual(
      [badZone.statusCode, badZone.json().error.details.errors],
      [400, ['settings.timeZone Mars/Olympus is not an IANA time zone']],
    );
  });

  test('a renamed connection keeps its token; a deleted one stops answering its webhooks', async () => {
    const created = (await api('POST', '', { provider: 'uis', name: 'Old', credentials: {} })).json();
    const renamed = await api('PATCH', `/${created.id}`, { name: 'New' });
    assert.deepEqual([renamed.statusCode, renamed.json().name], [200, 'New']);
    assert.deepEqual(renamed.json().webhookUrls, created.webhookUrls);
    const hook = new URL(created.webhookUrls[0].url).pathname;
    const post = () =>
      t.app.inject({
        method: 'POST',
        url: hook,
        headers: { 'content-type': 'application/json' },
        payload: '{"call_session_id":"d-1"}',
      });
    assert.equal((await post()).statusCode, 200);
    assert.equal((await api('DELETE', `/${created.id}`)).statusCode, 204);
    assert.equal((await post()).statusCode, 404);
    assert.equal((await api('GET', `/${created.id}`)).json().error.code, 'CONNECTION_NOT_FOUND');
  });

  test('analysts read connections but may not change them', async () => {
    const analyst = await seedWorkspace(t, 'Other', 'analyst');
    assert.equal((await api('GET', '', undefined, analyst.headers)).statusCode, 200);
    const refused = await api('POST', '', { provider: 'uis', name: 'x', credentials: {} }, analyst.headers);
    assert.equal(refused.statusCode, 403);
  });
});

test('a provider webhook the database cannot store is answered 503 so the provider retries', async () => {
  const t = await startTestApp('pglite');
  const { headers } = await seedWorkspace(t);
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/v1/telephony/connections',
    headers,
    payload: { provider: 'uis', name: 'UIS', credentials: {} },
  });
  const hook = new URL(created.json().webhookUrls[0].url).pathname;
  await t.database.close();
  const down = await t.app.inject({
    method: 'POST',
    url: hook,
    headers: { 'content-type': 'application/json' },
    payload: '{"call_session_id":"x-1"}',
  });
  assert.deepEqual([down.statusCode, down.json().error.code], [503, 'DATABASE_UNAVAILABLE']);
  await t.app.close();
});
