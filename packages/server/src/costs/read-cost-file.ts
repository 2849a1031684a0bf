/**
 * Turns an uploaded ad-spend CSV into rows to store and a per-row error report. A bad row never
 * stops the file: it is reported with its row number (the header is row 1) and left out.
 */
import { type Delimiter, detectDelimiter, readCsv } from './read-csv.ts';

export interface CostRow {
  day: string;
  source: string;
  medium: string;
  campaign: string;
  /** Empty when the cost is for the whole campaign. */
  keyword: string;
  cost: number;
  currency: string;
}

export interface RowError {
  row: number;
  column: string | null;
  message: string;
}

export type CostFileReading =
  | { ok: true; rows: CostRow[]; errors: RowError[] }
  | { ok: false; missingColumns: string[] };

export const requiredColumns = ['date', 'source', 'medium', 'campaign', 'cost', 'currency'] as const;
type Column = (typeof requiredColumns)[number] | 'keyword';

/** A file of nothing but errors should not make a report the size of the file. */
export const maxListedErrors = 1000;

/** The day as YYYY-MM-DD from YYYY-MM-DD or DD.MM.YYYY (as Russian-locale exports write it), or null. */
export function readDay(text: string): string | null {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const dotted = iso ? null : /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(text);
  const [year, month, day] = iso ? [iso[1], iso[2], iso[3]] : dotted ? [dotted[3], dotted[2], dotted[1]] : [];
  if (!year || !month || !day) return null;
  // Day 0 of the next month is the last day of this one: 31.02 and 29.02 of a common year fail.
  const daysInMonth = new Date(Date.UTC(Number(year), Number(month), 0)).getUTCDate();
  const m = Number(month);
  const d = Number(day);
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth ? `${year}-${month}-${day}` : null;
}

/**
 * The amount, or null. Spaces (also no-break ones, as spreadsheets group thousands) are dropped;
 * with a semicolon between cells a decimal comma is read too, as Excel in such locales writes it.
 */
export function readCost(text: string, delimiter: Delimiter): number | null {
  let normalized = text.replace(/[\s\u00a0\u202f]/g, '');
  if (delimiter === ';') normalized = normalized.replace(',', '.');
  return /^\d+(\.\d+)?$/.test(normalized) ? Number(normalized) : null;
}

function checkRow(
  cell: (column: Column) => string,
  delimiter: Delimiter,
  currency: string,
): { row: CostRow } | { column: Column; message: string } {
  const day = readDay(cell('date'));
  if (!day) return { column: 'date', message: `"${cell('date')}" is not a date (YYYY-MM-DD or DD.MM.YYYY)` };
  for (const column of ['source', 'medium', 'campaign'] as const) {
    if (!cell(column)) return { column, message: `${column} is empty` };
  }
  const cost = readCost(cell('cost'), delimiter);
  if (cost === null) return { column: 'cost', message: `"${cell('cost')}" is not a non-negative number` };
  const rowCurrency = cell('currency').toUpperCase();
  if (rowCurrency !== currency) {
    const message = /^[A-Z]{3}$/.test(rowCurrency)
      ? `${rowCurrency} is not the workspace’s currency ${currency}; convert the costs to ${currency}`
      : `"${cell('currency')}" is not an ISO 4217 currency code (the workspace’s is ${currency})`;
    return { column: 'currency', message };
  }
  return {
    row: {
      day,
      source: cell('source'),
      medium: cell('medium'),
      campaign: cell('campaign'),
      keyword: cell('keyword'),
      cost,
      currency,
    },
  };
}

/** Reads a costs file against the workspace's currency (ISO 4217). */
export function readCostFile(text: string, currency: string): CostFileReading {
  const delimiter = detectDelimiter(text.startsWith('\uFEFF') ? text.slice(1) : text);
  const [header = [], ...records] = readCsv(text, delimiter);
  const names = header.map((name) => name.trim().toLowerCase());
  const missingColumns = requiredColumns.filter((column) => !names.includes(column));
  if (missingColumns.length > 0) return { ok: false, missingColumns };

  const indexOf = Object.fromEntries(
    [...requiredColumns, 'keyword'].map((column) => [column, names.indexOf(column)]),
  ) as Record<Column, number>;
  const rows: CostRow[] = [];
  const errors: RowError[] = [];
  const unlisted: number[] = [];
  const report = (error: RowError) => {
    if (errors.length < maxListedErrors) errors.push(error);
    else unlisted.push(error.row);
  };
  const rowOfKey = new Map<string, number>();
  for (const [index, record] of records.entries()) {
    const row = index + 2;
    if (record.every((value) => value.trim() === '')) continue;
    const cell = (column: Column) => (record[indexOf[column]] ?? '').trim();
    const checked = checkRow(cell, delimiter, currency);
    if (!('row' in checked)) {
      report({ row, ...checked });
      continue;
    }
    const { day, source, medium, campaign, keyword } = checked.row;
    const key = JSON.stringify([day, source, medium, campaign, keyword]);
    const earlier = rowOfKey.get(key);
    // Two amounts for one key in one file is a mistake in the file; neither summing nor keeping
    // the last would be right, so the first stands and the repeat is reported.
    if (earlier !== undefined) {
      report({
        row,
        column: null,
        message: `repeats row ${earlier}: the same date, source, medium, campaign and keyword`,
      });
      continue;
    }
    rowOfKey.set(key, row);
    rows.push(checked.row);
  }
  const [firstUnlisted] = unlisted;
  if (firstUnlisted !== undefined) {
    const message = `this row and ${unlisted.length - 1} more after it have errors, not listed`;
    errors.push({ row: firstUnlisted, column: null, message });
  }
  return { ok: true, rows, errors };
}
