/** A report's table sent as a CSV file: a header, one line per group, and a totals line last. */

import { Readable } from 'node:stream';
import { type CsvCell, csvLines } from '@calltrail/core';
import type { FastifyReply } from 'fastify';

/** `waitSecondsSum` → `wait_seconds_sum`: column names as spreadsheets and scripts expect them. */
export function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/**
 * Sends the table. The first column says whether a line is a group or the totals, so a group whose
 * key happens to read "total" is never taken for them; keys are user text and are defused as such.
 */
export function sendReportCsv(
  reply: FastifyReply,
  file: { name: string; keyColumn: string; columns: readonly string[] },
  rows: readonly { key: string | null; cells: readonly CsvCell[] }[],
  totals: readonly CsvCell[],
) {
  async function* lines(): AsyncGenerator<CsvCell[]> {
    for (const row of rows) yield ['group', row.key, ...row.cells];
    yield ['total', null, ...totals];
  }
  reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${file.name}"`);
  const body = Readable.from(
    csvLines(['row', snakeCase(file.keyColumn), ...file.columns.map(snakeCase)], lines()),
  );
  // The schema documents the body as text; Fastify streams it without serialising.
  return reply.send(body as never);
}
