/** Ad spend: upload a CSV of costs, read the uploads' reports, and the costs per day and campaign. */
import { AppError } from '@calltrail/core';
import {
  CostQuery,
  CostTotals,
  CostUploadList,
  CostUploadListQuery,
  CostUploadQuery,
  CostUploadResult,
} from '@calltrail/protocol';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { RouteDeps } from '../../app.ts';
import { costTotals, listCostUploads, saveCostUpload } from '../../costs/cost-store.ts';
import { readCostFile } from '../../costs/read-cost-file.ts';
import { acceptCsvBodies } from '../../http/csv-body.ts';
import { getWorkspace } from '../../stores/sql/workspaces.ts';
import { maxReportDays } from '../reports/report-request.ts';
import { security } from '../security.ts';

/** A year of daily rows per campaign from a large account stays well under this. */
const maxFileBytes = 10 * 1024 * 1024;
const dayMs = 86_400_000;

export function costRoutes(deps: RouteDeps): FastifyPluginAsyncTypebox {
  const { db } = deps.database;
  return async (app) => {
    acceptCsvBodies(app, maxFileBytes);

    app.post(
      '',
      {
        schema: {
          tags: ['costs'],
          summary: 'Upload ad spend as CSV',
          description:
            'Header row naming date, source, medium, campaign, keyword (optional), cost, currency in any order ' +
            'and case; comma- or semicolon-separated (a decimal comma is read with semicolons). Dates ' +
            'YYYY-MM-DD or DD.MM.YYYY; currency must be the workspace’s. Valid rows replace stored ones of the ' +
            'same day, source, medium, campaign and keyword; bad rows are reported and left out. Up to 10 MB.',
          security,
          consumes: ['text/csv'],
          querystring: CostUploadQuery,
          body: Type.String({ description: 'The CSV file, UTF-8' }),
          response: { 200: CostUploadResult },
        },
        preHandler: deps.auth.workspace('settings:write'),
      },
      async (request) => {
        const { workspaceId } = request.auth;
        const workspace = await getWorkspace(db, workspaceId);
        if (!workspace) throw new AppError('WORKSPACE_NOT_FOUND');
        const reading = readCostFile(request.body, workspace.currency);
        if (!reading.ok) throw new AppError('COST_COLUMNS_MISSING', { missing: reading.missingColumns });
        const saved = await saveCostUpload(db, {
          workspaceId,
          fileName: request.query.fileName ?? 'costs.csv',
          rows: reading.rows,
          errors: reading.errors,
          now: deps.clock.now(),
        });
        return { ...saved, errors: reading.errors };
      },
    );

    app.get(
      '/uploads',
      {
        schema: {
          tags: ['costs'],
          summary: 'List cost uploads with their row errors, newest first',
          security,
          querystring: CostUploadListQuery,
          response: { 200: CostUploadList },
        },
        preHandler: deps.auth.workspace('settings:read'),
      },
      async (request) => {
        const page = await listCostUploads(db, request.auth.workspaceId, request.query);
        return {
          items: page.items.map((u) => ({
            id: u.id,
            fileName: u.fileName,
            rowsAdded: u.rowsAdded,
            errors: u.errors,
            createdAt: u.createdAt.toISOString(),
          })),
          nextCursor: page.nextCursor,
        };
      },
    );

    app.get(
      '',
      {
        schema: {
          tags: ['costs'],
          summary: 'Costs per day, source, medium and campaign',
          description: `from and to are days, both included, at most ${maxReportDays} days apart.`,
          security,
          querystring: CostQuery,
          response: { 200: CostTotals },
        },
        preHandler: deps.auth.workspace('reports:read'),
      },
      async (request) => {
        const { from, to } = request.query;
        const days = (Date.parse(to) - Date.parse(from)) / dayMs;
        if (days < 0) throw new AppError('INVALID_PERIOD', { from, to });
        if (days >= maxReportDays)
          throw new AppError('PERIOD_TOO_LONG', { from, to, maxDays: maxReportDays });
        const workspace = await getWorkspace(db, request.auth.workspaceId);
        if (!workspace) throw new AppError('WORKSPACE_NOT_FOUND');
        return { currency: workspace.currency, items: await costTotals(db, workspace.id, from, to) };
      },
    );
  };
}
