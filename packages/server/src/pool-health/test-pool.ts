/**
 * Test fixtures for pool health: a pool with its numbers, hourly counters and lease history written
 * straight to the database, as the tracking code would have left them.
 */
import type { Db } from '../db/database.ts';
import { leases, poolHours, pools, sites, trackingNumbers } from '../db/schema.ts';
import { newId, newSiteKey } from '../ids.ts';

export interface TestPool {
  id: string;
  workspaceId: string;
  name: string;
  numbers: string[];
}

let numberSeed = 1_000_000;

export async function seedPool(
  db: Db,
  workspaceId: string,
  options: { size: number; name?: string; holdMinutes?: number; targetBlocking?: number; now: Date },
): Promise<TestPool> {
  const siteId = newId('site');
  await db.insert(sites).values({
    id: siteId,
    workspaceId,
    key: newSiteKey(),
    name: 'Clinic',
    domains: ['clinic.example'],
    businessNumbers: ['+74951234567'],
    createdAt: options.now,
  });
  const pool = {
    id: newId('pool'),
    workspaceId,
    name: options.name ?? 'Sales',
    numbers: Array.from({ length: options.size }, () => `+7495${numberSeed++}`),
  };
  await db.insert(pools).values({
    id: pool.id,
    workspaceId,
    siteId,
    name: pool.name,
    businessNumber: '+74951234567',
    holdMinutes: options.holdMinutes ?? 30,
    targetBlocking: options.targetBlocking ?? 0.01,
    createdAt: options.now,
  });
  await db.insert(trackingNumbers).values(
    pool.numbers.map((number) => ({
      id: newId('num'),
      workspaceId,
      number,
      kind: 'pool',
      siteId,
      poolId: pool.id,
      businessNumber: '+74951234567',
      createdAt: options.now,
    })),
  );
  return pool;
}

export interface HourCounts {
  sessions: number;
  leased?: number;
  fallbacks?: number;
  overflows?: number;
  reused?: number;
}

/** Writes (or overwrites) a pool's counters for the hour starting at `hour`. */
export async function recordPoolHour(
  db: Db,
  pool: TestPool,
  hour: string,
  counts: HourCounts,
): Promise<void> {
  const values = {
    sessions: counts.sessions,
    leased: counts.leased ?? counts.sessions - (counts.fallbacks ?? 0) - (counts.overflows ?? 0),
    fallbacks: counts.fallbacks ?? 0,
    overflows: counts.overflows ?? 0,
    reused: counts.reused ?? 0,
  };
  await db
    .insert(poolHours)
    .values({ workspaceId: pool.workspaceId, poolId: pool.id, hour: new Date(hour), ...values })
    .onConflictDoUpdate({ target: [poolHours.poolId, poolHours.hour], set: values });
}

export interface TestLease {
  number: string;
  visitorId: string;
  startedAt: Date;
  lastActivityAt: Date;
  holdSeconds: number;
  confirmed: boolean;
  releasedAt: Date | null;
}

export async function insertLeases(db: Db, pool: TestPool, rows: readonly TestLease[]): Promise<string[]> {
  const ids = rows.map(() => newId('lse'));
  if (rows.length === 0) return ids;
  await db.insert(leases).values(
    rows.map((row, i) => ({
      id: ids[i]!,
      workspaceId: pool.workspaceId,
      poolId: pool.id,
      sessionId: newId('ses'),
      ...row,
    })),
  );
  return ids;
}
