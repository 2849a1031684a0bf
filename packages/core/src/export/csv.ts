/**
 * Writes CSV that Excel and LibreOffice open safely: RFC 4180 quoting, UTF-8 with a byte order
 * mark, and text cells that a spreadsheet would run as formulas defused.
 *
 * The rule for formulas: a cell is escaped by what it is, not by how it looks. Numbers are
 * written from numeric values and never escaped, so a refund of -150 stays a number a
 * spreadsheet can sum; text is always checked, so a tag "-1+1" or "=HYPERLINK(...)" typed by a
 * user is prefixed with an apostrophe and shown as text.
 */

/** A value of one cell: text is escaped, numbers and booleans are written as they are. */
export type CsvCell = string | number | boolean | null | undefined;

/**
 * Without the byte order mark Excel reads UTF-8 as the system's ANSI code page and turns
 * Cyrillic into mojibake.
 */
export const byteOrderMark = '\uFEFF';

// OWASP "CSV Injection": prefix cells beginning with =, +, -, @, tab or carriage return with a
// single quote, so the spreadsheet shows them as text instead of evaluating them.
const formulaStart = /^[=+\-@\t\r]/;
// RFC 4180 §2.6: fields containing a comma, a double quote or a line break are enclosed in quotes.
const needsQuotes = /[",\r\n]/;

/** One cell as CSV text: numbers as they are, text defused and quoted when it must be. */
export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = formulaStart.test(value) ? `'${value}` : value;
  // RFC 4180 §2.7: a double quote inside a quoted field is written twice.
  return needsQuotes.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record, ended with CRLF as RFC 4180 §2.1 asks. */
export function csvRow(cells: readonly CsvCell[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** A whole file: the byte order mark and the header, then each row as it comes. */
export async function* csvLines(
  header: readonly string[],
  rows: AsyncIterable<readonly CsvCell[]>,
): AsyncGenerator<string> {
  yield byteOrderMark + csvRow(header);
  for await (const row of rows) yield csvRow(row);
}
