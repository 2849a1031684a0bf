/**
 * Sessions by touch for a period, read from the per-day rollup (`session_days`) for the workspace's
 * whole local days inside it and from the sessions themselves for the hours at its edges: the same
 * counts as counting the sessions, at a cost that grows with the touches of a day, not its sessions.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { rowsOf } from '../stores/sql/raw-rows.ts';
import { instant, type ReportFilters, touchFilters } from './report-scope.ts';

export interface RollupScope {
  workspaceId: string;
  timeZone: string;
}

/** Where a period's sessions are read: see `rollupBounds`. */
export interface RollupBounds {
  from: Date;
  to: Date;
  /** The rollup's days first ≤ day < end (YYYY-MM-DD); null when the period holds no whole day. */
  days: { first: string; end: string } | null;
  /** The raw edges: [from, headEnd) and [tailStart, to). */
  headEnd: Date;
  tailStart: Date;
}

/**
 * The longest a local day can reach past its nominal midnights: a daylight-saving shift (at most two
 * hours anywhere) can move an instant's local day back across midnight, as where clocks fall back at
 * 24:00. Whole days are chosen that far inside the period, and the raw edges are read that far in.
 */
const dayOverhang = sql`interval '3 hours'`;

/**
 * The days of [from, to) whose every instant lies inside it, and the edges left to read raw. Local days
 * are PostgreSQL's `at time zone`, as the rollup's trigger computes them. A statement of its own, so
 * the counting statement gets the edges as constants: bounds from a subquery left the planner guessing
 * a third of the table and scanning it all (0.25 s).
 */
export async function rollupBounds(db: Db, scope: RollupScope, from: Date, to: Date): Promise<RollupBounds> {
  const tz = scope.timeZone;
  const fromAt = instant(from);
  const toAt = instant(to);
  const result = await db.execute(sql`
    select w.first_day::text as first_day, w.end_day::text as end_day,
      extract(epoch from (w.first_day::timestamp at time zone ${tz}) + ${dayOverhang}) * 1000 as head_end,
      extract(epoch from (w.end_day::timestamp at time zone ${tz}) - ${dayOverhang}) * 1000 as tail_start
    from (
      select min(d) as first_day, max(d) + 1 as end_day
      from (
        select (${fromAt} at time zone ${tz})::date + i as d
        from generate_series(0, (${toAt} at time zone ${tz})::date - (${fromAt} at time zone ${tz})::date) i
      ) candidates
      where (d::timestamp at time zone ${tz}) - ${dayOverhang} >= ${fromAt}
        and ((d + 1)::timestamp at time zone ${tz}) + ${dayOverhang} <= ${toAt}
    ) w`);
  const row = rowsOf(result)[0];
  if (!row || row.first_day === null || row.end_day === null) {
    return { from, to, days: null, headEnd: to, tailStart: to };
  }
  const headEnd = new Date(Math.min(Number(row.head_end), to.getTime()));
  const tailStart = new Date(Math.max(Number(row.tail_start), headEnd.getTime()));
  return { from, to, days: { first: String(row.first_day), end: String(row.end_day) }, headEnd, tailStart };
}

/**
 * `(…)`: one row per rollup row or edge session of the period that passes `filters`, with the columns
 * day (local), site_id, channel, source, medium, campaign, term and sessions (its count); sum
 * `sessions`, never count rows.
 */
export function sessionTouches(scope: RollupScope, bounds: RollupBounds, filters: ReportFilters): SQL {
  const localDay = sql`(s.started_at at time zone ${scope.timeZone})::date`;
  const edge = (from: Date, to: Date, outside: SQL) => sql`
    select ${localDay} as day, s.site_id, s.channel, s.source, s.medium, s.campaign, s.term, 1 as sessions
    from sessions s
    where s.workspace_id = ${scope.workspaceId} and s.started_at >= ${instant(from)} and s.started_at < ${instant(to)}
      ${outside} ${touchFilters('s', filters)}`;
  const { days } = bounds;
  if (days === null) return sql`(${edge(bounds.from, bounds.to, sql``)})`;
  return sql`(
    select s.day, s.site_id, s.channel, s.source, s.medium, s.campaign, s.term, s.sessions
    from session_days s
    where s.workspace_id = ${scope.workspaceId} and s.day >= ${days.first}::date and s.day < ${days.end}::date
      ${touchFilters('s', filters)}
    union all
    ${edge(bounds.from, bounds.headEnd, sql`and ${localDay} < ${days.first}::date`)}
    union all
    ${edge(bounds.tailStart, bounds.to, sql`and ${localDay} >= ${days.end}::date`)}
  )`;
}
