/**
 * Many rows as one parameter: `jsonb_to_recordset($1::jsonb) as name(column type, …)`. Building a
 * multi-row statement with one placeholder per value costs more CPU than the write itself at the
 * snippet API's rates (drizzle types every parameter); one JSON text per batch costs a
 * JSON.stringify, and PGlite and PostgreSQL read it the same way.
 */
import { type SQL, sql } from 'drizzle-orm';

export type RecordsetColumns = Readonly<
  Record<string, 'text' | 'timestamptz' | 'int' | 'bigint' | 'boolean' | 'jsonb'>
>;

// PostgreSQL text and jsonb cannot hold U+0000. A page URL is whatever a browser sent; one NUL in it
// would fail every flush of the batch it sits in, and the batch is retried whole.
const withoutNul = (_key: string, value: unknown) =>
  typeof value === 'string' && value.includes('\u0000') ? value.replaceAll('\u0000', '') : value;

/** Rows keyed by column name (Dates become ISO text in JSON, which timestamptz reads). */
export function recordset(name: string, columns: RecordsetColumns, rows: readonly object[]): SQL {
  const definition = Object.entries(columns)
    .map(([column, type]) => `${column} ${type}`)
    .join(', ');
  return sql`jsonb_to_recordset(${JSON.stringify(rows, withoutNul)}::jsonb) as ${sql.raw(`${name}(${definition})`)}`;
}

/**
 * `insert into table (columns) select * from recordset(…)`: the rows go into the table's columns of
 * the same names. `table` is written into the statement as is; a conflict clause may follow.
 */
export function insertRecordset(table: string, columns: RecordsetColumns, rows: readonly object[]): SQL {
  const names = sql.raw(Object.keys(columns).join(', '));
  return sql`insert into ${sql.raw(table)} (${names}) select * from ${recordset('r', columns, rows)}`;
}
