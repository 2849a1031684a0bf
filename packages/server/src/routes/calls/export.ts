/**
 * The call log as a CSV file, with the list's filters: callers masked as the API masks them for
 * the role, and every cell a user or a visitor could have typed defused against formulas.
 */
import { Readable } from 'node:stream';
import { AppError, type CsvCell, csvLines, type Role } from '@calltrail/core';
import { CallExportQuery, type CallRecord } from '@calltrail/protocol';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { RouteDeps } from '../../app.ts';
import { type CallFilter, listCalls } from '../../calls/list-calls.ts';
import type { Db } from '../../db/database.ts';
import { security } from '../security.ts';
import { toCallRecord } from './index.ts';

/** A spreadsheet chokes long before this; a bigger export wants a narrower period. */
export const exportRowLimit = 100_000;
const pageSize = 1000;

const columns: [string, (call: CallRecord) => CsvCell][] = [
  ['id', (c) => c.id],
  ['started_at', (c) => c.startedAt],
  ['direction', (c) => c.direction],
  ['status', (c) => c.status],
  ['caller', (c) => c.caller],
  ['tracking_number', (c) => c.trackingNumber ?? c.trackingNumberRaw],
  ['wait_seconds', (c) => c.waitSeconds],
  ['talk_seconds', (c) => c.talkSeconds],
  ['agent', (c) => c.agent],
  ['queue', (c) => c.queue],
  ['channel', (c) => c.channel],
  ['source', (c) => c.session?.touch.source],
  ['medium', (c) => c.session?.touch.medium],
  ['campaign', (c) => c.session?.touch.campaign],
  ['term', (c) => c.session?.touch.term],
  ['landing_page', (c) => c.session?.landingPage],
  ['attribution', (c) => c.attribution.status],
  ['confidence', (c) => c.attribution.confidence],
  ['first_time', (c) => c.firstTime],
  ['repeat', (c) => c.repeat],
  ['tags', (c) => c.tags.join(', ')],
  ['rating', (c) => c.rating],
  ['qualified', (c) => c.qualified],
  ['deal_value', (c) => c.dealValue],
];

/** The filtered calls, newest first, a page at a time, at most `exportRowLimit` of them. */
async function* exportedRows(
  db: Db,
  workspaceId: string,
  role: Role,
  filter: CallFilter,
  onTruncated: () => void,
): AsyncGenerator<CsvCell[]> {
  let cursor: string | undefined;
  let written = 0;
  do {
    const page = await listCalls(db, workspaceId, { ...filter, cursor, limit: pageSize }, role);
    for (const row of page.items) {
      if (written === exportRowLimit) {
        onTruncated();
        return;
      }
      const call = toCallRecord(row, role, null);
      yield columns.map(([, cell]) => cell(call));
      written++;
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

export function exportRoutes(deps: RouteDeps): FastifyPluginAsyncTypebox {
  const { db } = deps.database;
  return async (app) => {
    app.get(
      '/export.csv',
      {
        schema: {
          tags: ['calls'],
          summary: 'Export the call log as CSV',
          description:
            `The filters of GET /calls, newest first, at most ${exportRowLimit} rows. UTF-8 with a byte ` +
            'order mark. Callers are masked for roles that may not see them. Text beginning with =, +, -, @, ' +
            'tab or carriage return is prefixed with an apostrophe (numbers are not). The rows stream, so ' +
            'whether the limit cut them is known at the end: the trailer X-Calltrail-Truncated says it.',
          security,
          querystring: CallExportQuery,
          produces: ['text/csv'],
          response: { 200: Type.String({ description: 'text/csv' }) },
        },
        preHandler: deps.auth.workspace('calls:read'),
      },
      async (request, reply) => {
        const { from, to } = request.query;
        if (from && to && new Date(to) < new Date(from)) throw new AppError('INVALID_PERIOD', { from, to });
        const { workspaceId, role } = request.auth;
        let truncated = false;
        const rows = exportedRows(db, workspaceId, role, request.query, () => {
          truncated = true;
        });
        reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="calls.csv"')
          .header('x-calltrail-row-limit', String(exportRowLimit))
          .trailer('x-calltrail-truncated', async () => String(truncated));
        const file = Readable.from(
          csvLines(
            columns.map(([name]) => name),
            rows,
          ),
        );
        // The schema documents the body as text; Fastify streams it without serialising.
        return reply.send(file as never);
      },
    );
  };
}
