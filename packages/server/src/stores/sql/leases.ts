/**
 * Lease history: every lease a pool number had, so a call arriving later is attributed to whoever
 * held the number at that moment, and live leases are restored after a restart.
 */
import { isLeaseLive, type Lease } from '@calltrail/core';
import { and, desc, eq, gte, isNull, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { leases, pools } from '../../db/schema.ts';
import { insertRecordset } from './recordset.ts';

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
const leaseColumns = {
  id: 'text',
  workspace_id: 'text',
  pool_id: 'text',
  number: 'text',
  session_id: 'text',
  visitor_id: 'text',
  started_at: 'timestamptz',
  last_activity_at: 'timestamptz',
  hold_seconds: 'int',
  confirmed: 'boolean',
  released_at: 'timestamptz',
  previous_lease_id: 'text',
  reused_from_session_id: 'text',
} as const;

export async function upsertLeases(db: Db, entries: readonly LeaseHistoryEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const rows = entries.map(({ workspaceId, lease, releasedAt }) => ({
    id: lease.id,
    workspace_id: workspaceId,
    pool_id: lease.poolId,
    number: lease.number,
    session_id: lease.sessionId,
    visitor_id: lease.visitorId,
    started_at: lease.startedAt,
    last_activity_at: lease.lastActivityAt,
    hold_seconds: Math.round(lease.holdMs / 1000),
    confirmed: lease.confirmed,
    released_at: releasedAt,
    previous_lease_id: lease.previousLeaseId,
    reused_from_session_id: lease.reusedFromSessionId,
  }));
  await db.execute(sql`
    ${insertRecordset('leases', leaseColumns, rows)}
    on conflict (id) do update set
      last_activity_at = greatest(leases.last_activity_at, excluded.last_activity_at),
      confirmed = leases.confirmed or excluded.confirmed,
      released_at = coalesce(leases.released_at, excluded.released_at)`);
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

/**
 * The site of the pool that last leased `number`, for a number no longer in any pool: a visitor may
 * call it during the hold after it was removed, and the lease history still names who held it.
 */
export async function siteOfLeasedNumber(
  db: Db,
  workspaceId: string,
  number: string,
): Promise<string | null> {
  const [row] = await db
    .select({ siteId: pools.siteId })
    .from(leases)
    .innerJoin(pools, eq(pools.id, leases.poolId))
    .where(and(eq(leases.workspaceId, workspaceId), eq(leases.number, number)))
    .orderBy(desc(leases.startedAt))
    .limit(1);
  return row?.siteId ?? null;
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
