/** Telephony connections: a workspace's provider accounts, found by id or by their webhook token. */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { telephonyConnections } from '../../db/schema.ts';
import { afterCursor, newestFirst, type PageRequest, pageLimit, toPage } from './pagination.ts';

export type TelephonyConnectionRow = typeof telephonyConnections.$inferSelect;

export async function insertConnection(db: Db, row: TelephonyConnectionRow): Promise<void> {
  await db.insert(telephonyConnections).values(row);
}

export async function getConnection(
  db: Db,
  workspaceId: string,
  id: string,
): Promise<TelephonyConnectionRow | null> {
  const [row] = await db
    .select()
    .from(telephonyConnections)
    .where(and(eq(telephonyConnections.workspaceId, workspaceId), eq(telephonyConnections.id, id)));
  return row ?? null;
}

/** The connection a webhook URL names; its token is the only thing that identifies it. */
export async function connectionByToken(db: Db, token: string): Promise<TelephonyConnectionRow | null> {
  const [row] = await db.select().from(telephonyConnections).where(eq(telephonyConnections.token, token));
  return row ?? null;
}

/** Every connection of a provider, across workspaces: what the connector runner starts. */
export async function connectionsOfProvider(db: Db, provider: string): Promise<TelephonyConnectionRow[]> {
  return db.select().from(telephonyConnections).where(eq(telephonyConnections.provider, provider));
}

export async function listConnections(db: Db, workspaceId: string, page: PageRequest) {
  const limit = pageLimit(page);
  const rows = await db
    .select()
    .from(telephonyConnections)
    .where(
      and(
        eq(telephonyConnections.workspaceId, workspaceId),
        afterCursor(page.cursor, telephonyConnections.createdAt, telephonyConnections.id),
      ),
    )
    .orderBy(...newestFirst(telephonyConnections.createdAt, telephonyConnections.id))
    .limit(limit + 1);
  return toPage(rows, limit, (r) => ({ at: r.createdAt, id: r.id }));
}

export async function updateConnection(db: Db, row: TelephonyConnectionRow): Promise<void> {
  const { id, workspaceId, createdAt: _createdAt, ...changes } = row;
  await db
    .update(telephonyConnections)
    .set(changes)
    .where(and(eq(telephonyConnections.workspaceId, workspaceId), eq(telephonyConnections.id, id)));
}

export async function deleteConnection(db: Db, workspaceId: string, id: string): Promise<boolean> {
  const deleted = await db
    .delete(telephonyConnections)
    .where(and(eq(telephonyConnections.workspaceId, workspaceId), eq(telephonyConnections.id, id)))
    .returning({ id: telephonyConnections.id });
  return deleted.length > 0;
}

export async function touchConnection(db: Db, id: string, at: Date): Promise<void> {
  await db.update(telephonyConnections).set({ lastEventAt: at }).where(eq(telephonyConnections.id, id));
}
