/** GET /reports/sources and /reports/sources.csv: the sources report as JSON, or its table as a file. */
import { AppError } from '@calltrail/core';
import { ReportMetricsSchema, SourcesReport, SourcesReportQuery } from '@calltrail/protocol';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { RouteDeps } from '../../app.ts';
import type { Db } from '../../db/database.ts';
import { sourcesReport } from '../../reports/sources-report.ts';
import { security } from '../security.ts';
import { sendReportCsv } from './report-csv.ts';
import { maxReportDays, reportPeriod, reportWorkspace } from './report-request.ts';

/** The report's figures, in the order of the API's schema. */
const metricNames = Object.keys(
  ReportMetricsSchema.properties,
) as (keyof SourcesReport['totals']['metrics'])[];

async function sourcesOf(db: Db, workspaceId: string, q: SourcesReportQuery): Promise<SourcesReport> {
  const period = reportPeriod(q.from, q.to);
  if ((q.compareFrom === undefined) !== (q.compareTo === undefined)) {
    throw new AppError('INVALID_PERIOD', { compareFrom: q.compareFrom, compareTo: q.compareTo });
  }
  const comparePeriod =
    q.compareFrom !== undefined && q.compareTo !== undefined
      ? reportPeriod(q.compareFrom, q.compareTo, { from: 'compareFrom', to: 'compareTo' })
      : undefined;
  const workspace = await reportWorkspace(db, workspaceId);
  const groupBy = q.groupBy ?? 'channel';
  const touch = q.touch ?? 'last';
  const report = await sourcesReport(
    db,
    {
      workspaceId: workspace.id,
      timeZone: workspace.timeZone,
      currency: workspace.currency,
      groupBy,
      touch,
      channel: q.channel,
      source: q.source,
      campaign: q.campaign,
      siteId: q.siteId,
    },
    period,
    comparePeriod,
  );
  return {
    groupBy,
    touch,
    from: period.from.toISOString(),
    to: period.to.toISOString(),
    ...(comparePeriod && {
      compareFrom: comparePeriod.from.toISOString(),
      compareTo: comparePeriod.to.toISOString(),
    }),
    currency: workspace.currency,
    ...report,
  };
}

/** Per group the figures, then with a comparison the comparison period's and each change. */
function csvCells(
  row: Pick<SourcesReport['totals'], 'metrics' | 'comparison'>,
  compared: boolean,
): (number | null)[] {
  const current = metricNames.map((name) => row.metrics[name]);
  if (!compared) return current;
  return [
    ...current,
    ...metricNames.map((name) => row.comparison?.metrics[name] ?? null),
    ...metricNames.map((name) => row.comparison?.change[name]?.relative ?? null),
  ];
}

export function sourcesRoutes(deps: RouteDeps): FastifyPluginAsyncTypebox {
  const { db } = deps.database;
  return async (app) => {
    app.get(
      '/sources',
      {
        schema: {
          tags: ['reports'],
          summary: 'Sessions, calls, costs and revenue per channel, source, campaign, term or landing page',
          description:
            'Drill down channel → source → campaign → term by passing the chosen values as filters and the next ' +
            'level as groupBy. Sessions count by their own touch; inbound calls by the touch credited with them ' +
            '(touch=last: the session attribution matched; touch=first: the visitor’s earliest session ever); ' +
            'costs by UTM source, medium and campaign (and keyword by term) over the local days the period touches. ' +
            `Periods are at most ${maxReportDays} days; with compareFrom and compareTo each row carries the ` +
            'comparison period’s figures and the change.',
          security,
          querystring: SourcesReportQuery,
          response: { 200: SourcesReport },
        },
        preHandler: deps.auth.workspace('reports:read'),
      },
      async (request) => sourcesOf(db, request.auth.workspaceId, request.query),
    );

    app.get(
      '/sources.csv',
      {
        schema: {
          tags: ['reports'],
          summary: 'Export the sources report as CSV',
          description:
            'The query of GET /reports/sources; a line per group, then the totals. With a comparison period, ' +
            'each figure is followed by the comparison period’s (<metric>_previous) and the relative change ' +
            '(<metric>_change). UTF-8 with a byte order mark; keys beginning with =, +, -, @ are defused.',
          security,
          querystring: SourcesReportQuery,
          produces: ['text/csv'],
          response: { 200: Type.String({ description: 'text/csv' }) },
        },
        preHandler: deps.auth.workspace('reports:read'),
      },
      async (request, reply) => {
        const report = await sourcesOf(db, request.auth.workspaceId, request.query);
        const compared = report.compareFrom !== undefined;
        const columns = compared
          ? [
              ...metricNames,
              ...metricNames.map((m) => `${m}Previous`),
              ...metricNames.map((m) => `${m}Change`),
            ]
          : metricNames;
        return sendReportCsv(
          reply,
          { name: 'sources.csv', keyColumn: report.groupBy, columns },
          report.rows.map((row) => ({ key: row.key, cells: csvCells(row, compared) })),
          csvCells(report.totals, compared),
        );
      },
    );
  };
}
