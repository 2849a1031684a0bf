/** The endpoints the sources report reads. */
import type {
  CustomersReport,
  CustomersReportQuery,
  Heatmap,
  ReportPeriodQuery,
  SiteList,
  SourcesReport,
  SourcesReportQuery,
  Timeseries,
} from '@calltrail/protocol';
import type { Static } from 'typebox';
import { request, searchOf } from '../../api.ts';

/** The period and drill-down filters, without what only the table takes. */
export function periodQuery(query: SourcesReportQuery): ReportPeriodQuery {
  const { compareFrom: _compareFrom, compareTo: _compareTo, groupBy: _groupBy, ...rest } = query;
  return rest;
}

export const sourcesApi = {
  sources: (query: SourcesReportQuery) =>
    request<SourcesReport>('GET', `/api/v1/reports/sources?${searchOf(query)}`),
  heatmap: (query: ReportPeriodQuery) =>
    request<Heatmap>('GET', `/api/v1/reports/heatmap?${searchOf(query)}`),
  timeseries: (query: ReportPeriodQuery) =>
    request<Timeseries>('GET', `/api/v1/reports/timeseries?${searchOf(query)}`),
  customers: (query: CustomersReportQuery) =>
    request<CustomersReport>('GET', `/api/v1/reports/customers?${searchOf(query)}`),
  sites: () => request<Static<typeof SiteList>>('GET', '/api/v1/sites?limit=200'),
};

/**
 * A CSV download is a plain link the browser follows, so it cannot send `X-Workspace-Id`: the
 * workspace goes in the query instead.
 */
export function csvHref(report: 'sources' | 'customers', query: object, workspaceId: string): string {
  return `/api/v1/reports/${report}.csv?${searchOf({ ...query, workspace: workspaceId })}`;
}
