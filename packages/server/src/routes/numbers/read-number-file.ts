/**
 * Reads a CSV of tracking numbers to import: every row is checked on its own (the number, its
 * kind, channel and where it belongs) before anything is stored, and each fault is reported with
 * its row number (the header is row 1) and column. Checks that need the database (does the site
 * or pool exist, is the number already tracked) come after, in the route.
 */
import { type Channel, isChannel, normalizePhone } from '@calltrail/core';
import { detectDelimiter, readCsv } from '../../costs/read-csv.ts';

export interface RowError {
  row: number;
  column: string | null;
  message: string;
}

/** One row as written, with its number in E.164: `site` and `pool` are still an id or a name. */
export interface NumberLine {
  row: number;
  number: string;
  kind: 'static' | 'offline' | 'pool';
  channel: Channel | null;
  source: string | null;
  campaign: string | null;
  site: string | null;
  businessNumber: string | null;
  pool: string | null;
  destination: string | null;
}

export type NumberFileReading = { ok: true; lines: NumberLine[] } | { ok: false; errors: RowError[] };

export const numberColumns = [
  'number',
  'kind',
  'channel',
  'source',
  'campaign',
  'site',
  'business_number',
  'pool',
  'destination',
] as const;
type Column = (typeof numberColumns)[number];
const requiredColumns: readonly Column[] = ['number', 'kind'];

/** A whole number plan fits; more is a mistake better split than stored in one statement. */
export const maxLines = 2000;
/** A file of nothing but errors should not make an answer the size of the file. */
export const maxListedErrors = 200;

const kinds = ['static', 'offline', 'pool'] as const;
const isKind = (value: string): value is NumberLine['kind'] => (kinds as readonly string[]).includes(value);

/** The header as people write it: any case, spaces or dashes for underscores (`Business number`). */
const columnName = (header: string) =>
  header
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

type Checked = { line: NumberLine } | { column: Column; message: string };

function checkLine(row: number, cell: (column: Column) => string): Checked {
  const number = normalizePhone(cell('number'));
  if (!number) return { column: 'number', message: `"${cell('number')}" is not a phone number` };
  const kind = cell('kind').toLowerCase();
  if (!isKind(kind))
    return { column: 'kind', message: `"${cell('kind')}" is not one of ${kinds.join(', ')}` };
  const rawDestination = cell('destination');
  const destination = rawDestination ? normalizePhone(rawDestination) : null;
  if (rawDestination && !destination)
    return { column: 'destination', message: `"${rawDestination}" is not a phone number` };
  const rawBusinessNumber = cell('business_number');
  const businessNumber = rawBusinessNumber ? normalizePhone(rawBusinessNumber) : null;
  if (rawBusinessNumber && !businessNumber)
    return { column: 'business_number', message: `"${rawBusinessNumber}" is not a phone number` };
  const rawChannel = cell('channel').toLowerCase();
  // An offline number's channel goes without saying; a pool's numbers take the pool's rules.
  const channel = rawChannel || (kind === 'offline' ? 'offline' : '');
  if (kind !== 'pool' && !isChannel(channel))
    return { column: 'channel', message: `"${cell('channel')}" is not a channel` };
  const placement = checkPlacement(kind, cell);
  if (placement) return placement;
  const text = (column: Column) => cell(column) || null;
  return {
    line: {
      row,
      number,
      kind,
      channel: kind === 'pool' ? null : (channel as Channel),
      source: kind === 'pool' ? null : (text('source')?.toLowerCase() ?? null),
      campaign: kind === 'pool' ? null : text('campaign'),
      site: kind === 'static' ? text('site') : null,
      businessNumber: kind === 'static' ? businessNumber : null,
      pool: kind === 'pool' ? text('pool') : null,
      destination,
    },
  };
}

/** Each kind belongs somewhere different: a site's number, no site at all, or a pool. */
function checkPlacement(
  kind: NumberLine['kind'],
  cell: (column: Column) => string,
): { column: Column; message: string } | null {
  if (kind === 'static' && !cell('site'))
    return { column: 'site', message: 'a static number needs the site (its id or name) it is shown on' };
  if (kind === 'offline' && cell('site'))
    return { column: 'site', message: 'an offline number belongs to no site; use kind static' };
  if (kind === 'pool' && !cell('pool'))
    return { column: 'pool', message: 'a pool number needs its pool (id or name)' };
  if (kind !== 'pool' && cell('pool'))
    return { column: 'pool', message: `a ${kind} number belongs to no pool; use kind pool` };
  return null;
}

/** Keeps the first `maxListedErrors` errors, then one line saying how many more there are. */
export function listErrors(errors: RowError[]): RowError[] {
  const [firstUnlisted] = errors.slice(maxListedErrors);
  if (!firstUnlisted) return errors;
  const more = errors.length - maxListedErrors - 1;
  return [
    ...errors.slice(0, maxListedErrors),
    {
      row: firstUnlisted.row,
      column: null,
      message: `this row and ${more} more after it have errors, not listed`,
    },
  ];
}

export function readNumberFile(text: string): NumberFileReading {
  const delimiter = detectDelimiter(text.startsWith('\uFEFF') ? text.slice(1) : text);
  const [header = [], ...records] = readCsv(text, delimiter);
  const names = header.map(columnName);
  const missing = requiredColumns.filter((column) => !names.includes(column));
  if (missing.length > 0) {
    const message = `the header lacks ${missing.join(', ')} (columns: ${numberColumns.join(', ')})`;
    return { ok: false, errors: [{ row: 1, column: null, message }] };
  }
  const filled = [...records.entries()].filter(([, record]) => record.some((value) => value.trim() !== ''));
  if (filled.length === 0)
    return { ok: false, errors: [{ row: 1, column: null, message: 'the file has no numbers' }] };
  if (filled.length > maxLines) {
    const message = `the file has ${filled.length} numbers; import at most ${maxLines} at a time`;
    return { ok: false, errors: [{ row: 1, column: null, message }] };
  }

  const lines: NumberLine[] = [];
  const errors: RowError[] = [];
  const rowOfNumber = new Map<string, number>();
  for (const [index, record] of filled) {
    const row = index + 2;
    const cell = (column: Column) => {
      const at = names.indexOf(column);
      return at === -1 ? '' : (record[at] ?? '').trim();
    };
    const checked = checkLine(row, cell);
    if (!('line' in checked)) {
      errors.push({ row, ...checked });
      continue;
    }
    const earlier = rowOfNumber.get(checked.line.number);
    if (earlier !== undefined) {
      errors.push({ row, column: 'number', message: `${checked.line.number} repeats row ${earlier}` });
      continue;
    }
    rowOfNumber.set(checked.line.number, row);
    lines.push(checked.line);
  }
  return errors.length > 0 ? { ok: false, errors: listErrors(errors) } : { ok: true, lines };
}
