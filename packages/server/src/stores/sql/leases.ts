/**
 * Lease history: every lease a pool number had, so a call arriving later is attributed to whoever
 * held the number at that moment, and live leases are restored after a restart.
 */
import { isLeaseLive, type Lease } from '@calltrail/core';
import { and, desc, eq, gte, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { leases } from '../../db/schema.ts';

export type LeaseRow = typeof leases.$inferSelect;

export async function insertLease(db: Db, workspaceId: string, lease: Lease): Promise<void> {
  await db.insert(leases).values({
    id: lease.id,
    workspaceId,
    poolId: lease.poolId,
    number: lease.number,
    sessionId: lease.sessionId,
    visitorId: lease.visitorId,
    startedAt: lease.startedAt,
    lastActivityAt: lease.lastActivityAt,
    holdSeconds: Math.round(lease.holdMs / 1000),
    releasedAt: null,
  });
}

export async function touchLease(db: Db, id: string, at: Date): Promise<void> {
  // Never move activity backwards: touches from two requests may commit out of order.
  await db
    .update(leases)
    .set({ lastActivityAt: sql`greatest(${leases.lastActivityAt}, ${at.toISOString()}::timestamptz)` })
    .where(eq(leases.id, id));
}

/** The leases of a number that started by `at`, newest first: the candidates for a call at `at`. */
export async function leasesOfNumberBefore(
  db: Db,
  workspaceId: string,
  number: string,
  at: Date,
  limit = 20,
) {
  return db
    .select()
    .from(leases)
    .where(and(eq(leases.workspaceId, workspaceId), eq(leases.number, number), lte(leases.startedAt, at)))
    .orderBy(desc(leases.startedAt), desc(leases.id))
    .limit(limit);
}

/** Leases whose window may still be open at `now`, for rebuilding an in-memory lease store. */
export async function possiblyLiveLeases(db: Db, now: Date, maxHoldMs: number): Promise<Lease[]> {
  const rows = await db
    .select()
    .from(leases)
    .where(gte(leases.lastActivityAt, new Date(now.getTime() - maxHoldMs)));
  return rows
    .map((r) => ({
      id: r.id,
      poolId: r.poolId,
      number: r.number,
      sessionId: r.sessionId,
      visitorId: r.visitorId,
      startedAt: r.startedAt,
      lastActivityAt: r.lastActivityAt,
      holdMs: r.holdSeconds * 1000,
    }))
    .filter((lease) => isLeaseLive(lease, now));
}
