/** For route tests that act as a browser: a user with a password, logged in through the API. */
import assert from 'node:assert/strict';
import type { Role } from '@calltrail/core';
import { registerUser } from '../../accounts/register-user.ts';
import { sessionCookie } from '../../auth/authenticate.ts';
import type { TestApp } from '../../testing/test-app.ts';

export const testPassword = 'correct horse battery';

export interface BrowserSession {
  userId: string;
  /** Cookie plus CSRF token: enough for any request, safe or not. */
  headers: Record<string, string>;
  cookie: string;
  csrfToken: string;
}

export async function logIn(t: TestApp, email: string, password = testPassword): Promise<BrowserSession> {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password },
  });
  assert.equal(response.statusCode, 200, response.body);
  const value = response.cookies.find((c) => c.name === sessionCookie)?.value;
  assert.ok(value, 'the log-in sets the session cookie');
  const cookie = `${sessionCookie}=${value}`;
  const csrfToken: string = response.json().csrfToken;
  return {
    userId: response.json().user.id,
    cookie,
    csrfToken,
    headers: { cookie, 'x-csrf-token': csrfToken },
  };
}

/** A new user, member of `workspaceId` with `role` when given, then logged in. */
export async function userLoggedIn(
  t: TestApp,
  email: string,
  membership?: { workspaceId: string; role: Role },
): Promise<BrowserSession> {
  await registerUser(t.database.db, { email, password: testPassword }, t.clock.now(), membership);
  return logIn(t, email);
}
