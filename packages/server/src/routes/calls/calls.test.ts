/** The call log over HTTP: repeat-caller fields and filter, and the attribution vocabulary. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { attributionReasons } from '@calltrail/core';
import { AttributionReasonSchema } from '@calltrail/protocol';
import { seedWorkspace, startTestApp, type TestApp } from '../../testing/test-app.ts';
import { databaseChoices } from '../../testing/test-database.ts';

test('the API’s attribution reasons are exactly core’s', () => {
  const api = AttributionReasonSchema.anyOf.map((literal) => literal.const as string);
  assert.deepEqual([...api].sort(), [...attributionReasons].sort());
});

for (const choice of databaseChoices()) {
  describe(`the call log’s repeat callers on ${choice.kind}`, { skip: choice.skip }, () => {
    let t: TestApp;
    let headers: Record<string, string>;
    let workspaceId: string;
    let webhookSecret: string;

    before(async () => {
      t = await startTestApp(choice.kind);
      ({ headers, workspaceId, webhookSecret } = await seedWorkspace(t));
      const calls = [
        { callId: 'first', from: '+79161234567', at: '2026-01-01T10:00:00Z' },
        { callId: 'again', from: '+79161234567', at: '2026-01-03T10:00:00Z' },
        { callId: 'other', from: '+79031112233', at: '2026-01-04T10:00:00Z' },
      ];
      for (const call of calls) {
        const response = await t.app.inject({
          method: 'POST',
          url: `/hooks/v1/generic/${workspaceId}?secret=${webhookSecret}`,
          payload: { ...call, event: 'ringing', to: '+74950000001' },
        });
        assert.equal(response.statusCode, 200, response.body);
      }
    });
    after(() => t.close());

    const list = async (query = '') => {
      const response = await t.app.inject({ method: 'GET', url: `/api/v1/calls${query}`, headers });
      assert.equal(response.statusCode, 200, response.body);
      return response.json().items as {
        id: string;
        providerCallId: string;
        firstTime: boolean;
        repeat: boolean;
        previousCallId: string | null;
        visitorId: string | null;
      }[];
    };

    test('each call says whether its caller is new or calling again, and which call came before', async () => {
      const calls = await list();
      const byName = Object.fromEntries(calls.map((c) => [c.providerCallId, c]));
      assert.deepEqual(
        calls.map((c) => [c.providerCallId, c.firstTime, c.repeat, c.previousCallId, c.visitorId]),
        [
          ['other', true, false, null, null],
          ['again', false, true, byName.first!.id, null],
          ['first', true, false, null, null],
        ],
      );
      const one = await t.app.inject({ method: 'GET', url: `/api/v1/calls/${byName.again!.id}`, headers });
      assert.deepEqual([one.json().repeat, one.json().previousCallId], [true, byName.first!.id]);
    });

    test('the list filters repeat calls in or out', async () => {
      assert.deepEqual(
        (await list('?repeat=true')).map((c) => c.providerCallId),
        ['again'],
      );
      assert.deepEqual(
        (await list('?repeat=false')).map((c) => c.providerCallId),
        ['other', 'first'],
      );
      const invalid = await t.app.inject({ method: 'GET', url: '/api/v1/calls?repeat=maybe', headers });
      assert.equal(invalid.statusCode, 400);
    });
  });
}
