/**
 * What a numbers import reads and writes: the workspace's sites and pools to find rows' targets by
 * id or name, and one multi-row insert, so a file is stored whole or not at all.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { pools, sites, trackingNumbers } from '../../db/schema.ts';
import type { PoolRow, SiteRow, TrackingNumberRow } from '../../stores/sql/sites.ts';

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

export async function insertTrackingNumbers(db: Db, rows: TrackingNumberRow[]): Promise<void> {
  if (rows.length > 0) await db.insert(trackingNumbers).values(rows);
}
