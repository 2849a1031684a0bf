/** What every report request needs: its period, checked, and its workspace's settings. */
import { AppError } from '@calltrail/core';
import type { Db } from '../../db/database.ts';
import type { Period } from '../../reports/sources-report.ts';
import { getWorkspace } from '../../stores/sql/workspaces.ts';

/** A year and a day: last year against this one, leap years included, and a bound on one request. */
export const maxReportDays = 366;
const dayMs = 86_400_000;

/** A period from two query timestamps, checked; `names` say which fields the error points at. */
export function reportPeriod(from: string, to: string, names = { from: 'from', to: 'to' }): Period {
  const period = { from: new Date(from), to: new Date(to) };
  if (period.to <= period.from) throw new AppError('INVALID_PERIOD', { [names.from]: from, [names.to]: to });
  if (period.to.getTime() - period.from.getTime() > maxReportDays * dayMs) {
    throw new AppError(
      'PERIOD_TOO_LONG',
      { maxDays: maxReportDays },
      `The period is longer than ${maxReportDays} days`,
    );
  }
  return period;
}

/** The query's period; an end it leaves out is now, a start it leaves out `defaultDays` before the end. */
export function reportPeriodOrLast(
  query: { from?: string | undefined; to?: string | undefined },
  now: Date,
  defaultDays: number,
): Period {
  const to = query.to ?? now.toISOString();
  const from = query.from ?? new Date(new Date(to).getTime() - defaultDays * dayMs).toISOString();
  return reportPeriod(from, to);
}

/** The workspace a report is for (its time zone and currency). */
export async function reportWorkspace(db: Db, workspaceId: string) {
  const workspace = await getWorkspace(db, workspaceId);
  if (!workspace) throw new AppError('WORKSPACE_NOT_FOUND', { id: workspaceId });
  return workspace;
}
