/**
 * A call's visitor journey: the visitor's sessions (each with its pages, leased numbers and the calls
 * credited to it) and every call of the visitor or the caller, for the call's detail page.
 */
import { type CallStatus, type Channel, type Device, maskPhone } from '@calltrail/core';
import type { CallJourney, JourneyCall, JourneySession } from '@calltrail/protocol';
import { and, asc, desc, eq, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { calls, leases, pageViews, sessions } from '../db/schema.ts';
import type { CallRow } from '../stores/sql/calls.ts';
import { type SessionRow, sessionTouch } from '../stores/sql/sessions.ts';
import { browserOf, osOf } from './browser-of.ts';

/** A journey page shows this much; a visitor with more is most likely a bot or a shared device. */
export const journeyLimits = { sessions: 50, calls: 50, pageViewsPerSession: 100 } as const;

type Journeyed = Pick<CallRow, 'workspaceId' | 'visitorId' | 'caller'>;

/** The visitor's latest sessions, oldest first. */
async function sessionsOf(db: Db, workspaceId: string, visitorId: string): Promise<SessionRow[]> {
  const rows = await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.visitorId, visitorId), eq(sessions.workspaceId, workspaceId)))
    .orderBy(desc(sessions.startedAt), desc(sessions.id))
    .limit(journeyLimits.sessions);
  return rows.reverse();
}

/** Each session's first page views, oldest first, read in one query. */
async function pageViewsOf(db: Db, workspaceId: string, sessionIds: string[]) {
  if (sessionIds.length === 0) return [];
  const numbered = db
    .select({
      sessionId: pageViews.sessionId,
      at: pageViews.at,
      url: pageViews.url,
      n: sql<number>`row_number() over (partition by ${pageViews.sessionId} order by ${pageViews.at}, ${pageViews.id})`.as(
        'n',
      ),
    })
    .from(pageViews)
    .where(and(inArray(pageViews.sessionId, sessionIds), eq(pageViews.workspaceId, workspaceId)))
    .as('numbered');
  return db
    .select({ sessionId: numbered.sessionId, at: numbered.at, url: numbered.url })
    .from(numbered)
    .where(sql`${numbered.n} <= ${journeyLimits.pageViewsPerSession}`)
    .orderBy(asc(numbered.at));
}

async function numbersOf(db: Db, workspaceId: string, sessionIds: string[]) {
  if (sessionIds.length === 0) return [];
  return db
    .selectDistinct({ sessionId: leases.sessionId, number: leases.number })
    .from(leases)
    .where(and(inArray(leases.sessionId, sessionIds), eq(leases.workspaceId, workspaceId)))
    .orderBy(asc(leases.sessionId), asc(leases.number));
}

async function attributedCallsOf(db: Db, workspaceId: string, sessionIds: string[]) {
  if (sessionIds.length === 0) return [];
  return db
    .select({ sessionId: calls.sessionId, id: calls.id })
    .from(calls)
    .where(
      and(
        eq(calls.workspaceId, workspaceId),
        inArray(calls.sessionId, sessionIds),
        sql`${calls.attribution}->>'status' = 'attributed'`,
      ),
    )
    .orderBy(asc(calls.startedAt), asc(calls.id));
}

/**
 * The visitor's calls and the caller's: inbound from the number, and outbound to it (a callback's
 * dialled number is the caller's), the latest ones, oldest first.
 */
async function callsOf(db: Db, call: Journeyed, seeCallers: boolean): Promise<JourneyCall[]> {
  const whose: SQL[] = [];
  if (call.visitorId !== null) whose.push(eq(calls.visitorId, call.visitorId));
  if (call.caller !== null) {
    whose.push(
      and(eq(calls.direction, 'inbound'), eq(calls.caller, call.caller)) as SQL,
      and(eq(calls.direction, 'outbound'), eq(calls.trackingNumber, call.caller)) as SQL,
    );
  }
  if (whose.length === 0) return [];
  const rows = await db
    .select({
      id: calls.id,
      startedAt: calls.startedAt,
      direction: calls.direction,
      status: calls.status,
      trackingNumber: calls.trackingNumber,
      sessionId: calls.sessionId,
    })
    .from(calls)
    .where(and(eq(calls.workspaceId, call.workspaceId), or(...whose)))
    .orderBy(desc(calls.startedAt), desc(calls.id))
    .limit(journeyLimits.calls);
  return rows.reverse().map((r) => ({
    ...r,
    // An outbound call's dialled number is the customer's (GET /calls masks it the same way).
    trackingNumber: seeCallers || r.direction === 'inbound' ? r.trackingNumber : maskPhone(r.trackingNumber),
    startedAt: r.startedAt.toISOString(),
    direction: r.direction as JourneyCall['direction'],
    status: r.status as CallStatus,
  }));
}

function grouped<T extends { sessionId: string | null }, V>(
  rows: T[],
  value: (row: T) => V,
): Map<string, V[]> {
  const bySession = new Map<string, V[]>();
  for (const row of rows) {
    if (row.sessionId === null) continue;
    const list = bySession.get(row.sessionId) ?? [];
    list.push(value(row));
    bySession.set(row.sessionId, list);
  }
  return bySession;
}

function toJourneySession(
  session: SessionRow,
  extra: Pick<JourneySession, 'pageViews' | 'trackingNumbers' | 'attributedCallIds'>,
): JourneySession {
  const { channel, ...touch } = sessionTouch(session);
  return {
    id: session.id,
    siteId: session.siteId,
    startedAt: session.startedAt.toISOString(),
    lastActivityAt: session.lastActivityAt.toISOString(),
    channel: channel as Channel,
    touch,
    landingPage: session.landingPage,
    exitPage: session.exitPage,
    referrer: session.referrer,
    clickIds: session.clickIds,
    gaClientId: session.gaClientId,
    gaSessionId: session.gaSessionId,
    metricaClientId: session.metricaClientId,
    device: session.device as Device | null,
    browser: browserOf(session.userAgent),
    os: osOf(session.userAgent),
    geo: { country: session.country, region: session.region, city: session.city },
    ...extra,
  };
}

/** `seeCallers`: whether the reader's role may see callers' numbers. */
export async function callJourney(db: Db, call: Journeyed, seeCallers: boolean): Promise<CallJourney> {
  const { workspaceId, visitorId } = call;
  const visited = visitorId === null ? [] : await sessionsOf(db, workspaceId, visitorId);
  const ids = visited.map((s) => s.id);
  const [views, numbers, credited, journeyCalls] = await Promise.all([
    pageViewsOf(db, workspaceId, ids),
    numbersOf(db, workspaceId, ids),
    attributedCallsOf(db, workspaceId, ids),
    callsOf(db, call, seeCallers),
  ]);
  const viewsOf = grouped(views, (v) => ({ at: v.at.toISOString(), url: v.url }));
  const numbersBySession = grouped(numbers, (n) => n.number);
  const callsBySession = grouped(credited, (c) => c.id);
  return {
    visitorId,
    sessions: visited.map((session) =>
      toJourneySession(session, {
        pageViews: viewsOf.get(session.id) ?? [],
        trackingNumbers: numbersBySession.get(session.id) ?? [],
        attributedCallIds: callsBySession.get(session.id) ?? [],
      }),
    ),
    calls: journeyCalls,
  };
}
