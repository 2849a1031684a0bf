/** Browser log-in: a password exchanged for an httpOnly session cookie and a CSRF token. */
import { randomBytes } from 'node:crypto';
import { AppError } from '@calltrail/core';
import { ErrorBody, LoginRequest, Me } from '@calltrail/protocol';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { RouteDeps } from '../../app.ts';
import { sessionCookie } from '../../auth/authenticate.ts';
import { hashPassword, verifyPassword } from '../../auth/passwords.ts';
import type { Db } from '../../db/database.ts';
import {
  createAuthSession,
  deleteAuthSession,
  findUserByEmail,
  getUser,
  type UserRow,
} from '../../stores/sql/users.ts';
import { listWorkspacesOfUser } from '../../stores/sql/workspaces.ts';
import { toWorkspace } from '../workspaces/index.ts';
import { loginThrottle } from './login-throttle.ts';

export const sessionTtlMs = 14 * 24 * 60 * 60_000;

const cookieOnly = [{ cookie: [] }];

// Unknown emails are checked against this throwaway hash, so a wrong email costs as long as a wrong password.
let decoy: Promise<string> | undefined;
const decoyHash = () => {
  decoy ??= hashPassword(randomBytes(16).toString('hex'));
  return decoy;
};

export async function describeMe(db: Db, user: UserRow, csrfToken: string) {
  const workspaces = await listWorkspacesOfUser(db, user.id);
  return {
    user: { id: user.id, email: user.email, name: user.name },
    workspaces: workspaces.map((w) => toWorkspace(w, w.role)),
    csrfToken,
  };
}

export function authRoutes(deps: RouteDeps): FastifyPluginAsyncTypebox {
  const { db } = deps.database;
  const throttle = loginThrottle();
  const cookieOptions = {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: deps.config.cookieSecure,
  } as const;

  return async (app) => {
    app.post(
      '/login',
      {
        schema: {
          tags: ['auth'],
          summary: 'Log in with email and password',
          description:
            'Sets the httpOnly `calltrail_session` cookie (14 days) and returns the CSRF token to send as ' +
            '`X-CSRF-Token` on unsafe requests. Ten failures for one email from one address block it for 15 minutes.',
          security: [],
          body: LoginRequest,
          response: { 200: Me, 400: ErrorBody, 401: ErrorBody, 429: ErrorBody },
        },
      },
      async (request, reply) => {
        const { email, password } = request.body;
        const now = deps.clock.now();
        const wait = throttle.retryAfter(email, request.ip, now);
        if (wait > 0) {
          reply.header('retry-after', String(wait));
          throw new AppError(
            'RATE_LIMITED',
            { retryAfterSeconds: wait },
            'Too many failed log-ins; try again later',
          );
        }
        const user = await findUserByEmail(db, email);
        const hash = user?.passwordHash ?? (await decoyHash());
        const valid = (await verifyPassword(password, hash)) && user?.passwordHash != null;
        if (!user || !valid) {
          throttle.failed(email, request.ip, now);
          throw new AppError('INVALID_CREDENTIALS');
        }
        throttle.succeeded(email, request.ip);
        // A new log-in replaces the browser's old session rather than leaving it valid in the table.
        const previous = request.cookies[sessionCookie];
        if (previous) await deleteAuthSession(db, previous);
        const session = await createAuthSession(db, user.id, now, sessionTtlMs);
        reply.setCookie(sessionCookie, session.token, { ...cookieOptions, maxAge: sessionTtlMs / 1000 });
        return describeMe(db, user, session.csrfToken);
      },
    );

    app.post(
      '/logout',
      {
        schema: {
          tags: ['auth'],
          summary: 'Log out: end the session and clear its cookie',
          security: cookieOnly,
          response: { 204: Type.Null({ description: 'Logged out' }), 401: ErrorBody, 403: ErrorBody },
        },
        preHandler: deps.auth.user(),
      },
      async (request, reply) => {
        const token = request.cookies[sessionCookie];
        if (token) await deleteAuthSession(db, token);
        reply.clearCookie(sessionCookie, cookieOptions);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/me',
      {
        schema: {
          tags: ['auth'],
          summary: 'The logged-in user, their workspaces with roles, and the CSRF token',
          security: cookieOnly,
          response: { 200: Me, 401: ErrorBody, 403: ErrorBody },
        },
        preHandler: deps.auth.user(),
      },
      async (request) => {
        const context = request.user!;
        const user = await getUser(db, context.userId);
        if (!user) throw new AppError('UNAUTHENTICATED');
        return describeMe(db, user, context.csrfToken);
      },
    );
  };
}
