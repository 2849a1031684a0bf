/** The missed-calls page's endpoints: the worklist with its summary, and its CSV export. */
import type { MissedExportQuery, MissedReport, MissedReportQuery } from '@calltrail/protocol';
import { request, searchOf } from '../../api.ts';

export const missedApi = {
  report: (query: MissedReportQuery) =>
    request<MissedReport>('GET', `/api/v1/reports/missed?${searchOf(query)}`),
  /** A plain link downloads with the cookie alone, so it names the workspace in the query. */
  csvUrl: (query: MissedExportQuery, workspaceId: string) =>
    `/api/v1/reports/missed.csv?${searchOf({ workspace: workspaceId, ...query })}`,
};
