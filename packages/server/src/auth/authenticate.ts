/**
 * Who is calling and in which workspace: an API token (scoped to one workspace and a role) or a
 * browser session cookie (with a CSRF token on unsafe methods, and the workspace chosen by the
 * X-Workspace-Id header or, on GET and HEAD, the `workspace` query parameter, else the user's first
 * workspace).
 */
import { AppError, type Clock, can, type Permission, type Role } from '@calltrail/core';
import type { FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { Db } from '../db/database.ts';
import { findApiToken, findAuthSession, markApiTokenUsed } from '../stores/sql/users.ts';
import { getMembership, listWorkspacesOfUser } from '../stores/sql/workspaces.ts';

export const sessionCookie = 'calltrail_session';

export interface UserContext {
  userId: string;
  csrfToken: string;
}

export interface AuthContext {
  workspaceId: string;
  role: Role;
  userId: string | null;
  tokenId: string | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext;
    user: UserContext | null;
  }
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

function bearer(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) throw new AppError('UNAUTHENTICATED', undefined, 'Authorization must be "Bearer <token>"');
  return match[1];
}

/**
 * The workspace a cookie session asks for: the X-Workspace-Id header, else, on GET and HEAD, the
 * `workspace` query parameter, because an `<audio src>` or a download link cannot send headers.
 * Only safe methods read the URL, so a link cannot aim a change at another workspace.
 */
function wantedWorkspace(request: FastifyRequest): string | null {
  const header = request.headers['x-workspace-id'];
  if (typeof header === 'string' && header !== '') return header;
  if (request.method !== 'GET' && request.method !== 'HEAD') return null;
  const query: unknown = request.query;
  if (typeof query !== 'object' || query === null || !('workspace' in query)) return null;
  const { workspace } = query;
  return typeof workspace === 'string' && workspace !== '' ? workspace : null;
}

export interface Authenticator {
  /** A logged-in user (cookie); tokens are workspace-scoped and cannot act as a user. */
  user(): preHandlerAsyncHookHandler;
  /** A member of the current workspace whose role has the permission. */
  workspace(permission: Permission): preHandlerAsyncHookHandler;
}

export function createAuthenticator(deps: { db: Db; clock: Clock }): Authenticator {
  const { db, clock } = deps;

  async function cookieUser(request: FastifyRequest): Promise<UserContext | null> {
    const token = request.cookies[sessionCookie];
    if (!token) return null;
    const session = await findAuthSession(db, token, clock.now());
    if (!session) return null;
    if (!safeMethods.has(request.method) && request.headers['x-csrf-token'] !== session.csrfToken) {
      throw new AppError('CSRF_TOKEN_INVALID');
    }
    return { userId: session.userId, csrfToken: session.csrfToken };
  }

  return {
    user: () => async (request) => {
      if (request.headers.authorization) {
        throw new AppError(
          'FORBIDDEN',
          undefined,
          'API tokens act in one workspace; log in as a user for this',
        );
      }
      const user = await cookieUser(request);
      if (!user) throw new AppError('UNAUTHENTICATED');
      request.user = user;
    },
    workspace: (permission) => async (request) => {
      const token = bearer(request);
      if (token) {
        const row = await findApiToken(db, token);
        if (!row) throw new AppError('UNAUTHENTICATED', undefined, 'Unknown or revoked API token');
        request.auth = {
          workspaceId: row.workspaceId,
          role: row.role as Role,
          userId: null,
          tokenId: row.id,
        };
        const lastUsed = row.lastUsedAt?.getTime() ?? 0;
        // Once a minute is enough to show "last used" without a write per request.
        if (clock.now().getTime() - lastUsed > 60_000) await markApiTokenUsed(db, row.id, clock.now());
      } else {
        const user = await cookieUser(request);
        if (!user) throw new AppError('UNAUTHENTICATED');
        request.user = user;
        const wanted = wantedWorkspace(request);
        let workspaceId: string | undefined;
        let role: Role | null = null;
        if (wanted !== null) {
          role = await getMembership(db, wanted, user.userId);
          workspaceId = wanted;
        } else {
          const [first] = await listWorkspacesOfUser(db, user.userId);
          workspaceId = first?.id;
          role = first?.role ?? null;
        }
        if (!workspaceId || !role) throw new AppError('WORKSPACE_NOT_FOUND');
        request.auth = { workspaceId, role, userId: user.userId, tokenId: null };
      }
      if (!can(request.auth.role, permission)) {
        throw new AppError('FORBIDDEN', { role: request.auth.role, needs: permission });
      }
    },
  };
}
