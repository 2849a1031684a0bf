/** What every report query shares: the drill-down filters, the credited session of a call, raw rows. */
import type { TouchModel } from '@calltrail/core';
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/database.ts';

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
 * A landing page is reported as the URL without its query and fragment: the same page reached from
 * ten campaigns is one page, not ten rows differing in their utm_ tags.
 */
export const landingPageOf = (column: string) => sql.raw(`split_part(split_part(${column}, '#', 1), '?', 1)`);

const touchColumns = sql`channel, source, campaign, term, ${landingPageOf('landing_page')} as landing_page, site_id`;

/**
 * `lateral (…) t`: the touch of the session credited with the call aliased `c` (core's
 * `creditedSessionId` in SQL), in the workspace, as columns of `t`; join it `on true`. It reads one
 * session a call through an index: `limit` keeps PostgreSQL from flattening the lookup into a join,
 * which hashed the workspace's every session instead (0.7 s on a million).
 *
 * First touch is the visitor's earliest session, read whole from the (visitor_id, started_at, id)
 * index, or the call's own session when the visitor has none: the two branches exclude each other, so
 * at most one row comes back and the visitor's index is read once. A visitor id belongs to one
 * workspace, so the workspace is checked on the chosen session only: naming it inside would let a
 * planner without statistics (PGlite never analyzes) intersect the whole workspace's index with the
 * visitor's, 2 ms a call instead of 10 µs.
 */
export function creditedTouch(touch: TouchModel, workspaceId: string): SQL {
  if (touch === 'last') {
    return sql`lateral (
      select ${touchColumns} from sessions t
      where t.id = c.session_id and t.workspace_id = ${workspaceId}
      limit 1
    ) t`;
  }
  return sql`lateral (
    select ${touchColumns} from (
      (select f.workspace_id, ${touchColumns} from sessions f
        where f.visitor_id = c.visitor_id
        order by f.visitor_id, f.started_at, f.id limit 1)
      union all
      select t.workspace_id, ${touchColumns} from sessions t
      where t.id = c.session_id and not exists (select from sessions f where f.visitor_id = c.visitor_id)
    ) credited
    where credited.workspace_id = ${workspaceId}
  ) t`;
}

/**
 * `(…) c`: the workspace's inbound calls started in [from, to), for joining `creditedTouch` to. They come
 * sorted by the key that lookup reads (the visitor for first touch, the session for last), so the
 * index is walked in order and each of its pages read once: first touch on 37,000 calls took 0.8 s
 * instead of 1.3–1.9 s.
 */
export function callsToCredit(touch: TouchModel, workspaceId: string, from: Date, to: Date): SQL {
  return sql`(
    select c.caller, c.first_time, c.started_at, c.answered_at, c.status, c.qualified, c.wait_seconds,
      c.deal_value, c.session_id, c.visitor_id
    from calls c
    where c.workspace_id = ${workspaceId} and c.direction = 'inbound'
      and c.started_at >= ${instant(from)} and c.started_at < ${instant(to)}
    order by ${touch === 'first' ? sql`c.visitor_id` : sql`c.session_id`}
  ) c`;
}

/**
 * Runs a report's statements in a transaction with PostgreSQL's JIT compiler off. A report's estimated
 * cost (a lookup per call) is far above `jit_above_cost`, and compiling its ~130 expressions took
 * 0.3–2 s, more than running them: the rows are tens of thousands, not the millions JIT pays off on.
 * PGlite has no JIT; the setting exists there and does nothing.
 */
export async function reportTransaction<T>(db: Db, work: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local jit = off`);
    return work(tx);
  });
}

/** Ended calls that reached nobody. */
export const missedStatuses = sql`('missed', 'busy', 'failed')`;

export function instant(at: Date): SQL {
  return sql`${at.toISOString()}::timestamptz`;
}
