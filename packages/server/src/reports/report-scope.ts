/** What every report query shares: the drill-down filters, the credited session of a call, raw rows. */
import type { TouchModel } from '@calltrail/core';
import { type SQL, sql } from 'drizzle-orm';

export interface ReportFilters {
  channel?: string | undefined;
  source?: string | undefined;
  campaign?: string | undefined;
  siteId?: string | undefined;
}

/** `and …` conditions on the sessions table aliased `alias`; empty without filters. */
export function touchFilters(alias: string, filters: ReportFilters): SQL {
  const t = sql.raw(alias);
  const parts: SQL[] = [];
  if (filters.siteId !== undefined) parts.push(sql` and ${t}.site_id = ${filters.siteId}`);
  if (filters.channel !== undefined) parts.push(sql` and ${t}.channel = ${filters.channel}`);
  if (filters.source !== undefined) parts.push(sql` and ${t}.source = ${filters.source}`);
  if (filters.campaign !== undefined) parts.push(sql` and ${t}.campaign = ${filters.campaign}`);
  return sql.join(parts, sql``);
}

/**
 * The id of the session credited with the call aliased `c`: core's `creditedSessionId` in SQL. First
 * touch reads the visitor's sessions through the (visitor_id, started_at) index. A visitor id belongs to
 * one workspace; callers scope the credited session by workspace where they join it. Naming the
 * workspace here too would let a planner without statistics (PGlite never analyzes) intersect the
 * whole workspace's index with the visitor's: 2 ms a call instead of 10 µs.
 */
export function creditedSession(touch: TouchModel): SQL {
  return touch === 'first'
    ? sql`coalesce((
        select f.id from sessions f
        where f.visitor_id = c.visitor_id
        order by f.visitor_id, f.started_at, f.id limit 1
      ), c.session_id)`
    : sql`c.session_id`;
}

/**
 * `lateral (…) t`: the touch of the session credited with the call aliased `c`, in the workspace, as
 * columns of `t`; join it `on true`. As a lateral lookup it reads one session by primary key per call:
 * a plain join on the computed id let PostgreSQL hash the workspace's every session instead (0.5 s on
 * a million).
 */
export function creditedTouch(touch: TouchModel, workspaceId: string): SQL {
  return sql`lateral (
    select t.channel, t.source, t.campaign, t.term, t.landing_page, t.site_id from sessions t
    where t.id = ${creditedSession(touch)} and t.workspace_id = ${workspaceId}
  ) t`;
}

/** Ended calls that reached nobody. */
export const missedStatuses = sql`('missed', 'busy', 'failed')`;

export function instant(at: Date): SQL {
  return sql`${at.toISOString()}::timestamptz`;
}
