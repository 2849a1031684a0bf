/** Workspaces of a user, creating one, switching with X-Workspace-Id, and the webhook, on every database. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { seedWorkspace, startTestApp, type TestApp } from '../../testing/test-app.ts';
import { databaseChoices } from '../../testing/test-database.ts';
import { type BrowserSession, userLoggedIn } from '../auth/test-session.ts';

for (const choice of databaseChoices()) {
  describe(`workspaces on ${choice.kind}`, { skip: choice.skip }, () => {
    let t: TestApp;
    let clinic: Awaited<ReturnType<typeof seedWorkspace>>;
    let dental: Awaited<ReturnType<typeof seedWorkspace>>;
    let bob: BrowserSession;

    before(async () => {
      t = await startTestApp(choice.kind);
      clinic = await seedWorkspace(t, 'Clinic');
      // Workspaces list oldest first; two made in the same instant would come in id order.
      t.clock.advance({ minutes: 1 });
      dental = await seedWorkspace(t, 'Dental');
      bob = await userLoggedIn(t, 'bob@example.com', { workspaceId: clinic.workspaceId, role: 'operator' });
      const members = await t.app.inject({
        method: 'POST',
        url: '/api/v1/members',
        headers: dental.headers,
        payload: { email: 'bob@example.com', role: 'admin' },
      });
      assert.equal(members.statusCode, 201, members.body);
    });
    after(() => t.close());

    const get = (url: string, headers: Record<string, string>) =>
      t.app.inject({ method: 'GET', url, headers });

    test('a user lists their workspaces with their role in each', async () => {
      const response = await get('/api/v1/workspaces', { cookie: bob.cookie });
      assert.equal(response.statusCode, 200, response.body);
      assert.deepEqual(
        response.json().items.map((w: { name: string; role: string }) => [w.name, w.role]),
        [
          ['Clinic', 'operator'],
          ['Dental', 'admin'],
        ],
      );
      assert.equal(response.json().items[0].timeZone, 'Europe/Moscow');
      assert.match(response.json().items[0].createdAt, /^\d{4}-\d\d-\d\dT.*Z$/);
    });

    test('X-Workspace-Id picks the current workspace, and the role follows it', async () => {
      const first = await get('/api/v1/workspace', { cookie: bob.cookie });
      assert.equal(first.statusCode, 200, first.body);
      assert.deepEqual([first.json().id, first.json().role], [clinic.workspaceId, 'operator']);

      const second = await get('/api/v1/workspace', {
        cookie: bob.cookie,
        'x-workspace-id': dental.workspaceId,
      });
      assert.deepEqual([second.json().id, second.json().role], [dental.workspaceId, 'admin']);

      const webhookAsOperator = await get('/api/v1/workspace/webhook', { cookie: bob.cookie });
      assert.equal(webhookAsOperator.statusCode, 403);
      assert.equal(webhookAsOperator.json().error.code, 'FORBIDDEN');
      const webhookAsAdmin = await get('/api/v1/workspace/webhook', {
        cookie: bob.cookie,
        'x-workspace-id': dental.workspaceId,
      });
      assert.equal(webhookAsAdmin.statusCode, 200);

      const stranger = await seedWorkspace(t, 'Stranger');
      const outside = await get('/api/v1/workspace', {
        cookie: bob.cookie,
        'x-workspace-id': stranger.workspaceId,
      });
      assert.equal(outside.statusCode, 404);
      assert.equal(outside.json().error.code, 'WORKSPACE_NOT_FOUND');
    });

    test('an API token sees its own workspace and the webhook address with the secret', async () => {
      const workspace = await get('/api/v1/workspace', clinic.headers);
      assert.deepEqual([workspace.json().name, workspace.json().role], ['Clinic', 'owner']);
      const webhook = await get('/api/v1/workspace/webhook', clinic.headers);
      assert.deepEqual(webhook.json(), {
        url: `https://calltrail.test/hooks/v1/generic/${clinic.workspaceId}`,
        secret: clinic.webhookSecret,
      });
      const list = await get('/api/v1/workspaces', clinic.headers);
      assert.equal(list.statusCode, 403, 'a token belongs to one workspace and cannot list a user’s');
    });

    test('a user creates a workspace and becomes its owner', async () => {
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/v1/workspaces',
        headers: bob.headers,
        payload: { name: 'Bob’s own', timeZone: 'asia/yekaterinburg', currency: 'RUB' },
      });
      assert.equal(created.statusCode, 201, created.body);
      assert.equal(created.json().timeZone, 'Asia/Yekaterinburg');
      assert.equal(created.json().role, 'owner');
      const current = await get('/api/v1/workspace', {
        cookie: bob.cookie,
        'x-workspace-id': created.json().id,
      });
      assert.equal(current.json().role, 'owner');

      const defaults = await t.app.inject({
        method: 'POST',
        url: '/api/v1/workspaces',
        headers: bob.headers,
        payload: { name: 'Defaults' },
      });
      assert.deepEqual([defaults.json().timeZone, defaults.json().currency], ['UTC', 'USD']);
    });

    test('creating a workspace needs the CSRF token and a known time zone and currency', async () => {
      const post = (payload: object, headers = bob.headers) =>
        t.app.inject({ method: 'POST', url: '/api/v1/workspaces', headers, payload });
      const noCsrf = await post({ name: 'X' }, { cookie: bob.cookie });
      assert.equal(noCsrf.json().error.code, 'CSRF_TOKEN_INVALID');
      assert.equal(
        (await post({ name: 'X', timeZone: 'Mars/Olympus' })).json().error.code,
        'INVALID_TIME_ZONE',
      );
      assert.equal((await post({ name: 'X', currency: 'XYZ' })).json().error.code, 'INVALID_CURRENCY');
      assert.equal((await post({ name: 'X', currency: 'rub' })).json().error.code, 'VALIDATION_FAILED');
    });

    describe('the repeat window', () => {
      const patch = (payload: object, headers: Record<string, string>) =>
        t.app.inject({ method: 'PATCH', url: '/api/v1/workspace', headers, payload });

      test('is 30 days in a new workspace', async () => {
        const workspace = await get('/api/v1/workspace', dental.headers);
        assert.equal(workspace.json().repeatWindowDays, 30);
      });

      test('is changed by whoever may change settings, and read back by every member', async () => {
        const changed = await patch({ repeatWindowDays: 7 }, clinic.headers);
        assert.equal(changed.statusCode, 200, changed.body);
        assert.deepEqual([changed.json().id, changed.json().repeatWindowDays], [clinic.workspaceId, 7]);
        const asOperator = await get('/api/v1/workspace', { cookie: bob.cookie });
        assert.equal(asOperator.json().repeatWindowDays, 7);
        const listed = await get('/api/v1/workspaces', { cookie: bob.cookie });
        assert.equal(listed.json().items[0].repeatWindowDays, 7);
      });

      test('is not for operators to change', async () => {
        const refused = await patch({ repeatWindowDays: 1 }, bob.headers);
        assert.equal(refused.statusCode, 403);
        assert.equal(refused.json().error.code, 'FORBIDDEN');
      });

      const invalid = [
        { payload: { repeatWindowDays: 0 }, why: 'zero days' },
        { payload: { repeatWindowDays: 366 }, why: 'more than a year' },
        { payload: { repeatWindowDays: 1.5 }, why: 'part of a day' },
        { payload: {}, why: 'nothing to change' },
        { payload: { name: 'Renamed' }, why: 'a setting this route does not change' },
      ];
      for (const { payload, why } of invalid) {
        test(`refuses ${why}`, async () => {
          const response = await patch(payload, dental.headers);
          assert.equal(response.statusCode, 400, response.body);
          assert.equal(response.json().error.code, 'VALIDATION_FAILED');
        });
      }
    });
  });
}
