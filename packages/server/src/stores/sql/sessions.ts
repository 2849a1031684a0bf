/** Visitors, their sessions and page views. */
import type { Channel, Touch } from '@calltrail/core';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { sessions, visitors } from '../../db/schema.ts';
import { insertRecordset, recordset } from './recordset.ts';

export type VisitorRow = typeof visitors.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;

/** The touch a session row was opened with; the row keeps its fields flat for filtering. */
export function sessionTouch(session: SessionRow): Touch {
  return {
    channel: session.channel as Channel,
    source: session.source,
    medium: session.medium,
    campaign: session.campaign,
    term: session.term,
    content: session.content,
  };
}

export async function getVisitor(db: Db, siteId: string, id: string): Promise<VisitorRow | null> {
  const [row] = await db
    .select()
    .from(visitors)
    .where(and(eq(visitors.siteId, siteId), eq(visitors.id, id)));
  return row ?? null;
}

export async function getSession(db: Db, workspaceId: string, id: string): Promise<SessionRow | null> {
  const [row] = await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.workspaceId, workspaceId), eq(sessions.id, id)));
  return row ?? null;
}

/** A session to store, with its visitor when the visitor is new too. */
export interface NewSession {
  session: SessionRow;
  newVisitor: VisitorRow | null;
}

const sessionColumns = {
  id: 'text',
  workspace_id: 'text',
  site_id: 'text',
  visitor_id: 'text',
  started_at: 'timestamptz',
  last_activity_at: 'timestamptz',
  landing_page: 'text',
  exit_page: 'text',
  referrer: 'text',
  channel: 'text',
  source: 'text',
  medium: 'text',
  campaign: 'text',
  term: 'text',
  content: 'text',
  click_ids: 'jsonb',
  ga_client_id: 'text',
  ga_session_id: 'text',
  metrica_client_id: 'text',
  extras: 'jsonb',
  user_agent: 'text',
  device: 'text',
  country: 'text',
  region: 'text',
  city: 'text',
  page_views: 'int',
} as const;

const visitorColumns = {
  id: 'text',
  workspace_id: 'text',
  site_id: 'text',
  first_seen_at: 'timestamptz',
  last_seen_at: 'timestamptz',
  first_session_id: 'text',
  last_session_id: 'text',
  last_touch_session_id: 'text',
} as const;

const pageViewColumns = { workspace_id: 'text', session_id: 'text', at: 'timestamptz', url: 'text' } as const;

async function insertPageViews(
  db: Db,
  views: readonly { workspaceId: string; sessionId: string; at: Date; url: string }[],
) {
  if (views.length === 0) return;
  const rows = views.map((v) => ({
    workspace_id: v.workspaceId,
    session_id: v.sessionId,
    at: v.at,
    url: v.url,
  }));
  await db.execute(insertRecordset('page_views', pageViewColumns, rows));
}

/**
 * New sessions with their new visitors and landing page views, in one statement whatever the
 * batch's size. Visitors' first, last and last-touch sessions are then moved forward; a direct
 * return does not erase the campaign that brought the visitor.
 */
export async function insertSessions(db: Db, batch: readonly NewSession[]): Promise<void> {
  if (batch.length === 0) return;
  const touches = visitorTouches(batch.map((n) => n.session));
  const touchOf = new Map(touches.map((t) => [t.id, t]));
  // A new visitor is written whole; the statement's parts share one snapshot, so the update at the
  // end moves only visitors that existed before it.
  const newVisitors = batch.flatMap(({ newVisitor: v }) => {
    const touch = v && touchOf.get(v.id);
    if (!v || !touch) return [];
    return [
      {
        id: v.id,
        workspace_id: v.workspaceId,
        site_id: v.siteId,
        first_seen_at: v.firstSeenAt,
        last_seen_at: touch.seen,
        first_session_id: touch.first,
        last_session_id: touch.last,
        last_touch_session_id: touch.non_direct ?? touch.first,
      },
    ];
  });
  const rows = batch.map(({ session: s }) => ({
    id: s.id,
    workspace_id: s.workspaceId,
    site_id: s.siteId,
    visitor_id: s.visitorId,
    started_at: s.startedAt,
    last_activity_at: s.lastActivityAt,
    landing_page: s.landingPage,
    exit_page: s.exitPage,
    referrer: s.referrer,
    channel: s.channel,
    source: s.source,
    medium: s.medium,
    campaign: s.campaign,
    term: s.term,
    content: s.content,
    click_ids: s.clickIds,
    ga_client_id: s.gaClientId,
    ga_session_id: s.gaSessionId,
    metrica_client_id: s.metricaClientId,
    extras: s.extras,
    user_agent: s.userAgent,
    device: s.device,
    country: s.country,
    region: s.region,
    city: s.city,
    page_views: s.pageViews,
  }));
  const views = batch.map(({ session: s }) => ({
    workspace_id: s.workspaceId,
    session_id: s.id,
    at: s.startedAt,
    url: s.landingPage,
  }));
  await db.execute(sql`
    with new_visitors as (
      ${insertRecordset('visitors', visitorColumns, newVisitors)} on conflict (id) do nothing returning id
    ),
    new_sessions as (${insertRecordset('sessions', sessionColumns, rows)} returning id),
    landing_views as (${insertRecordset('page_views', pageViewColumns, views)} returning id)
    update visitors as w set
      last_seen_at = greatest(w.last_seen_at, v.seen),
      first_session_id = coalesce(w.first_session_id, v.first),
      last_session_id = v.last,
      last_touch_session_id = coalesce(v.non_direct, w.last_touch_session_id, v.first)
    from ${recordset('v', { id: 'text', seen: 'timestamptz', first: 'text', last: 'text', non_direct: 'text' }, touches)}
    where w.id = v.id and not exists (select 1 from new_visitors n where n.id = v.id)`);
}

