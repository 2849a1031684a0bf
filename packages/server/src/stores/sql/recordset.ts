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

/** Rows keyed by column name (Dates become ISO text in JSON, which timestamptz reads). */
export function recordset(name: string, columns: RecordsetColumns, rows: readonly object[]): SQL {
  const definition = Object.entries(columns)
    .map(([column, type]) => `${column} ${type}`)
    .join(', ');
  return sql`jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as ${sql.raw(`${name}(${definition})`)}`;
}

/** The column list of a recordset, for `insert into t (…) select … from recordset(…)`. */
export function columnList(columns: RecordsetColumns): SQL {
  return sql.raw(Object.keys(columns).join(', '));
}
