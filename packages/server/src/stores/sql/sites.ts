/** Sites (the domains a snippet runs on and the business numbers it replaces), pools and numbers. */
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { pools, sites, trackingNumbers } from '../../db/schema.ts';
import { afterCursor, newestFirst, type PageRequest, pageLimit, toPage } from './pagination.ts';

export type SiteRow = typeof sites.$inferSelect;
export type PoolRow = typeof pools.$inferSelect;
export type TrackingNumberRow = typeof trackingNumbers.$inferSelect;

export async function insertSite(db: Db, row: SiteRow): Promise<void> {
  await db.insert(sites).values(row);
}

/** Saves a site's name, domains, numbers and snippet settings; its key and workspace never change. */
export async function updateSite(db: Db, site: SiteRow): Promise<void> {
  const { id, workspaceId, key: _key, createdAt: _createdAt, ...settings } = site;
  await db
    .update(sites)
    .set(settings)
    .where(and(eq(sites.workspaceId, workspaceId), eq(sites.id, id)));
}

export async function getSite(db: Db, workspaceId: string, id: string): Promise<SiteRow | null> {
  const [row] = await db
    .select()
    .from(sites)
    .where(and(eq(sites.workspaceId, workspaceId), eq(sites.id, id)));
  return row ?? null;
}

/** The snippet knows a site only by its public key; the workspace comes from the site. */
export async function getSiteByKey(db: Db, key: string): Promise<SiteRow | null> {
  const [row] = await db.select().from(sites).where(eq(sites.key, key));
  return row ?? null;
}

export async function listSites(db: Db, workspaceId: string, page: PageRequest) {
  const limit = pageLimit(page);
  const rows = await db
    .select()
    .from(sites)
    .where(and(eq(sites.workspaceId, workspaceId), afterCursor(page.cursor, sites.createdAt, sites.id)))
    .orderBy(...newestFirst(sites.createdAt, sites.id))
    .limit(limit + 1);
  return toPage(rows, limit, (r) => ({ at: r.createdAt, id: r.id }));
}

export async function insertPool(db: Db, pool: PoolRow, numbers: TrackingNumberRow[]): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.insert(pools).values(pool);
    if (numbers.length > 0) await tx.insert(trackingNumbers).values(numbers);
  });
}

/** Saves a pool's settings and changes its numbers in one transaction. */
export async function updatePool(
  db: Db,
  pool: PoolRow,
  numbers: { add: TrackingNumberRow[]; remove: string[] },
): Promise<void> {
  await db.transaction(async (tx) => {
    const { id, workspaceId, createdAt: _createdAt, ...settings } = pool;
    await tx
      .update(pools)
      .set(settings)
      .where(and(eq(pools.workspaceId, workspaceId), eq(pools.id, id)));
    if (numbers.remove.length > 0) {
      await tx
        .delete(trackingNumbers)
        .where(
          and(
            eq(trackingNumbers.workspaceId, workspaceId),
            eq(trackingNumbers.poolId, id),
            inArray(trackingNumbers.number, numbers.remove),
          ),
        );
    }
    if (numbers.add.length > 0) await tx.insert(trackingNumbers).values(numbers.add);
    // The overflow number's calls are credited to the pool's channel, as it is now.
    await tx
      .update(trackingNumbers)
      .set({ channel: pool.channel })
      .where(
        and(
          eq(trackingNumbers.workspaceId, workspaceId),
          eq(trackingNumbers.poolId, id),
          eq(trackingNumbers.kind, 'overflow'),
        ),
      );
  });
}

export async function getPool(db: Db, workspaceId: string, id: string): Promise<PoolRow | null> {
  const [row] = await db
    .select()
    .from(pools)
    .where(and(eq(pools.workspaceId, workspaceId), eq(pools.id, id)));
  return row ?? null;
}

export async function listPools(db: Db, workspaceId: string, page: PageRequest) {
  const limit = pageLimit(page);
  const rows = await db
    .select()
    .from(pools)
    .where(and(eq(pools.workspaceId, workspaceId), afterCursor(page.cursor, pools.createdAt, pools.id)))
    .orderBy(...newestFirst(pools.createdAt, pools.id))
    .limit(limit + 1);
  return toPage(rows, limit, (r) => ({ at: r.createdAt, id: r.id }));
}

