/** Mints a workspace API token; the secret is returned once and only its hash is kept. */
import { AppError, type Role } from '@calltrail/core';
import type { Db } from '../db/database.ts';
import { type ApiTokenRow, createApiToken } from '../stores/sql/users.ts';
import { getWorkspace } from '../stores/sql/workspaces.ts';
import { assertMayGrant } from './grant-role.ts';

/** `grantedBy`: the caller's role, so a token never mints one stronger than itself. */
export async function issueApiToken(
  db: Db,
  input: { workspaceId: string; name: string; role: Role },
  grantedBy: Role,
  now: Date,
): Promise<{ row: ApiTokenRow; token: string }> {
  assertMayGrant(grantedBy, input.role);
  if (!(await getWorkspace(db, input.workspaceId))) {
    throw new AppError('WORKSPACE_NOT_FOUND', { workspaceId: input.workspaceId });
  }
  return createApiToken(db, { ...input, name: input.name.trim() || 'API token' }, now);
}

export function toApiToken(row: ApiTokenRow) {
  return {
    id: row.id,
    name: row.name,
    role: row.role as Role,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}
