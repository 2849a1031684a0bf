/**
 * Lease history: every lease a pool number had, so a call arriving later is attributed to whoever
 * held the number at that moment, and live leases are restored after a restart.
 */
import { isLeaseLive, type Lease } from '@calltrail/core';
import { and, desc, eq, gte, isNull, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { leases } from '../../db/schema.ts';

export type LeaseRow = typeof leases.$inferSelect;

/** A lease as the journal writes it: its latest state, and when a session switch ended it. */
export interface LeaseHistoryEntry {
  workspaceId: string;
  lease: Lease;
  releasedAt: Date | null;
}

/**
 * Inserts new leases and merges changes into known ones in one statement. Merging is monotonic, so
 * batches from several processes may commit in any order: activity only moves forward, a lease once
 * confirmed stays confirmed, and a release is never undone.
 */
export async function upsertLeases(db: Db, entries: readonly LeaseHistoryEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db
    .insert(leases)
    .values(
      entries.map(({ workspaceId, lease, releasedAt }) => ({
        id: lease.id,
        workspaceId,
        poolId: lease.poolId,
        number: lease.number,
        sessionId: lease.sessionId,
        visitorId: lease.visitorId,
        startedAt: lease.startedAt,
        lastActivityAt: lease.lastActivityAt,
        holdSeconds: Math.round(lease.holdMs / 1000),
        confirmed: lease.confirmed,
        releasedAt,
        previousLeaseId: lease.previousLeaseId,
        reusedFromSessionId: lease.reusedFromSessionId,
      })),
    )
    .onConflictDoUpdate({
      target: leases.id,
      set: {
        lastActivityAt: sql`greatest(${leases.lastActivityAt}, excluded.last_activity_at)`,
        confirmed: sql`${leases.confirmed} or excluded.confirmed`,
        releasedAt: sql`coalesce(${leases.releasedAt}, excluded.released_at)`,
      },
    });
}

export function rowToLease(row: LeaseRow): Lease {
  return {
    id: row.id,
    poolId: row.poolId,
    number: row.number,
    sessionId: row.sessionId,
    visitorId: row.visitorId,
    startedAt: row.startedAt,
    lastActivityAt: row.lastActivityAt,
    holdMs: row.holdSeconds * 1000,
    confirmed: row.confirmed,
    previousLeaseId: row.previousLeaseId,
    reusedFromSessionId: row.reusedFromSessionId,
  };
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
    .where(and(gte(leases.lastActivityAt, new Date(now.getTime() - maxHoldMs)), isNull(leases.releasedAt)));
  return rows.map(rowToLease).filter((lease) => isLeaseLive(lease, now));
}
