/** Rows of a raw `db.execute(sql…)`: node-postgres and PGlite both answer with `{ rows }`. */
export function rowsOf(result: unknown): Record<string, unknown>[] {
  if (typeof result === 'object' && result !== null && 'rows' in result && Array.isArray(result.rows)) {
    return result.rows;
  }
  throw new Error('a raw query returned no rows array');
}
