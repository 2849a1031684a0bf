/**
 * The sources report's counts for one period, in one SQL statement for PostgreSQL 15 and PGlite alike:
 * sessions by their own touch, inbound calls by the touch credited with them (core's `touch-credit.ts`),
 * ad costs by UTM, each grouped with GROUPING SETS so the totals (unique callers above all) are counted,
 * not summed from the rows.
 */
import { emptyCounts, periodDays, type ReportCounts, type TouchModel } from '@calltrail/core';
import type { ReportGroupBy } from '@calltrail/protocol';
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { rowsOf } from '../stores/sql/raw-rows.ts';
import {
  callsToCredit,
  creditedTouch,
  instant,
  landingPageOf,
  missedStatuses,
  type ReportFilters,
  reportTransaction,
  touchFilters,
} from './report-scope.ts';
import { type RollupBounds, rollupBounds, sessionTouches } from './session-rollup.ts';

export interface SourcesScope extends ReportFilters {
  workspaceId: string;
  timeZone: string;
  currency: string;
  groupBy: ReportGroupBy;
  touch: TouchModel;
}

export interface GroupCounts {
  key: string | null;
  counts: ReportCounts;
}

export interface PeriodCounts {
  rows: GroupCounts[];
  totals: ReportCounts;
}

/** The sessions column of each grouping; names come from this table only, never from the request. */
const sessionColumn: Record<ReportGroupBy, string> = {
  channel: 'channel',
  source: 'source',
  campaign: 'campaign',
  term: 'term',
  landingPage: 'landing_page',
};

/**
 * The ad_costs expression of each grouping. A cost row has no channel, so it takes the channel most of
 * the period's sessions with its source, medium and campaign had. Campaign-wide costs (no keyword)
 * fall into the "no term" row; costs cannot be split by landing page and count in the totals only.
 */
const costKey: Record<ReportGroupBy, string> = {
  channel: 'cc.channel',
  source: 'a.source',
  campaign: 'a.campaign',
  term: "nullif(a.keyword, '')",
  landingPage: 'null::text',
};

/**
 * `(…)` with the grouped column and `sessions` per row: the rollup has every column but the landing
 * page, which only the sessions themselves hold.
 */
function sessionsByTouch(scope: SourcesScope, bounds: RollupBounds): SQL {
  if (scope.groupBy !== 'landingPage') return sessionTouches(scope, bounds, scope);
  return sql`(
    select ${landingPageOf('s.landing_page')} as landing_page, 1 as sessions from sessions s
    where s.workspace_id = ${scope.workspaceId}
      and s.started_at >= ${instant(bounds.from)} and s.started_at < ${instant(bounds.to)}
      ${touchFilters('s', scope)}
  )`;
}

