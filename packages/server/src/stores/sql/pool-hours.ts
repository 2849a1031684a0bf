/** Per pool and hour counts of how new sessions were served: the raw data of pool health. */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { poolHours } from '../../db/schema.ts';

export type PoolHourCounts = typeof poolHours.$inferInsert & {
  sessions: number;
  leased: number;
  fallbacks: number;
  overflows: number;
  reused: number;
};

/** Adds counts to their hours; several processes add to the same row safely. */
export async function addPoolHourCounts(db: Db, counts: readonly PoolHourCounts[]): Promise<void> {
  if (counts.length === 0) return;
  const add = (column: string) => sql.raw(`pool_hours.${column} + excluded.${column}`);
  await db
    .insert(poolHours)
    .values([...counts])
    .onConflictDoUpdate({
      target: [poolHours.poolId, poolHours.hour],
      set: {
        sessions: add('sessions'),
        leased: add('leased'),
        fallbacks: add('fallbacks'),
        overflows: add('overflows'),
        reused: add('reused'),
      },
    });
}
