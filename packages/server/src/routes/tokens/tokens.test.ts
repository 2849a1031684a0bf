/** Creating, listing and revoking API tokens, and what each role may do with them, on every database. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { seedWorkspace, startTestApp, type TestApp } from '../../testing/test-app.ts';
import { databaseChoices } from '../../testing/test-database.ts';
import { userLoggedIn } from '../auth/test-session.ts';

for (const choice of databaseChoices()) {
  describe(`API tokens on ${choice.kind}`, { skip: choice.skip }, () => {
    let t: TestApp;
    let clinic: Awaited<ReturnType<typeof seedWorkspace>>;

    before(async () => {
      t = await startTestApp(choice.kind);
      clinic = await seedWorkspace(t, 'Clinic');
    });
    after(() => t.close());

    const create = (payload: object, headers: Record<string, string> = clinic.headers) =>
      t.app.inject({ method: 'POST', url: '/api/v1/tokens', headers, payload });
    const list = (headers: Record<string, string> = clinic.headers) =>
      t.app.inject({ method: 'GET', url: '/api/v1/tokens', headers });
    const revoke = (id: string, headers: Record<string, string> = clinic.headers) =>
      t.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${id}`, headers });

    test('a created token is shown once, works at once, and is listed without its secret', async () => {
      const created = await create({ name: 'Reports export', role: 'analyst' });
      assert.equal(created.statusCode, 201, created.body);
      const token = created.json();
      assert.match(token.token, /^ctk_/);
      assert.deepEqual([token.name, token.role, token.lastUsedAt], ['Reports export', 'analyst', null]);

      const used = await t.app.inject({
        method: 'GET',
        url: '/api/v1/workspace',
        headers: { authorization: `Bearer ${token.token}` },
      });
      assert.equal(used.statusCode, 200);
      assert.equal(used.json().role, 'analyst');

      const listed = (await list()).json().items.find((item: { id: string }) => item.id === token.id);
      assert.equal(listed.token, undefined);
      assert.equal(listed.lastUsedAt, t.clock.now().toISOString());
      assert.ok(!(await list()).body.includes(token.token));
    });

    test('an analyst token may not see or make tokens', async () => {
      const analyst = await seedWorkspace(t, 'Analysts', 'analyst');
      assert.equal((await list(analyst.headers)).json().error.code, 'FORBIDDEN');
      const made = await create({ name: 'x', role: 'analyst' }, analyst.headers);
      assert.equal(made.statusCode, 403);
      assert.equal(made.json().error.code, 'FORBIDDEN');
    });

    test('a token may not mint a role above its own', async () => {
      const admin = (await create({ name: 'Admin', role: 'admin' })).json().token as string;
      const headers = { authorization: `Bearer ${admin}` };
      const owner = await create({ name: 'Owner', role: 'owner' }, headers);
      assert.equal(owner.statusCode, 403);
      assert.equal(owner.json().error.code, 'FORBIDDEN');
      assert.equal((await create({ name: 'Admin 2', role: 'admin' }, headers)).statusCode, 201);
      assert.equal((await create({ name: 'Owner 2', role: 'owner' })).statusCode, 201, 'an owner may');
    });

    test('a revoked token stops working at once and leaves the list', async () => {
      const { id, token } = (await create({ name: 'Temporary', role: 'operator' })).json();
      const revoked = await revoke(id);
      assert.equal(revoked.statusCode, 204, revoked.body);
      assert.equal(revoked.body, '');
      const used = await t.app.inject({
        method: 'GET',
        url: '/api/v1/workspace',
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(used.statusCode, 401);
      assert.equal(used.json().error.code, 'UNAUTHENTICATED');
      assert.ok(!(await list()).json().items.some((item: { id: string }) => item.id === id));
      assert.equal((await revoke(id)).statusCode, 404, 'revoking twice finds nothing');
    });

    test('another workspace’s token or an unknown id is 404 NOT_FOUND', async () => {
      const other = await seedWorkspace(t, 'Other');
      const theirs = (await create({ name: 'Theirs', role: 'analyst' }, other.headers)).json();
      const response = await revoke(theirs.id);
      assert.equal(response.statusCode, 404);
      assert.equal(response.json().error.code, 'NOT_FOUND');
      assert.equal((await revoke('tok_unknown')).statusCode, 404);
    });

    test('with a cookie, unsafe requests need the CSRF token; with a Bearer token they do not', async () => {
      const owner = await userLoggedIn(t, 'owner@clinic.example', {
        workspaceId: clinic.workspaceId,
        role: 'owner',
      });
      const noCsrf = await create({ name: 'x', role: 'analyst' }, { cookie: owner.cookie });
      assert.equal(noCsrf.statusCode, 403);
      assert.equal(noCsrf.json().error.code, 'CSRF_TOKEN_INVALID');
      const wrongCsrf = await create(
        { name: 'x', role: 'analyst' },
        { cookie: owner.cookie, 'x-csrf-token': 'nope' },
      );
      assert.equal(wrongCsrf.json().error.code, 'CSRF_TOKEN_INVALID');
      assert.equal((await create({ name: 'x', role: 'analyst' }, owner.headers)).statusCode, 201);
      assert.equal((await list({ cookie: owner.cookie })).statusCode, 200, 'safe methods need no CSRF token');
      assert.equal(
        (await create({ name: 'y', role: 'analyst' })).statusCode,
        201,
        'a Bearer token needs none',
      );
    });
  });
}
