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

export async function latestSessionOf(db: Db, visitorId: string): Promise<SessionRow | null> {
  const [row] = await db
    .select()
    .from(sessions)
    .where(eq(sessions.visitorId, visitorId))
    .orderBy(desc(sessions.startedAt), desc(sessions.id))
    .limit(1);
  return row ?? null;
}

export async function getSession(db: Db, workspaceId: string, id: string): Promise<SessionRow | null> {
  const [row] = await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.workspaceId, workspaceId), eq(sessions.id, id)));
  return row ?? null;
}

/** A new session, and the visitor too when it is new; the first page view is recorded with it. */
export async function insertSession(
  db: Db,
  session: SessionRow,
  newVisitor: VisitorRow | null,
): Promise<void> {
  await db.transaction(async (tx) => {
    if (newVisitor) await tx.insert(visitors).values(newVisitor);
    await tx.insert(sessions).values(session);
    await tx
      .update(visitors)
      .set({
        lastSeenAt: session.startedAt,
        lastSessionId: session.id,
        firstSessionId: sql`coalesce(${visitors.firstSessionId}, ${session.id})`,
        // A direct return does not erase the campaign that brought the visitor.
        lastTouchSessionId:
          session.channel === 'direct'
            ? sql`coalesce(${visitors.lastTouchSessionId}, ${session.id})`
            : session.id,
      })
      .where(eq(visitors.id, session.visitorId));
    await tx.insert(pageViews).values({
      workspaceId: session.workspaceId,
      sessionId: session.id,
      at: session.startedAt,
      url: session.landingPage,
    });
  });
}

/** A page view or heartbeat in a live session: moves last activity, and for a page, the exit page. */
export async function recordActivity(
  db: Db,
  session: Pick<SessionRow, 'id' | 'workspaceId' | 'visitorId'>,
  activity: { at: Date; pageUrl: string | null },
): Promise<void> {
  await db.transaction(async (tx) => {
    if (activity.pageUrl !== null) {
      await tx
        .update(sessions)
        .set({
          lastActivityAt: activity.at,
          exitPage: activity.pageUrl,
          pageViews: sql`${sessions.pageViews} + 1`,
        })
        .where(eq(sessions.id, session.id));
      await tx.insert(pageViews).values({
        workspaceId: session.workspaceId,
        sessionId: session.id,
        at: activity.at,
        url: activity.pageUrl,
      });
    } else {
      await tx.update(sessions).set({ lastActivityAt: activity.at }).where(eq(sessions.id, session.id));
    }
    await tx.update(visitors).set({ lastSeenAt: activity.at }).where(eq(visitors.id, session.visitorId));
  });
}