/** Every site and pool of the workspace, for finding them by id or name. */
export async function sitesAndPools(
  db: Db,
  workspaceId: string,
): Promise<{ sites: SiteRow[]; pools: PoolRow[] }> {
  const [siteRows, poolRows] = await Promise.all([
    db.select().from(sites).where(eq(sites.workspaceId, workspaceId)),
    db.select().from(pools).where(eq(pools.workspaceId, workspaceId)),
  ]);
  return { sites: siteRows, pools: poolRows };
}

export async function listPoolsOfSite(db: Db, workspaceId: string, siteId: string): Promise<PoolRow[]> {
  return db
    .select()
    .from(pools)
    .where(and(eq(pools.workspaceId, workspaceId), eq(pools.siteId, siteId)))
    .orderBy(pools.createdAt, pools.id);
}

export async function poolNumbers(db: Db, workspaceId: string, poolId: string): Promise<string[]> {
  const rows = await db
    .select({ number: trackingNumbers.number })
    .from(trackingNumbers)
    .where(
      and(
        eq(trackingNumbers.workspaceId, workspaceId),
        eq(trackingNumbers.poolId, poolId),
        eq(trackingNumbers.kind, 'pool'),
      ),
    )
    .orderBy(trackingNumbers.number);
  return rows.map((r) => r.number);
}

export async function insertTrackingNumber(db: Db, row: TrackingNumberRow): Promise<void> {
  await db.insert(trackingNumbers).values(row);
}

/** Several numbers in one statement, so an import is stored whole or not at all. */
export async function insertTrackingNumbers(db: Db, rows: TrackingNumberRow[]): Promise<void> {
  if (rows.length > 0) await db.insert(trackingNumbers).values(rows);
}

export async function getTrackingNumber(
  db: Db,
  workspaceId: string,
  id: string,
): Promise<TrackingNumberRow | null> {
  const [row] = await db
    .select()
    .from(trackingNumbers)
    .where(and(eq(trackingNumbers.workspaceId, workspaceId), eq(trackingNumbers.id, id)));
  return row ?? null;
}

export async function findTrackingNumber(
  db: Db,
  workspaceId: string,
  number: string,
): Promise<TrackingNumberRow | null> {
  const [row] = await db
    .select()
    .from(trackingNumbers)
    .where(and(eq(trackingNumbers.workspaceId, workspaceId), eq(trackingNumbers.number, number)));
  return row ?? null;
}

/** Those of `numbers` the workspace already tracks, to refuse them before a unique-index failure. */
export async function takenNumbers(db: Db, workspaceId: string, numbers: string[]): Promise<Set<string>> {
  if (numbers.length === 0) return new Set();
  const rows = await db
    .select({ number: trackingNumbers.number })
    .from(trackingNumbers)
    .where(and(eq(trackingNumbers.workspaceId, workspaceId), inArray(trackingNumbers.number, numbers)));
  return new Set(rows.map((r) => r.number));
}

export async function listTrackingNumbers(db: Db, workspaceId: string, page: PageRequest) {
  const limit = pageLimit(page);
  const rows = await db
    .select()
    .from(trackingNumbers)
    .where(
      and(
        eq(trackingNumbers.workspaceId, workspaceId),
        afterCursor(page.cursor, trackingNumbers.createdAt, trackingNumbers.id),
      ),
    )
    .orderBy(...newestFirst(trackingNumbers.createdAt, trackingNumbers.id))
    .limit(limit + 1);
  return toPage(rows, limit, (r) => ({ at: r.createdAt, id: r.id }));
}

/** The numbers that replace a site's business numbers: static ones per source, and pool numbers. */
export async function swappedNumbersOfSite(
  db: Db,
  workspaceId: string,
  siteId: string,
): Promise<TrackingNumberRow[]> {
  return db
    .select()
    .from(trackingNumbers)
    .where(
      and(
        eq(trackingNumbers.workspaceId, workspaceId),
        eq(trackingNumbers.siteId, siteId),
        inArray(trackingNumbers.kind, ['static', 'pool']),
      ),
    )
    .orderBy(trackingNumbers.number);
}
