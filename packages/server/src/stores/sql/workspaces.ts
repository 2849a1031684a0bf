/** Workspaces and who belongs to them with which role. */
import type { Role } from '@calltrail/core';
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { memberships, users, workspaces } from '../../db/schema.ts';
import { newId, newSecret } from '../../ids.ts';
import type { Tx } from './calls.ts';

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

const isMembership = (workspaceId: string, userId: string) =>
  and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId));

const memberColumns = { userId: users.id, email: users.email, name: users.name, role: memberships.role };

export async function getMembership(db: Db, workspaceId: string, userId: string): Promise<Role | null> {
  const [row] = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(isMembership(workspaceId, userId));
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
    .select(memberColumns)
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.workspaceId, workspaceId))
    .orderBy(asc(memberships.createdAt), asc(users.id));
  return rows.map((r) => ({ ...r, role: r.role as Role }));
}

/** One member with their name and email, or null for a user who is not a member of the workspace. */
export async function getMember(db: Db | Tx, workspaceId: string, userId: string) {
  const [row] = await db
    .select(memberColumns)
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(isMembership(workspaceId, userId));
  return row ? { ...row, role: row.role as Role } : null;
}

/**
 * Takes the workspace's membership lock until the transaction ends, so changes to one workspace's
 * members run one at a time. NO KEY UPDATE, not UPDATE: rows referencing the workspace (calls,
 * sessions) keep being inserted meanwhile.
 */
export async function lockMembers(tx: Tx, workspaceId: string): Promise<void> {
  await tx
    .select({ id: workspaces.id })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId))
    .for('no key update');
}

export async function ownerIds(tx: Tx, workspaceId: string): Promise<string[]> {
  const owners = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.role, 'owner')));
  return owners.map((owner) => owner.userId);
}

export async function setMemberRole(tx: Tx, workspaceId: string, userId: string, role: Role): Promise<void> {
  await tx.update(memberships).set({ role }).where(isMembership(workspaceId, userId));
}

export async function deleteMember(tx: Tx, workspaceId: string, userId: string): Promise<void> {
  await tx.delete(memberships).where(isMembership(workspaceId, userId));
}
