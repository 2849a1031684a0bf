/** Rebuilds the in-memory lease store from the lease history when the server starts. */
import type { LeaseStore } from '@calltrail/core';
import type { Database } from '../db/database.ts';
import { possiblyLiveLeases } from '../stores/sql/leases.ts';

// Pools hold numbers for at most a day (the pool schema's bound on holdMinutes).
const maxHoldMs = 24 * 60 * 60_000;

export async function restoreLeases(database: Database, store: LeaseStore, now: Date): Promise<number> {
  const live = await possiblyLiveLeases(database.db, now, maxHoldMs);
  await store.restore(live);
  return live.length;
}
