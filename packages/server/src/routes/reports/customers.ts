/** GET /reports/customers and /reports/customers.csv: repeat calls and revenue per customer by first touch. */
import {
  type CustomersReport,
  CustomersReportQuery,
  CustomersReport as CustomersReportSchema,
  type CustomersRow,
} from '@calltrail/protocol';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { RouteDeps } from '../../app.ts';
import type { Db } from '../../db/database.ts';
import { customersReport } from '../../reports/customers-report.ts';
import { security } from '../security.ts';
import { sendReportCsv } from './report-csv.ts';
import { reportPeriodOrLast, reportWorkspace } from './report-request.ts';

const defaultDays = 90;

const description =
  'A cohort: the callers (withheld ones aside) whose first inbound call to the workspace ever started in ' +
  `the period (by default the ${defaultDays} days before now), grouped by the first touch of that call: the ` +
  'caller’s visitor’s earliest session, else the session the call was attributed to. For each group, all ' +
  'their inbound calls up to now: repeat calls (calls − customers), qualified calls, deals and revenue, ' +
  'and revenue per customer (lifetime value to date).';

const metricNames = [
  'customers',
  'calls',
  'repeatCalls',
  'callsPerCustomer',
  'qualifiedCalls',
  'deals',
  'revenue',
  'revenuePerCustomer',
] as const satisfies readonly (keyof Omit<CustomersRow, 'key'>)[];

async function customersOf(
  db: Db,
  workspaceId: string,
  q: CustomersReportQuery,
  now: Date,
): Promise<CustomersReport> {
  const period = reportPeriodOrLast(q, now, defaultDays);
  const workspace = await reportWorkspace(db, workspaceId);
  const groupBy = q.groupBy ?? 'channel';
  const report = await customersReport(db, { workspaceId, groupBy, siteId: q.siteId, ...period, now });
  return {
    currency: workspace.currency,
    from: period.from.toISOString(),
    to: period.to.toISOString(),
    groupBy,
    ...report,
  };
}

export function customersRoutes(deps: RouteDeps): FastifyPluginAsyncTypebox {
  const { db } = deps.database;
  return async (app) => {
    app.get(
      '/customers',
      {
        schema: {
          tags: ['reports'],
          summary: 'Repeat calls and revenue per customer (LTV) by first-touch channel, source or campaign',
          description,
          security,
          querystring: CustomersReportQuery,
          response: { 200: CustomersReportSchema },
        },
        preHandler: deps.auth.workspace('reports:read'),
      },
      async (request) => customersOf(db, request.auth.workspaceId, request.query, deps.clock.now()),
    );

    app.get(
      '/customers.csv',
      {
        schema: {
          tags: ['reports'],
          summary: 'Export the customers report as CSV',
          description: `${description} A line per group, then the totals; UTF-8 with a byte order mark.`,
          security,
          querystring: CustomersReportQuery,
          produces: ['text/csv'],
          response: { 200: Type.String({ description: 'text/csv' }) },
        },
        preHandler: deps.auth.workspace('reports:read'),
      },
      async (request, reply) => {
        const report = await customersOf(db, request.auth.workspaceId, request.query, deps.clock.now());
        return sendReportCsv(
          reply,
          { name: 'customers.csv', keyColumn: report.groupBy, columns: metricNames },
          report.rows.map((row) => ({ key: row.key, cells: metricNames.map((m) => row[m]) })),
          metricNames.map((m) => report.totals[m]),
        );
      },
    );
  };
}
