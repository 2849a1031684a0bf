/**
 * Tenancy: a test generated from the OpenAPI document calls every route that takes an id, as a
 * member of workspace A, with workspace B's ids, and must get 404 every time.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { seedWorkspace, startTestApp, type TestApp } from './testing/test-app.ts';
import { databaseChoices } from './testing/test-database.ts';

type Operation = {
  requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> };
};
type OpenApi = { paths: Record<string, Record<string, Operation>> };

/** Bodies for routes that name another resource in their body rather than their path. */
const bodyReferences: Record<string, (ids: Record<string, string>) => unknown> = {
  'POST /api/v1/pools': (ids) => ({
    siteId: ids.sites,
    name: 'stolen',
    businessNumber: '+74951234567',
    numbers: ['+74950009999'],
  }),
  'POST /api/v1/numbers': (ids) => ({ siteId: ids.sites, number: '+74950008888', channel: 'offline' }),
};

/** Bodies for routes with an id whose body has a required field (an empty one would be a 400). */
const pathBodies: Record<string, object> = {
  'PATCH /api/v1/members/{userId}': { role: 'analyst' },
};

for (const choice of databaseChoices()) {
  describe(`workspace isolation on ${choice.kind}`, { skip: choice.skip }, () => {
    let t: TestApp;
    let a: Awaited<ReturnType<typeof seedWorkspace>>;
    const idsOfB: Record<string, string> = {};
    let workspaceB = '';

    before(async () => {
      t = await startTestApp(choice.kind);
      a = await seedWorkspace(t, 'A');
      const b = await seedWorkspace(t, 'B');
      workspaceB = b.workspaceId;
      const as = (headers: Record<string, string>) => ({ headers });
      const site = await t.app.inject({
        method: 'POST',
        url: '/api/v1/sites',
        ...as(b.headers),
        payload: { name: 'B', domains: ['b.example'], businessNumbers: ['+74951234567'] },
      });
      idsOfB.sites = site.json().id;
      const pool = await t.app.inject({
        method: 'POST',
        url: '/api/v1/pools',
        ...as(b.headers),
        payload: {
          siteId: idsOfB.sites,
          name: 'P',
          businessNumber: '+74951234567',
          numbers: ['+74950000001'],
        },
      });
      idsOfB.pools = pool.json().id;
      const numbers = await t.app.inject({ method: 'GET', url: '/api/v1/numbers', ...as(b.headers) });
      idsOfB.numbers = numbers.json().items[0].id;
      const connection = await t.app.inject({
        method: 'POST',
        url: '/api/v1/telephony/connections',
        ...as(b.headers),
        payload: { provider: 'uis', name: 'B', credentials: {} },
      });
      idsOfB.telephony = connection.json().id;
      const hook = await t.app.inject({
        method: 'POST',
        url: `/hooks/v1/generic/${b.workspaceId}?secret=${b.webhookSecret}`,
        payload: { callId: 'b-1', event: 'ringing', from: '+79161234567', to: '+74950000001' },
      });
      idsOfB.calls = hook.json().callId;
      const token = await t.app.inject({
        method: 'POST',
        url: '/api/v1/tokens',
        ...as(b.headers),
        payload: { name: 'b', role: 'analyst' },
      });
      idsOfB.tokens = token.json().id;
      const member = await t.app.inject({
        method: 'POST',
        url: '/api/v1/members',
        ...as(b.headers),
        payload: { email: 'member@b.example', password: 'a long password', role: 'analyst' },
      });
      idsOfB.members = member.json().userId;
      for (const [resource, id] of Object.entries(idsOfB)) assert.ok(id, `workspace B has no ${resource}`);
    });
    after(() => t.close());

    test('every route with an id answers 404 to another workspace', async () => {
      const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as OpenApi;
      let checked = 0;
      for (const [path, operations] of Object.entries(doc.paths)) {
        if (!path.startsWith('/api/v1/')) continue;
        for (const [method, operation] of Object.entries(operations)) {
          const key = `${method.toUpperCase()} ${path.replace(/\/$/, '')}`;
          const params = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
          const bodyProps = Object.keys(
            operation.requestBody?.content?.['application/json']?.schema?.properties ?? {},
          );
          const referencesInBody = bodyProps.filter((p) => p.endsWith('Id'));
          if (params.length === 0 && referencesInBody.length === 0) continue;
          const resource = path.split('/')[3]!;
          let url = path;
          let payload: unknown;
          if (params.length > 0) {
            const id = idsOfB[resource];
            assert.ok(id, `${key}: the test has no id of workspace B for "${resource}"; add one`);
            url = path.replace(/\{\w+\}/g, id);
            payload = method === 'get' || method === 'delete' ? undefined : (pathBodies[key] ?? {});
          } else {
            const body = bodyReferences[key];
            assert.ok(
              body,
              `${key} names ${referencesInBody.join(', ')} in its body; add it to bodyReferences`,
            );
            payload = body(idsOfB);
          }
          const response = await t.app.inject({
            method: method.toUpperCase() as 'GET',
            url,
            headers: a.headers,
            ...(payload === undefined ? {} : { payload: payload as object }),
          });
          assert.equal(
            response.statusCode,
            404,
            `${key} with B's id answered ${response.statusCode}: ${response.body}`,
          );
          checked++;
        }
      }
      assert.ok(checked >= 6, `only ${checked} routes checked`);
    });

    test('workspace A’s webhook secret does not open workspace B’s webhook', async () => {
      const response = await t.app.inject({
        method: 'POST',
        url: `/hooks/v1/generic/${workspaceB}?secret=${a.webhookSecret}`,
        payload: { callId: 'x', event: 'ringing', from: '', to: '+74950000001' },
      });
      assert.equal(response.statusCode, 401);
      assert.equal(response.json().error.code, 'INVALID_WEBHOOK_SECRET');
    });
  });
}
