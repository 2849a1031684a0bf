/** Workspaces and who belongs to them with which role. */
import type { Role } from '@calltrail/core';
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { memberships, users, workspaces } from '../../db/schema.ts';
import { newId, newSecret } from '../../ids.ts';

export type WorkspaceRow = typeof workspaces.$inferSelect;

/** The column's default, written explicitly so the returned row is what was stored. */
export const defaultRepeatWindowDays = 30;
export const defaultRecordingRetentionDays = 365;

export async function createWorkspace(
  db: Db,
  input: { name: string; timeZone: string; currency: string },
  now: Date,
): Promise<WorkspaceRow> {
  const row: WorkspaceRow = {
    id: newId('ws'),
    name: input.name,
    timeZone: input.timeZone,
    currency: input.currency,
    webhookSecret: newSecret('whs'),
    repeatWindowDays: defaultRepeatWindowDays,
    recordingRetentionDays: defaultRecordingRetentionDays,
    createdAt: now,
  };
  await db.insert(workspaces).values(row);
  return row;
}

export async function getWorkspace(db: Db, id: string): Promise<WorkspaceRow | null> {
  const [row] = await db.select().from(workspaces).where(eq(workspaces.id, id));
  return row ?? null;
}

/** Changes a workspace's settings; null when there is no such workspace. */
export async function updateWorkspace(
  db: Db,
  id: string,
  changes: { repeatWindowDays?: number | undefined; recordingRetentionDays?: number | undefined },
): Promise<WorkspaceRow | null> {
  const set = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
  if (Object.keys(set).length === 0) return getWorkspace(db, id);
  const [row] = await db.update(workspaces).set(set).where(eq(workspaces.id, id)).returning();
  return row ?? null;
}

export async function listWorkspacesOfUser(
  db: Db,
  userId: string,
): Promise<(WorkspaceRow & { role: Role })[]> {
  const rows = await db
    .select({ workspace: workspaces, role: memberships.role })
    .from(memberships)
    .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(workspaces.createdAt), asc(workspaces.id));
  return rows.map((r) => ({ ...r.workspace, role: r.role as Role }));
}

export async function getMembership(db: Db, workspaceId: string, userId: string): Promise<Role | null> {
  const [row] = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)));
  return (row?.role as Role | undefined) ?? null;
}

export async function addMember(
  db: Db,
  workspaceId: string,
  userId: string,
  role: Role,
  now: Date,
): Promise<boolean> {
  const inserted = await db
    .insert(memberships)
    .values({ workspaceId, userId, role, createdAt: now })
    .onConflictDoNothing()
    .returning({ userId: memberships.userId });
  return inserted.length > 0;
}

export async function listMembers(db: Db, workspaceId: string) {
  const rows = await db
    .select({ userId: users.id, email: users.email, name: users.name, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.workspaceId, workspaceId))
    .orderBy(asc(memberships.createdAt), asc(users.id));
  return rows.map((r) => ({ ...r, role: r.role as Role }));
}
