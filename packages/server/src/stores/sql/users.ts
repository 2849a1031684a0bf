/** Users, their browser sessions, and workspace-scoped API tokens. Secrets are stored only as hashes. */
import type { Role } from '@calltrail/core';
import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { apiTokens, authSessions, users } from '../../db/schema.ts';
import { newId, newSecret, sha256 } from '../../ids.ts';

export type UserRow = typeof users.$inferSelect;

export async function createUser(
  db: Db,
  input: { email: string; name: string; passwordHash: string | null },
  now: Date,
): Promise<UserRow | null> {
  const row: UserRow = { id: newId('usr'), ...input, email: input.email.trim(), createdAt: now };
  const inserted = await db.insert(users).values(row).onConflictDoNothing().returning({ id: users.id });
  return inserted.length > 0 ? row : null;
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | null> {
  const [row] = await db.select().from(users).where(sql`lower(${users.email}) = lower(${email.trim()})`);
  return row ?? null;
}

export async function getUser(db: Db, id: string): Promise<UserRow | null> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row ?? null;
}

export async function countUsers(db: Db): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
  return row?.n ?? 0;
}

export async function createAuthSession(
  db: Db,
  userId: string,
  now: Date,
  ttlMs: number,
): Promise<{ token: string; csrfToken: string; expiresAt: Date }> {
  const token = newSecret('cts');
  const csrfToken = newSecret('csrf');
  const expiresAt = new Date(now.getTime() + ttlMs);
  await db
    .insert(authSessions)
    .values({ idHash: sha256(token), userId, csrfToken, createdAt: now, expiresAt });
  return { token, csrfToken, expiresAt };
}

export async function findAuthSession(db: Db, token: string, now: Date) {
  const [row] = await db
    .select()
    .from(authSessions)
    .where(and(eq(authSessions.idHash, sha256(token)), gt(authSessions.expiresAt, now)));
  return row ?? null;
}

export async function deleteAuthSession(db: Db, token: string): Promise<void> {
  await db.delete(authSessions).where(eq(authSessions.idHash, sha256(token)));
}

export type ApiTokenRow = typeof apiTokens.$inferSelect;

export async function createApiToken(
  db: Db,
  input: { workspaceId: string; name: string; role: Role },
  now: Date,
): Promise<{ row: ApiTokenRow; token: string }> {
  const token = newSecret('ctk');
  const row: ApiTokenRow = {
    id: newId('tok'),
    ...input,
    tokenHash: sha256(token),
    createdAt: now,
    lastUsedAt: null,
    revokedAt: null,
  };
  await db.insert(apiTokens).values(row);
  return { row, token };
}

export async function findApiToken(db: Db, token: string): Promise<ApiTokenRow | null> {
  const [row] = await db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, sha256(token)), isNull(apiTokens.revokedAt)));
  return row ?? null;
}

export async function markApiTokenUsed(db: Db, id: string, now: Date): Promise<void> {
  await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, id));
}

export async function listApiTokens(db: Db, workspaceId: string): Promise<ApiTokenRow[]> {
  return db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.workspaceId, workspaceId), isNull(apiTokens.revokedAt)))
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id));
}

export async function revokeApiToken(db: Db, workspaceId: string, id: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.workspaceId, workspaceId), eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return rows.length > 0;
}
