/**
 * Repeat calls and revenue per customer by first-touch source: a cohort of callers whose first
 * inbound call started in the period, grouped by the first touch of that call, with everything they
 * have called and bought since (lifetime to date).
 */
import type { CustomersGroupBy, CustomersRow } from '@calltrail/protocol';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { rowsOf } from '../stores/sql/raw-rows.ts';
import { creditedTouch, instant } from './report-scope.ts';

export interface CustomersScope {
  workspaceId: string;
  groupBy: CustomersGroupBy;
  siteId?: string | undefined;
  from: Date;
  to: Date;
  /** Calls up to now count: the report is lifetime to date. */
  now: Date;
}

export interface CustomersResult {
  rows: CustomersRow[];
  totals: Omit<CustomersRow, 'key'>;
}

const columns: Record<CustomersGroupBy, string> = {
  channel: 'channel',
  source: 'source',
  campaign: 'campaign',
};

interface Counts {
  customers: number;
  calls: number;
  qualifiedCalls: number;
  deals: number;
  revenue: number;
}

function metrics(c: Counts): Omit<CustomersRow, 'key'> {
  return {
    ...c,
    repeatCalls: c.calls - c.customers,
    callsPerCustomer: c.customers === 0 ? 0 : c.calls / c.customers,
    revenuePerCustomer: c.customers === 0 ? 0 : c.revenue / c.customers,
  };
}

export async function customersReport(db: Db, scope: CustomersScope): Promise<CustomersResult> {
  const { workspaceId } = scope;
  const col = sql.raw(columns[scope.groupBy]);
  const result = await db.execute(sql`
    with period_callers as (
      select distinct c.caller from calls c
      where c.workspace_id = ${workspaceId} and c.direction = 'inbound' and c.caller is not null
        and c.started_at >= ${instant(scope.from)} and c.started_at < ${instant(scope.to)}
    ),
    first_calls as (
      select distinct on (c.caller) c.caller, c.started_at, c.visitor_id, c.session_id
      from calls c join period_callers p on p.caller = c.caller
      where c.workspace_id = ${workspaceId} and c.direction = 'inbound'
      order by c.caller, c.started_at, c.id
    ),
    cohort as (
      select c.caller, t.${col} as k
      from first_calls c
      left join ${creditedTouch('first', workspaceId)} on true
      where c.started_at >= ${instant(scope.from)} and c.started_at < ${instant(scope.to)}
        ${scope.siteId === undefined ? sql`` : sql`and t.site_id = ${scope.siteId}`}
    )
    select h.k, grouping(h.k) as total,
      count(distinct h.caller)::float8 as customers,
      count(a.id)::float8 as calls,
      count(a.id) filter (where a.qualified)::float8 as qualified_calls,
      count(a.id) filter (where a.deal_value > 0)::float8 as deals,
      coalesce(sum(a.deal_value), 0)::float8 as revenue
    from cohort h
    join calls a on a.workspace_id = ${workspaceId} and a.direction = 'inbound' and a.caller = h.caller
      and a.started_at < ${instant(scope.now)}
    group by grouping sets ((h.k), ())
  `);
  const rows: CustomersRow[] = [];
  let totals = metrics({ customers: 0, calls: 0, qualifiedCalls: 0, deals: 0, revenue: 0 });
  for (const row of rowsOf(result)) {
    const counted = metrics({
      customers: Number(row.customers),
      calls: Number(row.calls),
      qualifiedCalls: Number(row.qualified_calls),
      deals: Number(row.deals),
      revenue: Number(row.revenue),
    });
    if (Number(row.total) === 1) totals = counted;
    else rows.push({ key: row.k === null ? null : String(row.k), ...counted });
  }
  rows.sort(
    (a, b) => b.customers - a.customers || b.revenue - a.revenue || (a.key ?? '').localeCompare(b.key ?? ''),
  );
  return { rows, totals };
}
