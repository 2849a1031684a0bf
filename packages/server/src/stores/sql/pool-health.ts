/**
 * The queries behind pool health: a pool's hourly serving counters, the holding times and handover
 * gaps of its leases per hour, and the pool alerts raised from them. SQL stays within PostgreSQL 15.
 */
import { type LeaseHourStats, provisionalLeaseMs } from '@calltrail/core';
import { and, eq, gte, lt, lte, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { poolAlerts, poolHours, pools, trackingNumbers } from '../../db/schema.ts';
import { afterCursor, newestFirst, type PageRequest, pageLimit, toPage } from './pagination.ts';
import { rowsOf } from './raw-rows.ts';

export type PoolHourRow = typeof poolHours.$inferSelect;
export type PoolAlertRow = typeof poolAlerts.$inferSelect;

/** A pool's hourly counters with hour in [from, to). Hours without a row had no sessions. */
export async function poolHourCounts(
  db: Db,
  workspaceId: string,
  poolId: string,
  from: Date,
  to: Date,
): Promise<PoolHourRow[]> {
  return db
    .select()
    .from(poolHours)
    .where(
      and(
        eq(poolHours.workspaceId, workspaceId),
        eq(poolHours.poolId, poolId),
        gte(poolHours.hour, from),
        lt(poolHours.hour, to),
      ),
    )
    .orderBy(poolHours.hour);
}

export async function poolSize(db: Db, workspaceId: string, poolId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(trackingNumbers)
    .where(
      and(
        eq(trackingNumbers.workspaceId, workspaceId),
        eq(trackingNumbers.poolId, poolId),
        eq(trackingNumbers.kind, 'pool'),
      ),
    );
  return row?.n ?? 0;
}

/**
 * The leases of a pool that started in [from, to), per hour (keyed by the hour's epoch ms): how many,
 * their summed holding time, and the shortest handover gap. This is core's `leaseHoldingSeconds` and
 * `handoverGaps` in SQL; the tests hold the two to the same answers.
 *
 * The gap needs each lease's predecessor on its number, which may have started before `from`; so
 * per pool number the latest earlier lease joins the leases of the period, both read through the
 * (workspace_id, number, started_at) index, and LAG pairs each lease with the one before it.
 */
export async function leaseHourStats(
  db: Db,
  workspaceId: string,
  poolId: string,
  from: Date,
  to: Date,
): Promise<Map<number, LeaseHourStats>> {
  const fromAt = sql`${from.toISOString()}::timestamptz`;
  const toAt = sql`${to.toISOString()}::timestamptz`;
  const result = await db.execute(sql`
    with pool_leases as (
      select l.id, l.number, l.visitor_id, l.started_at,
        -- The window end (core's leaseWindowEnd), or the release when the number was handed on sooner.
        least(
          case when l.confirmed then l.last_activity_at + l.hold_seconds * interval '1 second'
               else l.started_at + least(l.hold_seconds, ${provisionalLeaseMs / 1000}) * interval '1 second'
          end,
          l.released_at
        ) as window_end
      from tracking_numbers n
      cross join lateral (
        (select * from leases e
          where e.workspace_id = n.workspace_id and e.number = n.number and e.pool_id = n.pool_id
            and e.started_at < ${fromAt}
          order by e.started_at desc, e.id desc
          limit 1)
        union all
        (select * from leases e
          where e.workspace_id = n.workspace_id and e.number = n.number and e.pool_id = n.pool_id
            and e.started_at >= ${fromAt} and e.started_at < ${toAt})
      ) l
      where n.workspace_id = ${workspaceId} and n.pool_id = ${poolId}
    ),
    handovers as (
      select started_at, window_end, visitor_id,
        lag(window_end) over by_number as previous_end,
        lag(visitor_id) over by_number as previous_visitor
      from pool_leases
      window by_number as (partition by number order by started_at, id)
    )
    select
      extract(epoch from date_trunc('hour', started_at, 'UTC'))::float8 as hour,
      count(*)::int as leases,
      coalesce(sum(greatest(0, extract(epoch from window_end - started_at))), 0)::float8 as holding_seconds,
      (min(greatest(0, extract(epoch from started_at - previous_end)))
        filter (where previous_visitor <> visitor_id))::float8 as shortest_gap
    from handovers
    where started_at >= ${fromAt}
    group by 1
    order by 1
  `);
  const stats = new Map<number, LeaseHourStats>();
  for (const row of rowsOf(result)) {
    stats.set(Number(row.hour) * 1000, {
      leases: Number(row.leases),
      holdingSeconds: Number(row.holding_seconds),
      shortestGapSeconds: row.shortest_gap === null ? null : Number(row.shortest_gap),
    });
  }
  return stats;
}

export interface AlertScope {
  workspaceId?: string | undefined;
  poolId?: string | undefined;
}

export interface AlertCandidate {
  workspaceId: string;
  poolId: string;
  hour: Date;
  sessions: number;
  leased: number;
  fallbacks: number;
  overflows: number;
  reused: number;
  targetBlocking: number;
  holdMinutes: number;
  poolSize: number;
}

/**
 * Pool hours from `since` to `until` with at least `minSessions` sessions whose blocked share is above
 * the pool's target: the hours worth a closer look, across every workspace unless scoped.
 */
export async function alertCandidates(
  db: Db,
  window: { since: Date; until: Date; minSessions: number },
  scope: AlertScope = {},
): Promise<AlertCandidate[]> {
  const blocked = sql`${poolHours.fallbacks} + ${poolHours.overflows} + ${poolHours.reused}`;
  return db
    .select({
      workspaceId: poolHours.workspaceId,
      poolId: poolHours.poolId,
      hour: poolHours.hour,
      sessions: poolHours.sessions,
      leased: poolHours.leased,
      fallbacks: poolHours.fallbacks,
      overflows: poolHours.overflows,
      reused: poolHours.reused,
      targetBlocking: pools.targetBlocking,
      holdMinutes: pools.holdMinutes,
      poolSize: sql<number>`(select count(*)::int from ${trackingNumbers} n
        where n.workspace_id = ${pools.workspaceId} and n.pool_id = ${pools.id} and n.kind = 'pool')`,
    })
    .from(poolHours)
    .innerJoin(pools, and(eq(pools.id, poolHours.poolId), eq(pools.workspaceId, poolHours.workspaceId)))
    .where(
      and(
        gte(poolHours.hour, window.since),
        lte(poolHours.hour, window.until),
        gte(poolHours.sessions, window.minSessions),
        sql`${blocked} > ${poolHours.sessions} * ${pools.targetBlocking}`,
        scope.workspaceId ? eq(poolHours.workspaceId, scope.workspaceId) : undefined,
        scope.poolId ? eq(poolHours.poolId, scope.poolId) : undefined,
      ),
    )
    .orderBy(poolHours.hour, poolHours.poolId);
}

/**
 * Stores an alert once per pool, kind and hour. Evaluating the hour again refreshes its figures
 * (the current hour keeps filling) but keeps its id and creation time; `raised` says it is new.
 */
export async function savePoolAlert(
  db: Db,
  alert: PoolAlertRow,
): Promise<{ row: PoolAlertRow; raised: boolean }> {
  const [inserted] = await db.insert(poolAlerts).values(alert).onConflictDoNothing().returning();
  if (inserted) return { row: inserted, raised: true };
  const [updated] = await db
    .update(poolAlerts)
    .set({ observed: alert.observed, target: alert.target, recommendedSize: alert.recommendedSize })
    .where(
      and(
        eq(poolAlerts.poolId, alert.poolId),
        eq(poolAlerts.kind, alert.kind),
        eq(poolAlerts.hour, alert.hour),
      ),
    )
    .returning();
  if (!updated) throw new Error(`pool alert ${alert.kind} of ${alert.poolId} neither inserted nor found`);
  return { row: updated, raised: false };
}

export interface AlertFilter extends PageRequest {
  poolId?: string | undefined;
}

export async function listPoolAlerts(db: Db, workspaceId: string, filter: AlertFilter) {
  const limit = pageLimit(filter);
  const conditions: Array<SQL | undefined> = [
    eq(poolAlerts.workspaceId, workspaceId),
    filter.poolId ? eq(poolAlerts.poolId, filter.poolId) : undefined,
    afterCursor(filter.cursor, poolAlerts.createdAt, poolAlerts.id),
  ];
  const rows = await db
    .select({ alert: poolAlerts, poolName: pools.name })
    .from(poolAlerts)
    .innerJoin(pools, and(eq(pools.id, poolAlerts.poolId), eq(pools.workspaceId, poolAlerts.workspaceId)))
    .where(and(...conditions))
    .orderBy(...newestFirst(poolAlerts.createdAt, poolAlerts.id))
    .limit(limit + 1);
  return toPage(rows, limit, (r) => ({ at: r.alert.createdAt, id: r.alert.id }));
}
