/** POST /numbers/import: tracking numbers from a CSV file, stored all together or not at all. */
import { AppError } from '@calltrail/core';
import { NumberImportRefusal, NumberImportResult } from '@calltrail/protocol';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { RouteDeps } from '../../app.ts';
import { acceptCsvBodies } from '../../http/csv-body.ts';
import { newId } from '../../ids.ts';
import { insertTrackingNumbers, sitesAndPools, takenNumbers } from '../../stores/sql/sites.ts';
import { security } from '../security.ts';
import { placeNumbers } from './place-numbers.ts';
import { maxLines, numberColumns, type RowError, readNumberFile } from './read-number-file.ts';
import { toTrackingNumber } from './tracking-number.ts';

/** Two thousand lines of numbers and names stay far below this. */
const maxFileBytes = 1024 * 1024;

/** The first fault in the message, for whoever reads only that; every fault in `details.rows`. */
function invalidFile(errors: RowError[]): AppError {
  const [first] = errors;
  const where = first
    ? `Row ${first.row}${first.column ? ` (${first.column})` : ''}: ${first.message}. `
    : '';
  const more = errors.length > 1 ? `${errors.length - 1} more rows have errors. ` : '';
  return new AppError('VALIDATION_FAILED', { rows: errors }, `${where}${more}Nothing was imported.`);
}

export function numberImportRoutes(deps: RouteDeps): FastifyPluginAsyncTypebox {
  const { db } = deps.database;
  return async (app) => {
    acceptCsvBodies(app, maxFileBytes);

    app.post(
      '',
      {
        schema: {
          tags: ['numbers'],
          summary: 'Import tracking numbers from CSV',
          description:
            `Header row naming ${numberColumns.join(', ')} in any order and case (number and kind required); ` +
            'comma- or semicolon-separated. kind is static (shown on a site, by id or name, for channel, ' +
            'source and campaign), offline (no site; channel defaults to offline) or pool (added to a pool, ' +
            `by id or name). Every row is checked first: if any is wrong, nothing is imported and the 400 ` +
            `answer lists them in error.details.rows as { row, column, message }. Up to ${maxLines} numbers.`,
          security,
          consumes: ['text/csv'],
          body: Type.String({ description: 'The CSV file, UTF-8' }),
          response: { 201: NumberImportResult, 400: NumberImportRefusal },
        },
        preHandler: deps.auth.workspace('settings:write'),
      },
      async (request, reply) => {
        const { workspaceId } = request.auth;
        const reading = readNumberFile(request.body);
        if (!reading.ok) throw invalidFile(reading.errors);
        const [{ sites, pools }, taken] = await Promise.all([
          sitesAndPools(db, workspaceId),
          takenNumbers(
            db,
            workspaceId,
            reading.lines.map((line) => line.number),
          ),
        ]);
        const now = deps.clock.now();
        const placement = placeNumbers(reading.lines, { sites, pools, taken }, (line) => ({
          id: newId('num'),
          workspaceId,
          number: line.number,
          kind: 'static',
          provider: 'generic',
          destination: line.destination,
          siteId: null,
          poolId: null,
          businessNumber: null,
          channel: line.channel,
          source: line.source,
          campaign: line.campaign,
          createdAt: now,
        }));
        if (!placement.ok) throw invalidFile(placement.errors);
        await insertTrackingNumbers(db, placement.rows);
        deps.tracking.sites.invalidate();
        const items = placement.rows.map(toTrackingNumber);
        return reply.status(201).send({ imported: items.length, items });
      },
    );
  };
}
