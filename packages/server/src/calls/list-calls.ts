/**
 * The call log's query: every filter of GET /calls and its CSV export as one SQL condition, AND-ed,
 * over the calls joined to their attributed session.
 */
import { can, normalizePhone, type Role } from '@calltrail/core';
import type { CallListQuery } from '@calltrail/protocol';
import { and, eq, gte, ilike, lt, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { calls, sessions } from '../db/schema.ts';
import { afterCursor, newestFirst, pageLimit, toPage } from '../stores/sql/pagination.ts';

export type CallFilter = Omit<CallListQuery, 'limit' | 'cursor'> & {
  cursor?: string | undefined;
  limit?: number | undefined;
};

/** `%text%` for LIKE, with the pattern characters the user typed taken literally. */
function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, '\\$&')}%`;
}

/**
 * Free-text search for a phone number: its digits anywhere in the tracking number, and in the
 * caller only for roles that may see callers. An analyst sees callers masked; matching them would
 * let a search confirm, digit by digit, the number the mask hides.
 */
function searchCondition(search: string, role: Role): SQL | undefined {
  const patterns = new Set<string>();
  const digits = search.replace(/\D/g, '');
  if (digits !== '') patterns.add(containing(digits));
  // "8 916 123-45-67" is how people write +79161234567: match the number as it is stored too.
  const normalized = normalizePhone(search);
  if (normalized !== null) patterns.add(containing(normalized));
  if (patterns.size === 0) return sql`false`;
  const columns = can(role, 'callers:see') ? [calls.trackingNumber, calls.caller] : [calls.trackingNumber];
  const matches = or(
    ...[...patterns].flatMap((pattern) => columns.map((column) => sql`${column} like ${pattern}`)),
  );
  return and(matches, dialledNumbersVisible(role));
}

/**
 * An outbound call's dialled number is the customer's, not a tracking number: for roles that may not
 * see callers, searching or filtering by number looks at inbound calls only.
 */
function dialledNumbersVisible(role: Role): SQL | undefined {
  return can(role, 'callers:see') ? undefined : eq(calls.direction, 'inbound');
}

/** Everything the list's query asks of a call, for a member with `role`. */
export function callConditions(workspaceId: string, filter: CallFilter, role: Role): SQL | undefined {
  return and(
    eq(calls.workspaceId, workspaceId),
    filter.from ? gte(calls.startedAt, new Date(filter.from)) : undefined,
    filter.to ? lt(calls.startedAt, new Date(filter.to)) : undefined,
    filter.channel ? eq(calls.channel, filter.channel) : undefined,
    filter.source
      ? or(eq(calls.source, filter.source.toLowerCase()), eq(calls.source, filter.source))
      : undefined,
    filter.repeat === undefined ? undefined : eq(calls.repeat, filter.repeat),
    filter.status ? eq(calls.status, filter.status) : undefined,
    filter.direction ? eq(calls.direction, filter.direction) : undefined,
    filter.firstTime === undefined ? undefined : eq(calls.firstTime, filter.firstTime),
    filter.tag === undefined ? undefined : sql`${calls.tags} @> ${JSON.stringify([filter.tag])}::jsonb`,
    filter.qualified === undefined ? undefined : eq(calls.qualified, filter.qualified),
    filter.minRating === undefined ? undefined : gte(calls.rating, filter.minRating),
    filter.campaign === undefined ? undefined : eq(sessions.campaign, filter.campaign),
    filter.term === undefined ? undefined : eq(sessions.term, filter.term),
    filter.landingPage === undefined
      ? undefined
      : ilike(sessions.landingPage, containing(filter.landingPage)),
    filter.trackingNumber === undefined
      ? undefined
      : and(eq(calls.trackingNumber, filter.trackingNumber), dialledNumbersVisible(role)),
    filter.agent === undefined ? undefined : eq(calls.agent, filter.agent),
    filter.search === undefined ? undefined : searchCondition(filter.search, role),
  );
}

/** A page of the workspace's calls matching `filter`, newest first, each with its attributed session. */
export async function listCalls(db: Db, workspaceId: string, filter: CallFilter, role: Role) {
  const limit = pageLimit(filter);
  const rows = await db
    .select({ call: calls, session: sessions })
    .from(calls)
    .leftJoin(sessions, eq(sessions.id, calls.sessionId))
    .where(
      and(callConditions(workspaceId, filter, role), afterCursor(filter.cursor, calls.startedAt, calls.id)),
    )
    .orderBy(...newestFirst(calls.startedAt, calls.id))
    .limit(limit + 1);
  return toPage(rows, limit, (r) => ({ at: r.call.startedAt, id: r.call.id }));
}
