/** Per pool and hour counts of how new sessions were served: the raw data of pool health. */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import type { poolHours } from '../../db/schema.ts';
import { insertRecordset } from './recordset.ts';

export type PoolHourCounts = typeof poolHours.$inferInsert & {
  sessions: number;
  leased: number;
  fallbacks: number;
  overflows: number;
  reused: number;
};

const hourColumns = {
  workspace_id: 'text',
  pool_id: 'text',
  hour: 'timestamptz',
  sessions: 'int',
  leased: 'int',
  fallbacks: 'int',
  overflows: 'int',
  reused: 'int',
} as const;

/** Adds counts to their hours; several processes add to the same row safely. */
export async function addPoolHourCounts(db: Db, counts: readonly PoolHourCounts[]): Promise<void> {
  if (counts.length === 0) return;
  const rows = counts.map((c) => ({
    workspace_id: c.workspaceId,
    pool_id: c.poolId,
    hour: c.hour,
    sessions: c.sessions,
    leased: c.leased,
    fallbacks: c.fallbacks,
    overflows: c.overflows,
    reused: c.reused,
  }));
  await db.execute(sql`
    ${insertRecordset('pool_hours', hourColumns, rows)}
    on conflict (pool_id, hour) do update set
      sessions = pool_hours.sessions + excluded.sessions,
      leased = pool_hours.leased + excluded.leased,
      fallbacks = pool_hours.fallbacks + excluded.fallbacks,
      overflows = pool_hours.overflows + excluded.overflows,
      reused = pool_hours.reused + excluded.reused`);
}
