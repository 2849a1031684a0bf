/** Listing and adding members, with the owner-only rule for owners, on every database. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { seedWorkspace, startTestApp, type TestApp } from '../../testing/test-app.ts';
import { databaseChoices } from '../../testing/test-database.ts';
import { logIn, userLoggedIn } from '../auth/test-session.ts';

for (const choice of databaseChoices()) {
  describe(`members on ${choice.kind}`, { skip: choice.skip }, () => {
    let t: TestApp;
    let clinic: Awaited<ReturnType<typeof seedWorkspace>>;

    before(async () => {
      t = await startTestApp(choice.kind);
      clinic = await seedWorkspace(t, 'Clinic');
    });
    after(() => t.close());

    const add = (payload: object, headers: Record<string, string> = clinic.headers) =>
      t.app.inject({ method: 'POST', url: '/api/v1/members', headers, payload });

    test('adding an unknown email creates the user, who can then log in', async () => {
      const added = await add({
        email: 'nina@clinic.example',
        name: 'Nina',
        password: 'a long password',
        role: 'admin',
      });
      assert.equal(added.statusCode, 201, added.body);
      const member = added.json();
      assert.match(member.userId, /^usr_/);
      assert.deepEqual([member.email, member.name, member.role], ['nina@clinic.example', 'Nina', 'admin']);
      const nina = await logIn(t, 'nina@clinic.example', 'a long password');
      assert.equal(nina.userId, added.json().userId);
    });

    test('an unknown email without a password is refused with 400 VALIDATION_FAILED', async () => {
      const response = await add({ email: 'nopass@clinic.example', role: 'analyst' });
      assert.equal(response.statusCode, 400);
      assert.equal(response.json().error.code, 'VALIDATION_FAILED');
    });

    test('an existing user is added without touching their password, and only once', async () => {
      const other = await seedWorkspace(t, 'Other');
      await userLoggedIn(t, 'olga@example.com', { workspaceId: other.workspaceId, role: 'owner' });
      const added = await add({ email: 'OLGA@example.com', password: 'ignored password', role: 'operator' });
      assert.equal(added.statusCode, 201, added.body);
      assert.equal(added.json().email, 'olga@example.com');
      await logIn(t, 'olga@example.com');
      const again = await add({ email: 'olga@example.com', role: 'analyst' });
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().error.code, 'ALREADY_MEMBER');
    });

    test('the member list shows everyone with their role', async () => {
      const response = await t.app.inject({ method: 'GET', url: '/api/v1/members', headers: clinic.headers });
      assert.equal(response.statusCode, 200, response.body);
      const roles = Object.fromEntries(
        response.json().items.map((m: { email: string; role: string }) => [m.email, m.role]),
      );
      assert.deepEqual(roles, { 'nina@clinic.example': 'admin', 'olga@example.com': 'operator' });
    });

    test('only an owner may add an owner', async () => {
      const admin = await logIn(t, 'nina@clinic.example', 'a long password');
      const byAdmin = await add(
        { email: 'ivan@clinic.example', password: 'a long password', role: 'owner' },
        admin.headers,
      );
      assert.equal(byAdmin.statusCode, 403);
      assert.equal(byAdmin.json().error.code, 'FORBIDDEN');
      const adminAddsAnalyst = await add(
        { email: 'ivan@clinic.example', password: 'a long password', role: 'analyst' },
        admin.headers,
      );
      assert.equal(adminAddsAnalyst.statusCode, 201, adminAddsAnalyst.body);
      const byOwner = await add({ email: 'petr@clinic.example', password: 'a long password', role: 'owner' });
      assert.equal(byOwner.statusCode, 201, byOwner.body);
    });

    test('members who may not manage members get 403, and a cookie needs the CSRF token', async () => {
      const analyst = await logIn(t, 'ivan@clinic.example', 'a long password');
      const list = await t.app.inject({
        method: 'GET',
        url: '/api/v1/members',
        headers: { cookie: analyst.cookie },
      });
      assert.equal(list.statusCode, 403);
      const admin = await logIn(t, 'nina@clinic.example', 'a long password');
      const noCsrf = await add(
        { email: 'x@clinic.example', password: 'a long password', role: 'analyst' },
        {
          cookie: admin.cookie,
        },
      );
      assert.equal(noCsrf.statusCode, 403);
      assert.equal(noCsrf.json().error.code, 'CSRF_TOKEN_INVALID');
    });
  });
}
