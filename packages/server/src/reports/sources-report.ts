/** The sources report: one period's counts (and a comparison period's) turned into figures and changes. */
import {
  type Change,
  emptyCounts,
  periodChanges,
  type ReportCounts,
  type ReportMetrics,
  reportMetrics,
} from '@calltrail/core';
import type { SourcesReportRow } from '@calltrail/protocol';
import type { Db } from '../db/database.ts';
import { type GroupCounts, type SourcesScope, sourcesCounts } from './sources-counts.ts';

export interface Period {
  from: Date;
  to: Date;
}

export interface SourcesReportResult {
  rows: SourcesReportRow[];
  totals: Omit<SourcesReportRow, 'key'>;
}

function withComparison(
  current: ReportCounts,
  previous: ReportCounts | undefined,
): { metrics: ReportMetrics; comparison?: { metrics: ReportMetrics; change: Record<string, Change> } } {
  const metrics = reportMetrics(current);
  if (!previous) return { metrics };
  const before = reportMetrics(previous);
  return { metrics, comparison: { metrics: before, change: periodChanges(metrics, before) } };
}

/** Most calls first, then most sessions, then by key, so the order is stable. */
function byCallsThenSessions(a: GroupCounts, b: GroupCounts): number {
  return (
    b.counts.calls - a.counts.calls ||
    b.counts.sessions - a.counts.sessions ||
    (a.key ?? '').localeCompare(b.key ?? '')
  );
}

/**
 * Every group of the current period, and those only the comparison period had (with zeros now, so a
 * campaign that stopped still shows its fall).
 */
export async function sourcesReport(
  db: Db,
  scope: SourcesScope,
  period: Period,
  comparePeriod?: Period,
): Promise<SourcesReportResult> {
  const [current, previous] = await Promise.all([
    sourcesCounts(db, scope, period.from, period.to),
    comparePeriod ? sourcesCounts(db, scope, comparePeriod.from, comparePeriod.to) : undefined,
  ]);
  const previousByKey = new Map((previous?.rows ?? []).map((r) => [r.key, r.counts]));
  const groups: GroupCounts[] = [...current.rows];
  const seen = new Set(current.rows.map((r) => r.key));
  for (const r of previous?.rows ?? []) {
    if (!seen.has(r.key)) groups.push({ key: r.key, counts: { ...emptyCounts, cost: zeroCost(r.counts) } });
  }
  groups.sort(byCallsThenSessions);
  return {
    rows: groups.map((g) => {
      const before = previous && (previousByKey.get(g.key) ?? { ...emptyCounts, cost: zeroCost(g.counts) });
      return { key: g.key, ...withComparison(g.counts, before) };
    }),
    totals: withComparison(current.totals, previous?.totals),
  };
}

/** A group absent from a period counted nothing there: zero cost where costs split at all. */
function zeroCost(counts: ReportCounts): number | null {
  return counts.cost === null ? null : 0;
}
