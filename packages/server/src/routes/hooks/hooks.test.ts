import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seedWorkspace, startTestApp } from '../../testing/test-app.ts';

test('a webhook the database cannot store is answered 503 so the provider retries', async () => {
  const t = await startTestApp('pglite');
  const { workspaceId, webhookSecret } = await seedWorkspace(t);
  const ok = await t.app.inject({
    method: 'POST',
    url: `/hooks/v1/generic/${workspaceId}`,
    headers: { 'x-calltrail-secret': webhookSecret },
    payload: { callId: 'c1', event: 'ringing', from: '+79161234567', to: '+74950000001' },
  });
  assert.equal(ok.statusCode, 200, ok.body);
  await t.database.close();
  const down = await t.app.inject({
    method: 'POST',
    url: `/hooks/v1/generic/${workspaceId}`,
    headers: { 'x-calltrail-secret': webhookSecret },
    payload: { callId: 'c1', event: 'ended', from: '+79161234567', to: '+74950000001' },
  });
  assert.equal(down.statusCode, 503, down.body);
  assert.equal(down.json().error.code, 'DATABASE_UNAVAILABLE');
  assert.equal(down.headers['retry-after'], '5');
  await t.app.close();
});

test('a stranger with a malformed body learns only that the secret is wrong', async () => {
  const t = await startTestApp('pglite');
  const { workspaceId } = await seedWorkspace(t);
  const response = await t.app.inject({
    method: 'POST',
    url: `/hooks/v1/generic/${workspaceId}`,
    payload: { nonsense: true },
  });
  assert.equal(response.statusCode, 401);
  assert.equal(response.json().error.code, 'INVALID_WEBHOOK_SECRET');
  await t.close();
});

test('a webhook that is not JSON is refused with 415', async () => {
  const t = await startTestApp('pglite');
  const { workspaceId, webhookSecret } = await seedWorkspace(t);
  const response = await t.app.inject({
    method: 'POST',
    url: `/hooks/v1/generic/${workspaceId}?secret=${webhookSecret}`,
    headers: { 'content-type': 'application/xml' },
    payload: '<call/>',
  });
  assert.equal(response.statusCode, 415);
  assert.equal(response.json().error.code, 'UNSUPPORTED_MEDIA_TYPE');
  await t.close();
});

test('a PBX may name the agent who answered, later transfers and the queue', async () => {
  const t = await startTestApp('pglite');
  const { workspaceId, webhookSecret, headers } = await seedWorkspace(t);
  const send = (event: Record<string, unknown>) =>
    t.app.inject({
      method: 'POST',
      url: `/hooks/v1/generic/${workspaceId}?secret=${webhookSecret}`,
      payload: { callId: 'g-1', from: '+79161234567', to: '+74950000001', ...event },
    });
  await send({ event: 'ringing', at: '2026-10-01T09:00:00Z', queue: 'Sales' });
  await send({ event: 'answered', at: '2026-10-01T09:00:10Z', agent: '101' });
  await send({ event: 'transferred', at: '2026-10-01T09:01:00Z', agent: '102' });
  await send({ event: 'ended', at: '2026-10-01T09:02:00Z' });
  const [call] = (await t.app.inject({ url: '/api/v1/calls', headers })).json().items;
  assert.deepEqual(
    [call.status, call.agent, call.queue, call.transfers, call.talkSeconds],
    ['completed', '101', 'Sales', ['102'], 110],
  );
  await t.close();
});
