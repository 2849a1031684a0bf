/** GET /reports/missed and /reports/missed.csv: the missed-calls worklist, a page or the whole file. */

import { Readable } from 'node:stream';
import type { Role } from '@calltrail/core';
import { type CsvCell, csvLines } from '@calltrail/core';
import { MissedExportQuery, MissedReport, MissedReportQuery } from '@calltrail/protocol';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { RouteDeps } from '../../app.ts';
import type { Db } from '../../db/database.ts';
import { callRowsById, type MissedItem, type MissedScope, missedCalls } from '../../reports/missed-calls.ts';
import { callbackWindowHours } from '../../reports/missed-state.ts';
import { decodeCursor, encodeCursor } from '../../stores/sql/pagination.ts';
import { recordingsOfCalls } from '../../stores/sql/recordings.ts';
import { toCallRecord } from '../calls/index.ts';
import { security } from '../security.ts';
import { reportPeriodOrLast } from './report-request.ts';

const defaultDays = 7;
const csvBatch = 1000;

const description =
  `Missed inbound calls (missed, busy or failed) of the period, newest first; by default the last ${defaultDays} days. ` +
  `Within ${callbackWindowHours} h of each: an answered outbound call to the caller makes it called_back, ` +
  'else an answered call from the caller caller_reached; else outbound attempts make it attempted, and ' +
  `nothing pending, until the ${callbackWindowHours} h are over: then it is lost. Withheld callers cannot be ` +
  'called back. Callers are masked for roles that may not see them.';

/** The query's period, defaulting to the week before now. */
function missedScope(
  workspaceId: string,
  query: { from?: string | undefined; to?: string | undefined; siteId?: string | undefined },
  now: Date,
): MissedScope {
  return { workspaceId, ...reportPeriodOrLast(query, now, defaultDays), siteId: query.siteId };
}

/** Items after the cursor (newest first), at most `limit`, and the next cursor. */
function pageOf(items: MissedItem[], cursor: string | undefined, limit: number) {
  const key = cursor === undefined ? null : decodeCursor(cursor);
  const after = key
    ? items.filter(
        (i) => i.startedAt < key.at || (i.startedAt.getTime() === key.at.getTime() && i.id < key.id),
      )
    : items;
  const page = after.slice(0, limit);
  const last = page.at(-1);
  return {
    page,
    nextCursor: after.length > limit && last ? encodeCursor({ at: last.startedAt, id: last.id }) : null,
  };
}

function withCallback(item: MissedItem) {
  return {
    state: item.state,
    attempts: item.attempts,
    callback: item.callback && { ...item.callback, startedAt: item.callback.startedAt.toISOString() },
  };
}

/** The rows of the CSV file: every item, its call read a batch at a time. */
async function* csvRows(
  db: Db,
  workspaceId: string,
  role: Role,
  items: MissedItem[],
): AsyncGenerator<CsvCell[]> {
  for (let i = 0; i < items.length; i += csvBatch) {
    const batch = items.slice(i, i + csvBatch);
    const rows = new Map(
      (
        await callRowsById(
          db,
          workspaceId,
          batch.map((b) => b.id),
        )
      ).map((r) => [r.call.id, r]),
    );
    for (const item of batch) {
      const row = rows.get(item.id);
      if (!row) continue;
      const call = toCallRecord(row, role, null);
      yield [
        call.startedAt,
        call.caller,
        call.trackingNumber ?? call.trackingNumberRaw,
        call.channel,
        row.call.source,
        item.state,
        item.callback?.afterSeconds,
        item.attempts,
      ];
    }
  }
}

export function missedRoutes(deps: RouteDeps): FastifyPluginAsyncTypebox {
  const { db } = deps.database;
  return async (app) => {
    app.get(
      '/missed',
      {
        schema: {
          tags: ['reports'],
          summary: 'Missed calls and whether each was called back',
          description,
          security,
          querystring: MissedReportQuery,
          response: { 200: MissedReport },
        },
        preHandler: deps.auth.workspace('calls:read'),
      },
      async (request) => {
        const { workspaceId, role } = request.auth;
        const q = request.query;
        const { items, summary } = await missedCalls(
          db,
          missedScope(workspaceId, q, deps.clock.now()),
          deps.clock.now(),
        );
        const listed = q.state === undefined ? items : items.filter((i) => i.state === q.state);
        const { page, nextCursor } = pageOf(listed, q.cursor, q.limit ?? 50);
        const rows = await callRowsById(
          db,
          workspaceId,
          page.map((i) => i.id),
        );
        const recordingOf = await recordingsOfCalls(
          db,
          workspaceId,
          rows.map((r) => r.call),
        );
        const byId = new Map(rows.map((r) => [r.call.id, r]));
        return {
          summary,
          items: page.flatMap((item) => {
            const row = byId.get(item.id);
            return row
              ? [{ call: toCallRecord(row, role, recordingOf(row.call)), ...withCallback(item) }]
              : [];
          }),
          nextCursor,
        };
      },
    );

    app.get(
      '/missed.csv',
      {
        schema: {
          tags: ['reports'],
          summary: 'Export the missed-calls worklist as CSV',
          description: `${description} Every row of the filters, UTF-8 with a byte order mark; text cells that a spreadsheet would run as formulas are prefixed with an apostrophe.`,
          security,
          querystring: MissedExportQuery,
          produces: ['text/csv'],
          response: { 200: Type.String({ description: 'text/csv' }) },
        },
        preHandler: deps.auth.workspace('calls:read'),
      },
      async (request, reply) => {
        const { workspaceId, role } = request.auth;
        const q = request.query;
        const { items } = await missedCalls(
          db,
          missedScope(workspaceId, q, deps.clock.now()),
          deps.clock.now(),
        );
        const listed = q.state === undefined ? items : items.filter((i) => i.state === q.state);
        const header = [
          'time',
          'caller',
          'tracking_number',
          'channel',
          'source',
          'state',
          'callback_after_seconds',
          'attempts',
        ];
        reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="missed-calls.csv"');
        const file = Readable.from(csvLines(header, csvRows(db, workspaceId, role, listed)));
        // The schema documents the body as text; Fastify streams it without serialising.
        return reply.send(file as never);
      },
    );
  };
}
