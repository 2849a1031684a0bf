/** Operators annotate calls: tags, rating, qualified, deal value, kept when the call refolds. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { roleHeaders, seedWorkspace, startTestApp, type TestApp } from '../../testing/test-app.ts';
import { databaseChoices } from '../../testing/test-database.ts';
import { normalizeTags } from './annotate.ts';

test('tags are trimmed and each kept once, in the order first given', () => {
  assert.deepEqual(normalizeTags([' lead ', 'lead', 'spam', 'Lead']), ['lead', 'spam', 'Lead']);
});

for (const choice of databaseChoices()) {
  describe(`call annotations on ${choice.kind}`, { skip: choice.skip }, () => {
    let t: TestApp;
    let workspaceId: string;
    let webhookSecret: string;
    let operator: Record<string, string>;
    let analyst: Record<string, string>;
    let callId: string;

    const event = async (payload: Record<string, unknown>) => {
      const response = await t.app.inject({
        method: 'POST',
        url: `/hooks/v1/generic/${workspaceId}?secret=${webhookSecret}`,
        payload: { callId: 'c1', from: '+79161234567', to: '+74950000001', ...payload },
      });
      assert.equal(response.statusCode, 200, response.body);
      return response.json().callId as string;
    };
    const tokenFor = (role: 'operator' | 'analyst') => roleHeaders(t, workspaceId, role);
    const patch = (payload: unknown, headers = operator, id = callId) =>
      t.app.inject({ method: 'PATCH', url: `/api/v1/calls/${id}`, headers, payload: payload as object });

    before(async () => {
      t = await startTestApp(choice.kind);
      ({ workspaceId, webhookSecret } = await seedWorkspace(t));
      operator = await tokenFor('operator');
      analyst = await tokenFor('analyst');
      callId = await event({ event: 'ringing', at: '2026-01-01T10:00:00Z' });
    });
    after(() => t.close());

    test('an operator tags, rates, qualifies a call and enters its deal value', async () => {
      const response = await patch({
        tags: [' lead', 'lead ', 'vip'],
        rating: 4,
        qualified: true,
        dealValue: 15000,
      });
      assert.equal(response.statusCode, 200, response.body);
      const call = response.json();
      assert.deepEqual(
        [call.tags, call.rating, call.qualified, call.dealValue],
        [['lead', 'vip'], 4, true, 15000],
      );
    });

    test('fields left out keep their value and null clears one', async () => {
      const call = (await patch({ rating: null })).json();
      assert.deepEqual(
        [call.tags, call.rating, call.qualified, call.dealValue],
        [['lead', 'vip'], null, true, 15000],
      );
    });

    test('a later provider event refolds the call without touching its annotations', async () => {
      await event({ event: 'answered', at: '2026-01-01T10:00:05Z' });
      await event({ event: 'ended', at: '2026-01-01T10:03:00Z', status: 'completed' });
      const response = await t.app.inject({
        method: 'GET',
        url: `/api/v1/calls/${callId}`,
        headers: operator,
      });
      const call = response.json();
      assert.equal(call.status, 'completed');
      assert.deepEqual([call.tags, call.qualified, call.dealValue], [['lead', 'vip'], true, 15000]);
    });

    test('an analyst may read calls but not annotate them', async () => {
      const response = await patch({ qualified: false }, analyst);
      assert.equal(response.statusCode, 403, response.body);
      assert.equal(response.json().error.code, 'FORBIDDEN');
    });

    test('out-of-range values are refused', async () => {
      for (const payload of [
        { rating: 6 },
        { rating: 0 },
        { dealValue: -1 },
        { tags: ['   '] },
        { tags: ['x'.repeat(51)] },
        { tags: Array.from({ length: 21 }, (_, i) => `t${i}`) },
        { note: 'unknown field' },
      ]) {
        const response = await patch(payload);
        assert.equal(response.statusCode, 400, JSON.stringify(payload));
        assert.equal(response.json().error.code, 'VALIDATION_FAILED');
      }
    });

    test('an unknown call answers 404', async () => {
      const response = await patch({ qualified: true }, operator, 'call_nope');
      assert.equal(response.statusCode, 404);
      assert.equal(response.json().error.code, 'CALL_NOT_FOUND');
    });
  });
}