/** Counts per group and in total for [from, to). */
export async function sourcesCounts(
  db: Db,
  scope: SourcesScope,
  from: Date,
  to: Date,
): Promise<PeriodCounts> {
  const col = sql.raw(sessionColumn[scope.groupBy]);
  const days = periodDays(from, to, scope.timeZone);

  const costFilters: SQL[] = [];
  if (scope.source !== undefined) costFilters.push(sql` and a.source = ${scope.source}`);
  if (scope.campaign !== undefined) costFilters.push(sql` and a.campaign = ${scope.campaign}`);
  // A cost row has no channel or site: it borrows them from the period's sessions of its campaign, and
  // with a site chosen only the campaigns its sessions ran count. Otherwise the join is left out.
  const costJoin =
    scope.siteId !== undefined || scope.channel !== undefined
      ? sql`join cost_channels cc on cc.source = a.source and cc.medium = a.medium and cc.campaign = a.campaign
          ${scope.channel !== undefined ? sql`and cc.channel = ${scope.channel}` : sql``}`
      : scope.groupBy === 'channel'
        ? sql`left join cost_channels cc on cc.source = a.source and cc.medium = a.medium and cc.campaign = a.campaign`
        : sql``;

  const result = await reportTransaction(db, async (tx) => {
    const bounds = await rollupBounds(tx, scope, from, to);
    return tx.execute(sql`
    with session_groups as (
      select s.${col} as k, grouping(s.${col}) as total, sum(s.sessions)::float8 as sessions
      from ${sessionsByTouch(scope, bounds)} s
      group by grouping sets ((s.${col}), ())
    ),
    period_calls as (
      select c.caller, c.first_time, c.answered_at, c.status, c.qualified, c.wait_seconds, c.deal_value,
        t.channel, t.source, t.campaign, t.term, t.landing_page, t.site_id
      from ${callsToCredit(scope.touch, scope.workspaceId, from, to)}
      left join ${creditedTouch(scope.touch, scope.workspaceId)} on true
    ),
    call_groups as (
      select pc.${col} as k, grouping(pc.${col}) as total,
        count(*)::float8 as calls,
        count(distinct pc.caller)::float8 as unique_callers,
        count(*) filter (where pc.first_time)::float8 as first_time_calls,
        count(*) filter (where pc.answered_at is not null)::float8 as answered,
        count(*) filter (where pc.status in ${missedStatuses})::float8 as missed,
        count(*) filter (where pc.qualified)::float8 as qualified,
        coalesce(sum(pc.wait_seconds), 0)::float8 as wait_seconds_sum,
        count(pc.wait_seconds)::float8 as wait_seconds_count,
        coalesce(sum(pc.deal_value), 0)::float8 as revenue,
        count(*) filter (where pc.deal_value > 0)::float8 as deals
      from period_calls pc
      where true ${touchFilters('pc', scope)}
      group by grouping sets ((pc.${col}), ())
    ),
    cost_channels as materialized (
      select distinct on (1, 2, 3) s.source, coalesce(s.medium, '') as medium, s.campaign, s.channel
      from ${sessionTouches(scope, bounds, { siteId: scope.siteId })} s
      where s.source is not null and s.campaign is not null
      group by 1, 2, 3, 4
      order by 1, 2, 3, sum(s.sessions) desc, 4
    ),
    period_costs as materialized (
      -- Summed per campaign and keyword before the channel join: a few hundred rows, not one a day.
      select a.source, a.medium, a.campaign, a.keyword, sum(a.cost) as cost
      from ad_costs a
      where a.workspace_id = ${scope.workspaceId} and a.currency = ${scope.currency}
        and a.day >= ${days.first}::date and a.day <= ${days.last}::date
        ${sql.join(costFilters, sql``)}
      group by 1, 2, 3, 4
    ),
    cost_groups as (
      select ${sql.raw(costKey[scope.groupBy])} as k, grouping(${sql.raw(costKey[scope.groupBy])}) as total,
        sum(a.cost)::float8 as cost
      from period_costs a
      ${costJoin}
      group by grouping sets ((${sql.raw(costKey[scope.groupBy])}), ())
    ),
    parts as (
      select total, k, sessions, 0 as calls, 0 as unique_callers, 0 as first_time_calls, 0 as answered,
        0 as missed, 0 as qualified, 0 as wait_seconds_sum, 0 as wait_seconds_count, 0 as revenue,
        0 as deals, null::float8 as cost
      from session_groups
      union all
      select total, k, 0, calls, unique_callers, first_time_calls, answered, missed, qualified,
        wait_seconds_sum, wait_seconds_count, revenue, deals, null
      from call_groups
      union all
      select total, k, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, cost from cost_groups
    )
    select total, k, sum(sessions) as sessions, sum(calls) as calls, sum(unique_callers) as unique_callers,
      sum(first_time_calls) as first_time_calls, sum(answered) as answered, sum(missed) as missed,
      sum(qualified) as qualified, sum(wait_seconds_sum) as wait_seconds_sum,
      sum(wait_seconds_count) as wait_seconds_count, sum(revenue) as revenue, sum(deals) as deals,
      sum(cost) as cost
    from parts
    group by total, k
  `);
  });

  const rows: GroupCounts[] = [];
  let totals: ReportCounts = { ...emptyCounts, cost: 0 };
  for (const row of rowsOf(result)) {
    const counts = toCounts(row, scope.groupBy);
    if (Number(row.total) === 1) totals = { ...counts, cost: counts.cost ?? 0 };
    else rows.push({ key: row.k === null ? null : String(row.k), counts });
  }
  return { rows, totals };
}

function toCounts(row: Record<string, unknown>, groupBy: ReportGroupBy): ReportCounts {
  const n = (v: unknown) => Number(v ?? 0);
  const splitCost = groupBy !== 'landingPage' || Number(row.total) === 1;
  return {
    sessions: n(row.sessions),
    calls: n(row.calls),
    uniqueCallers: n(row.unique_callers),
    firstTimeCalls: n(row.first_time_calls),
    answered: n(row.answered),
    missed: n(row.missed),
    qualified: n(row.qualified),
    waitSecondsSum: n(row.wait_seconds_sum),
    waitSecondsCount: n(row.wait_seconds_count),
    // A group with no cost rows spent nothing we know of; by landing page, cost is unknown per row.
    cost: splitCost ? n(row.cost) : null,
    revenue: n(row.revenue),
    deals: n(row.deals),
  };
}