/** Per visitor in a batch: its first and last new session, and its last one that was not direct. */
function visitorTouches(batch: readonly SessionRow[]) {
  const byVisitor = new Map<
    string,
    { id: string; seen: Date; first: string; last: string; non_direct: string | null }
  >();
  const ordered = [...batch].sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
  for (const session of ordered) {
    const entry = byVisitor.get(session.visitorId) ?? {
      id: session.visitorId,
      seen: session.startedAt,
      first: session.id,
      last: session.id,
      non_direct: null,
    };
    entry.seen = session.startedAt;
    entry.last = session.id;
    if (session.channel !== 'direct') entry.non_direct = session.id;
    byVisitor.set(session.visitorId, entry);
  }
  return [...byVisitor.values()];
}

/** The visitor, if it belongs to the site, with its latest session: one query. */
export async function visitorWithLatestSession(
  db: Db,
  siteId: string,
  visitorId: string,
): Promise<{ exists: boolean; latest: SessionRow | null }> {
  const rows = await db
    .select({ visitorId: visitors.id, session: sessions })
    .from(visitors)
    .leftJoin(sessions, eq(sessions.visitorId, visitors.id))
    .where(and(eq(visitors.siteId, siteId), eq(visitors.id, visitorId)))
    .orderBy(desc(sessions.startedAt), desc(sessions.id))
    .limit(1);
  const [row] = rows;
  return { exists: row !== undefined, latest: row?.session ?? null };
}

/** What happened in one stored session since the last write: the journal's unit of session activity. */
export interface SessionActivity {
  sessionId: string;
  workspaceId: string;
  visitorId: string;
  lastActivityAt: Date;
  /** The latest page's URL, or null when only heartbeats came. */
  exitPage: string | null;
  pages: { at: Date; url: string }[];
}

/**
 * Applies a batch of activity: last activity and last seen only move forward and page counts add
 * up, so batches from several processes may commit in any order.
 */
export async function addSessionActivity(db: Db, batch: readonly SessionActivity[]): Promise<void> {
  if (batch.length === 0) return;
  const rows = recordset(
    'v',
    { id: 'text', visitor: 'text', at: 'timestamptz', pages: 'int', exit: 'text' },
    batch.map((a) => ({
      id: a.sessionId,
      visitor: a.visitorId,
      at: a.lastActivityAt,
      pages: a.pages.length,
      exit: a.exitPage,
    })),
  );
  await db.execute(sql`
    update sessions as s set
      last_activity_at = greatest(s.last_activity_at, v.at),
      page_views = s.page_views + v.pages,
      exit_page = coalesce(v.exit, s.exit_page)
    from ${rows}
    where s.id = v.id`);
  await db.execute(sql`
    update visitors as w set last_seen_at = greatest(w.last_seen_at, v.at)
    from (select visitor, max(at) as at from ${rows} group by visitor) as v
    where w.id = v.visitor`);
  await insertPageViews(
    db,
    batch.flatMap((a) =>
      a.pages.map((page) => ({ workspaceId: a.workspaceId, sessionId: a.sessionId, ...page })),
    ),
  );
}
