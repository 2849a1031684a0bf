/**
 * The missed-calls worklist: the period's missed inbound calls, what became of each (missed-state.ts)
 * from the calls that followed it, and the summary the page heads with.
 */
import type { MissedState, MissedSummary } from '@calltrail/protocol';
import { and, eq, gte, inArray, isNotNull, lt, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { calls, sessions } from '../db/schema.ts';
import {
  callbackWindowHours,
  type FollowUp,
  type MissedOutcome,
  median,
  missedOutcome,
} from './missed-state.ts';
import { missedStatuses } from './report-scope.ts';

export interface MissedScope {
  workspaceId: string;
  from: Date;
  to: Date;
  siteId?: string | undefined;
}

export interface MissedItem extends MissedOutcome {
  id: string;
  startedAt: Date;
}

/**
 * Calls of the site: attributed to one of its sessions, or made to one of its numbers (static,
 * offline and pool numbers belong to a site even when no session was matched).
 */
function ofSite(siteId: string): SQL {
  return sql`(exists (select 1 from sessions s where s.id = ${calls.sessionId} and s.site_id = ${siteId})
    or exists (select 1 from tracking_numbers n
      where n.workspace_id = ${calls.workspaceId} and n.number = ${calls.trackingNumber} and n.site_id = ${siteId}))`;
}

function inboundOfPeriod(scope: MissedScope): SQL | undefined {
  return and(
    eq(calls.workspaceId, scope.workspaceId),
    eq(calls.direction, 'inbound'),
    gte(calls.startedAt, scope.from),
    lt(calls.startedAt, scope.to),
    scope.siteId === undefined ? undefined : ofSite(scope.siteId),
  );
}

const isMissed = sql`${calls.status} in ${missedStatuses}`;

/** Answered: the provider said so, or the call went on to a conversation. */
const wasAnswered = sql<boolean>`(${calls.answeredAt} is not null or ${calls.status} in ('answered', 'completed'))`;

/** Every call between the workspace and the period's missed callers that could settle one of them. */
async function followUpsOf(db: Db, scope: MissedScope): Promise<Map<string, FollowUp[]>> {
  const missedCallers = db
    .select({ caller: calls.caller })
    .from(calls)
    .where(and(inboundOfPeriod(scope), isMissed, isNotNull(calls.caller)));
  const until = new Date(scope.to.getTime() + callbackWindowHours * 3_600_000);
  // An outbound call's dialled number is the customer's: it is stored as the tracking number.
  const rows = await db
    .select({
      id: calls.id,
      startedAt: calls.startedAt,
      direction: calls.direction,
      answered: wasAnswered,
      number: sql<string>`case when ${calls.direction} = 'outbound' then ${calls.trackingNumber} else ${calls.caller} end`,
    })
    .from(calls)
    .where(
      and(
        eq(calls.workspaceId, scope.workspaceId),
        gte(calls.startedAt, scope.from),
        lt(calls.startedAt, until),
        or(
          and(eq(calls.direction, 'outbound'), inArray(calls.trackingNumber, missedCallers)),
          and(eq(calls.direction, 'inbound'), wasAnswered, inArray(calls.caller, missedCallers)),
        ),
      ),
    );
  const byNumber = new Map<string, FollowUp[]>();
  for (const row of rows) {
    const list = byNumber.get(row.number) ?? [];
    list.push({
      id: row.id,
      startedAt: row.startedAt,
      direction: row.direction as FollowUp['direction'],
      answered: Boolean(row.answered),
    });
    byNumber.set(row.number, list);
  }
  return byNumber;
}

/** Every missed call of the period with its outcome, newest first, and the period's summary. */
export async function missedCalls(
  db: Db,
  scope: MissedScope,
  now: Date,
): Promise<{ items: MissedItem[]; summary: MissedSummary }> {
  const [missed, followUps, [inbound]] = await Promise.all([
    db
      .select({ id: calls.id, startedAt: calls.startedAt, caller: calls.caller })
      .from(calls)
      .where(and(inboundOfPeriod(scope), isMissed))
      .orderBy(sql`${calls.startedAt} desc, ${calls.id} desc`),
    followUpsOf(db, scope),
    db.select({ n: sql<number>`count(*)::int` }).from(calls).where(inboundOfPeriod(scope)),
  ]);
  const items = missed.map((call) => ({
    id: call.id,
    startedAt: call.startedAt,
    ...missedOutcome(call, call.caller === null ? [] : (followUps.get(call.caller) ?? []), now),
  }));
  return { items, summary: summarise(items, Number(inbound?.n ?? 0)) };
}

function summarise(items: readonly MissedItem[], inbound: number): MissedSummary {
  const count = (...states: MissedState[]) => items.filter((i) => states.includes(i.state)).length;
  const share = (n: number) => (inbound === 0 ? 0 : n / inbound);
  const lost = count('lost');
  const callbackSeconds = items.flatMap((i) =>
    i.state === 'called_back' && i.callback ? [i.callback.afterSeconds] : [],
  );
  return {
    inbound,
    missed: items.length,
    missedShare: share(items.length),
    recovered: count('called_back', 'caller_reached'),
    lost,
    lostShare: share(lost),
    pending: count('pending'),
    medianCallbackSeconds: median(callbackSeconds),
  };
}

/** The full rows of some calls (with their attributed session), in the order of `ids`. */
export async function callRowsById(db: Db, workspaceId: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ call: calls, session: sessions })
    .from(calls)
    .leftJoin(sessions, eq(sessions.id, calls.sessionId))
    .where(and(eq(calls.workspaceId, workspaceId), inArray(calls.id, [...ids])));
  const byId = new Map(rows.map((r) => [r.call.id, r]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [row] : [];
  });
}
