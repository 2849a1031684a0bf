/**
 * Keyset (cursor) pagination: the cursor is the sort key of the last row, so pages stay stable
 * while rows are added and a page costs the same at any depth.
 */
import { AppError } from '@calltrail/core';
import { and, type Column, desc, eq, lt, or, type SQL } from 'drizzle-orm';

export interface PageRequest {
  cursor?: string | undefined;
  limit?: number | undefined;
}

interface CursorKey {
  at: Date;
  id: string;
}

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify([key.at.toISOString(), key.id])).toString('base64url');
}

export function decodeCursor(cursor: string): CursorKey {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    const date = new Date(String(at));
    if (typeof id !== 'string' || Number.isNaN(date.getTime())) throw new Error('bad cursor');
    return { at: date, id };
  } catch {
    throw new AppError('INVALID_CURSOR');
  }
}

/** Condition "after the cursor" for rows sorted by (at desc, id desc). */
export function afterCursor(cursor: string | undefined, atColumn: Column, idColumn: Column): SQL | undefined {
  if (!cursor) return undefined;
  const key = decodeCursor(cursor);
  return or(lt(atColumn, key.at), and(eq(atColumn, key.at), lt(idColumn, key.id)));
}

export function newestFirst(atColumn: Column, idColumn: Column): SQL[] {
  return [desc(atColumn), desc(idColumn)];
}

/** Fetch limit+1 rows, then split off the extra to know whether there is a next page. */
export function toPage<T>(
  rows: T[],
  limit: number,
  key: (row: T) => CursorKey,
): { items: T[]; nextCursor: string | null } {
  if (rows.length <= limit) return { items: rows, nextCursor: null };
  const items = rows.slice(0, limit);
  return { items, nextCursor: encodeCursor(key(items[items.length - 1]!)) };
}

export function pageLimit(request: PageRequest): number {
  return request.limit ?? 50;
}
