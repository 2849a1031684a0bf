/**
 * Counts on the workspace's calendar: calls and missed calls per local weekday and hour (core's
 * `hourWeekdayGrid` in SQL), and sessions and calls per local day. `at time zone` reads the IANA zone
 * the way Intl does, daylight saving included; the tests hold the two to the same answers.
 */
import type { TouchModel } from '@calltrail/core';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { rowsOf } from '../stores/sql/raw-rows.ts';
import {
  callsToCredit,
  creditedTouch,
  instant,
  missedStatuses,
  type ReportFilters,
  reportTransaction,
  touchFilters,
} from './report-scope.ts';
import { rollupBounds, sessionTouches } from './session-rollup.ts';

export interface CalendarScope extends ReportFilters {
  workspaceId: string;
  timeZone: string;
  touch: TouchModel;
}

/** Calls whose credited session passes the filters (all inbound calls when there are none). */
function filteredCalls(scope: CalendarScope, from: Date, to: Date) {
  const filters = touchFilters('t', scope);
  const filtered =
    scope.channel !== undefined ||
    scope.source !== undefined ||
    scope.campaign !== undefined ||
    scope.siteId !== undefined;
  if (filtered) {
    return sql`
      select c.started_at, c.status from ${callsToCredit(scope.touch, scope.workspaceId, from, to)}
      join ${creditedTouch(scope.touch, scope.workspaceId)} on true ${filters}`;
  }
  return sql`
    select c.started_at, c.status from calls c
    where c.workspace_id = ${scope.workspaceId} and c.direction = 'inbound'
      and c.started_at >= ${instant(from)} and c.started_at < ${instant(to)}`;
}

export interface HourCell {
  weekday: number;
  hour: number;
  calls: number;
  missed: number;
}

/** The non-empty cells; weekday 0 is Monday, as ISO numbers them less one. */
export async function hourWeekdayCounts(
  db: Db,
  scope: CalendarScope,
  from: Date,
  to: Date,
): Promise<HourCell[]> {
  const result = await reportTransaction(db, (tx) =>
    tx.execute(sql`
    select extract(isodow from fc.started_at at time zone ${scope.timeZone})::int - 1 as weekday,
      extract(hour from fc.started_at at time zone ${scope.timeZone})::int as hour,
      count(*)::int as calls,
      count(*) filter (where fc.status in ${missedStatuses})::int as missed
    from (${filteredCalls(scope, from, to)}) fc
    group by 1, 2
  `),
  );
  return rowsOf(result).map((r) => ({
    weekday: Number(r.weekday),
    hour: Number(r.hour),
    calls: Number(r.calls),
    missed: Number(r.missed),
  }));
}

export interface DayCounts {
  day: string;
  sessions: number;
  calls: number;
}

/** Sessions (by their own touch) and calls (by their credited touch) per local day with any. */
export async function dailyCounts(db: Db, scope: CalendarScope, from: Date, to: Date): Promise<DayCounts[]> {
  const result = await reportTransaction(db, async (tx) => {
    const bounds = await rollupBounds(tx, scope, from, to);
    return tx.execute(sql`
    select day, sum(sessions)::int as sessions, sum(calls)::int as calls from (
      select to_char(s.day, 'YYYY-MM-DD') as day, sum(s.sessions) as sessions, 0 as calls
      from ${sessionTouches(scope, bounds, scope)} s
      group by 1
      union all
      select to_char(fc.started_at at time zone ${scope.timeZone}, 'YYYY-MM-DD'), 0, count(*)
      from (${filteredCalls(scope, from, to)}) fc
      group by 1
    ) parts
    group by day
  `);
  });
  return rowsOf(result).map((r) => ({
    day: String(r.day),
    sessions: Number(r.sessions),
    calls: Number(r.calls),
  }));
}
