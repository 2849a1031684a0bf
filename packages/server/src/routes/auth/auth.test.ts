/** Log-in, the session cookie, CSRF and log-out, on every database. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sessionCookie } from '../../auth/authenticate.ts';
import { seedWorkspace, startTestApp, type TestApp } from '../../testing/test-app.ts';
import { databaseChoices } from '../../testing/test-database.ts';
import { logIn, testPassword, userLoggedIn } from './test-session.ts';

for (const choice of databaseChoices()) {
  describe(`log-in on ${choice.kind}`, { skip: choice.skip }, () => {
    let t: TestApp;
    let workspaceId: string;

    before(async () => {
      t = await startTestApp(choice.kind);
      ({ workspaceId } = await seedWorkspace(t, 'Clinic'));
      await userLoggedIn(t, 'Ann@Clinic.example', { workspaceId, role: 'admin' });
    });
    after(() => t.close());

    const login = (email: string, password: string, ip = '10.0.0.1') =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email, password },
        remoteAddress: ip,
      });

    test('a right password returns the user, their workspaces and a CSRF token, and sets an httpOnly, Lax, Secure cookie', async () => {
      const response = await login('ann@clinic.example', testPassword);
      assert.equal(response.statusCode, 200, response.body);
      const me = response.json();
      assert.equal(me.user.email, 'Ann@Clinic.example');
      assert.deepEqual(
        me.workspaces.map((w: { id: string; role: string }) => [w.id, w.role]),
        [[workspaceId, 'admin']],
      );
      assert.match(me.csrfToken, /^csrf_/);
      const cookie = response.cookies.find((c) => c.name === sessionCookie);
      assert.ok(cookie);
      assert.equal(cookie.httpOnly, true);
      assert.equal(cookie.sameSite, 'Lax');
      assert.equal(cookie.path, '/');
      assert.equal(cookie.secure, true, 'PUBLIC_URL is https, so the cookie is Secure');
      assert.equal(cookie.maxAge, 14 * 24 * 3600);
    });

    test('a wrong password and an unknown email both answer 401 INVALID_CREDENTIALS', async () => {
      for (const [email, password] of [
        ['ann@clinic.example', 'wrong password'],
        ['nobody@clinic.example', testPassword],
      ] as const) {
        const response = await login(email, password);
        assert.equal(response.statusCode, 401);
        assert.equal(response.json().error.code, 'INVALID_CREDENTIALS');
        assert.equal(response.cookies.length, 0);
      }
    });

    test('ten failures for one email from one address block it with 429 until the window passes', async () => {
      for (let i = 0; i < 10; i++) {
        assert.equal((await login('ann@clinic.example', 'guess', '10.9.9.9')).statusCode, 401);
      }
      const blocked = await login('ann@clinic.example', testPassword, '10.9.9.9');
      assert.equal(blocked.statusCode, 429);
      assert.equal(blocked.json().error.code, 'RATE_LIMITED');
      assert.equal(blocked.headers['retry-after'], '900');
      assert.equal((await login('ann@clinic.example', testPassword, '10.9.9.8')).statusCode, 200);
      t.clock.advance({ minutes: 15 });
      assert.equal((await login('ann@clinic.example', testPassword, '10.9.9.9')).statusCode, 200);
    });

    test('GET /me answers for the cookie and refuses without it or with an API token', async () => {
      const session = await logIn(t, 'ann@clinic.example');
      const me = await t.app.inject({
        method: 'GET',
        url: '/api/v1/auth/me',
        headers: { cookie: session.cookie },
      });
      assert.equal(me.statusCode, 200, me.body);
      assert.equal(me.json().user.id, session.userId);
      assert.equal(me.json().csrfToken, session.csrfToken);
      assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me' })).statusCode, 401);
      const { headers } = await seedWorkspace(t, 'Other');
      const byToken = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers });
      assert.equal(byToken.statusCode, 403);
    });

    test('log-out needs the CSRF token, then ends the session and clears the cookie', async () => {
      const session = await logIn(t, 'ann@clinic.example');
      const forged = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/logout',
        headers: { cookie: session.cookie },
      });
      assert.equal(forged.statusCode, 403);
      assert.equal(forged.json().error.code, 'CSRF_TOKEN_INVALID');

      const out = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/logout',
        headers: session.headers,
      });
      assert.equal(out.statusCode, 204, out.body);
      const cleared = out.cookies.find((c) => c.name === sessionCookie);
      assert.equal(cleared?.value, '');
      const me = await t.app.inject({
        method: 'GET',
        url: '/api/v1/auth/me',
        headers: { cookie: session.cookie },
      });
      assert.equal(me.statusCode, 401);
    });

    test('a session expires after 14 days', async () => {
      const session = await logIn(t, 'ann@clinic.example');
      t.clock.advance({ days: 14, seconds: 1 });
      const me = await t.app.inject({
        method: 'GET',
        url: '/api/v1/auth/me',
        headers: { cookie: session.cookie },
      });
      assert.equal(me.statusCode, 401);
    });
  });
}
