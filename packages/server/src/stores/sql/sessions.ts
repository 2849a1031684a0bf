/** Visitors, their sessions and page views. */
import type { Channel, Touch } from '@calltrail/core';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { pageViews, sessions, visitors } from '../../db/schema.ts';

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

/**
 * A new session, and the visitor too when it is new; the first page view is recorded with it. One
 * statement, so one round trip: a session start is the only write the snippet API waits for.
 */
export async function insertSession(
  db: Db,
  session: SessionRow,
  newVisitor: VisitorRow | null,
): Promise<void> {
  const at = session.startedAt.toISOString();
  const s = session;
  // A direct return does not erase the campaign that brought the visitor.
  const lastTouch = s.channel === 'direct' ? sql`coalesce(last_touch_session_id, ${s.id})` : sql`${s.id}`;
  const visitor = newVisitor
    ? sql`insert into visitors (id, workspace_id, site_id, first_seen_at, last_seen_at, first_session_id,
          last_session_id, last_touch_session_id)
        values (${newVisitor.id}, ${newVisitor.workspaceId}, ${newVisitor.siteId}, ${at}::timestamptz,
          ${at}::timestamptz, ${s.id}, ${s.id}, ${s.id})`
    : // The statement's parts see the same snapshot, so an existing visitor is updated, a new one inserted whole.
      sql`update visitors set last_seen_at = greatest(last_seen_at, ${at}::timestamptz), last_session_id = ${s.id},
          first_session_id = coalesce(first_session_id, ${s.id}), last_touch_session_id = ${lastTouch}
        where id = ${s.visitorId}`;
  await db.execute(sql`
    with visitor as (${visitor} returning id),
    session as (
      insert into sessions (id, workspace_id, site_id, visitor_id, started_at, last_activity_at, landing_page,
        exit_page, referrer, channel, source, medium, campaign, term, content, click_ids, ga_client_id,
        ga_session_id, metrica_client_id, extras, user_agent, device, country, region, city, page_views)
      values (${s.id}, ${s.workspaceId}, ${s.siteId}, ${s.visitorId}, ${at}::timestamptz,
        ${s.lastActivityAt.toISOString()}::timestamptz, ${s.landingPage}, ${s.exitPage}, ${s.referrer}, ${s.channel},
        ${s.source}, ${s.medium}, ${s.campaign}, ${s.term}, ${s.content}, ${JSON.stringify(s.clickIds)}::jsonb,
        ${s.gaClientId}, ${s.gaSessionId}, ${s.metricaClientId}, ${JSON.stringify(s.extras)}::jsonb, ${s.userAgent},
        ${s.device}, ${s.country}, ${s.region}, ${s.city}, ${s.pageViews})
      returning id
    )
    insert into page_views (workspace_id, session_id, at, url)
    select ${s.workspaceId}, id, ${at}::timestamptz, ${s.landingPage} from session`);
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

// Rows per statement: well under PostgreSQL's 65,535 parameters.
const chunkSize = 2000;

/**
 * Applies a batch of activity: last activity and last seen only move forward and page counts add
 * up, so batches from several processes may commit in any order.
 */
export async function addSessionActivity(db: Db, batch: readonly SessionActivity[]): Promise<void> {
  for (let i = 0; i < batch.length; i += chunkSize) {
    const chunk = batch.slice(i, i + chunkSize);
    const rows = sql.join(
      chunk.map(
        (a) =>
          sql`(${a.sessionId}::text, ${a.visitorId}::text, ${a.lastActivityAt.toISOString()}::timestamptz, ${a.pages.length}::int, ${a.exitPage}::text)`,
      ),
      sql`, `,
    );
    await db.execute(sql`
      update sessions as s set
        last_activity_at = greatest(s.last_activity_at, v.at),
        page_views = s.page_views + v.pages,
        exit_page = coalesce(v.exit, s.exit_page)
      from (values ${rows}) as v(id, visitor, at, pages, exit)
      where s.id = v.id`);
    await db.execute(sql`
      update visitors as w set last_seen_at = greatest(w.last_seen_at, v.at)
      from (select visitor, max(at) as at from (values ${rows}) as r(id, visitor, at, pages, exit) group by visitor) as v
      where w.id = v.visitor`);
  }
  const views = batch.flatMap((a) =>
    a.pages.map((page) => ({
      workspaceId: a.workspaceId,
      sessionId: a.sessionId,
      at: page.at,
      url: page.url,
    })),
  );
  for (let i = 0; i < views.length; i += chunkSize) {
    await db.insert(pageViews).values(views.slice(i, i + chunkSize));
  }
}
