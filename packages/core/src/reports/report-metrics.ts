/**
 * The sources report's figures: what a group of sessions and calls converted, lost, cost and earned,
 * derived from counts a database can sum. Every ratio is null where its denominator is zero, so a
 * report never shows a 0 % or an infinite ROMI that the data does not support.
 */

/** What one group (a channel, source, campaign, keyword or landing page) counted in a period. */
export interface ReportCounts {
  sessions: number;
  calls: number;
  uniqueCallers: number;
  firstTimeCalls: number;
  answered: number;
  missed: number;
  qualified: number;
  /** Sum and count of the calls whose wait time is known. */
  waitSecondsSum: number;
  waitSecondsCount: number;
  /** Ad spend in the workspace's currency; null when costs cannot be split to this group. */
  cost: number | null;
  /** Sum of the calls' deal values. */
  revenue: number;
  /** Calls with a deal value above zero. */
  deals: number;
}

export interface ReportRatios {
  /** calls / sessions. */
  conversion: number | null;
  /** qualified / calls. */
  qualifiedShare: number | null;
  /** missed / calls. */
  missedShare: number | null;
  meanWaitSeconds: number | null;
  /** Cost per lead: cost / calls. */
  cpl: number | null;
  /** Cost per order: cost / deals. */
  cpo: number | null;
  /** Return on marketing investment: (revenue − cost) / cost. */
  romi: number | null;
}

export type ReportMetrics = ReportCounts & ReportRatios;

/** a / b, or null when b is zero or either is unknown. */
export function ratioOrNull(a: number | null, b: number | null): number | null {
  if (a === null || b === null || b === 0) return null;
  return a / b;
}

export function reportRatios(counts: ReportCounts): ReportRatios {
  const { cost } = counts;
  return {
    conversion: ratioOrNull(counts.calls, counts.sessions),
    qualifiedShare: ratioOrNull(counts.qualified, counts.calls),
    missedShare: ratioOrNull(counts.missed, counts.calls),
    meanWaitSeconds: ratioOrNull(counts.waitSecondsSum, counts.waitSecondsCount),
    cpl: ratioOrNull(cost, counts.calls),
    cpo: ratioOrNull(cost, counts.deals),
    romi: cost === null ? null : ratioOrNull(counts.revenue - cost, cost),
  };
}

export function reportMetrics(counts: ReportCounts): ReportMetrics {
  return { ...counts, ...reportRatios(counts) };
}

/** A group with nothing counted, for a key present in only one of the compared periods. */
export const emptyCounts: ReportCounts = {
  sessions: 0,
  calls: 0,
  uniqueCallers: 0,
  firstTimeCalls: 0,
  answered: 0,
  missed: 0,
  qualified: 0,
  waitSecondsSum: 0,
  waitSecondsCount: 0,
  cost: null,
  revenue: 0,
  deals: 0,
};
