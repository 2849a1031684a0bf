/**
 * The pool-health queries answer what core's definitions say: holding times and handover gaps per
 * hour from SQL equal `leaseHoldingSeconds` and `handoverGaps` over the same lease history.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type HandoverLease, handoverGaps, leaseHoldingSeconds } from '@calltrail/core';
import type { Database } from '../../db/database.ts';
import { insertLeases, seedPool, type TestLease, type TestPool } from '../../pool-health/test-pool.ts';
import { databaseChoices, openTestDatabase } from '../../testing/test-database.ts';
import { leaseHourStats, poolSize } from './pool-health.ts';
import { createWorkspace } from './workspaces.ts';

const hourMs = 3_600_000;
const from = new Date('2026-01-05T06:00:00Z');
const to = new Date('2026-01-05T12:00:00Z');

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A busy, messy history on five numbers from two hours before `from` to `to`: overlapping holders
 * (takeovers), a visitor's sessions following one another, unconfirmed and released leases.
 */
function history(pool: TestPool, seed: number): TestLease[] {
  const next = random(seed);
  const rows: TestLease[] = [];
  const start = from.getTime() - 2 * hourMs;
  for (let i = 0; i < 50; i++) {
    const startedAt = new Date(start + Math.floor(next() * (to.getTime() - start)));
    const visit = Math.floor(next() * 600_000);
    const lastActivityAt = new Date(startedAt.getTime() + visit);
    const holdSeconds = [60, 600, 1800][Math.floor(next() * 3)]!;
    const released = next() < 0.15 ? new Date(startedAt.getTime() + Math.floor(next() * 900_000)) : null;
    rows.push({
      number: pool.numbers[Math.floor(next() * pool.numbers.length)]!,
      visitorId: `vis_${Math.floor(next() * 30)}`,
      startedAt,
      lastActivityAt,
      holdSeconds,
      confirmed: next() < 0.8,
      releasedAt: released,
    });
  }
  return rows;
}

function expected(rows: readonly TestLease[], ids: readonly string[]) {
  const leases: HandoverLease[] = rows.map((row, i) => ({
    ...row,
    id: ids[i]!,
    holdMs: row.holdSeconds * 1000,
  }));
  const byHour = new Map<
    number,
    { leases: number; holdingSeconds: number; shortestGapSeconds: number | null }
  >();
  const hourOf = (at: Date) => Math.floor(at.getTime() / hourMs) * hourMs;
  for (const lease of leases) {
    if (lease.startedAt < from || lease.startedAt >= to) continue;
    const entry = byHour.get(hourOf(lease.startedAt)) ?? {
      leases: 0,
      holdingSeconds: 0,
      shortestGapSeconds: null,
    };
    entry.leases++;
    entry.holdingSeconds += leaseHoldingSeconds(lease);
    byHour.set(hourOf(lease.startedAt), entry);
  }
  for (const handover of handoverGaps(leases)) {
    if (handover.at < from || handover.at >= to) continue;
    const entry = byHour.get(hourOf(handover.at))!;
    entry.shortestGapSeconds = Math.min(entry.shortestGapSeconds ?? Infinity, handover.gapSeconds);
  }
  return byHour;
}

for (const choice of databaseChoices()) {
  describe(`pool-health queries on ${choice.kind}`, { skip: choice.skip }, () => {
    let database: Database;
    let workspaceId: string;
    const now = new Date('2026-01-05T12:00:00Z');

    before(async () => {
      database = await openTestDatabase(choice.kind);
      workspaceId = (
        await createWorkspace(database.db, { name: 'Clinic', timeZone: 'UTC', currency: 'USD' }, now)
      ).id;
    });
    after(() => database.close());

    for (const seed of [1, 2, 3]) {
      test(`holding times and handover gaps per hour match core’s definitions (history ${seed})`, async () => {
        const pool = await seedPool(database.db, workspaceId, { size: 5, now });
        const rows = history(pool, seed);
        const ids = await insertLeases(database.db, pool, rows);
        const actual = await leaseHourStats(database.db, workspaceId, pool.id, from, to);
        const wanted = expected(rows, ids);
        assert.deepEqual(
          [...actual.keys()],
          [...wanted.keys()].sort((a, b) => a - b),
        );
        for (const [hour, stats] of wanted) {
          const got = actual.get(hour)!;
          const label = new Date(hour).toISOString();
          assert.equal(got.leases, stats.leases, label);
          assert.ok(
            Math.abs(got.holdingSeconds - stats.holdingSeconds) < 1e-6,
            `${label}: ${got.holdingSeconds}`,
          );
          if (stats.shortestGapSeconds === null) assert.equal(got.shortestGapSeconds, null, label);
          else assert.ok(Math.abs(got.shortestGapSeconds! - stats.shortestGapSeconds) < 1e-6, label);
        }
      });
    }

    test('a handover across the period’s start pairs with the holder from before it; a visitor’s own next session is no handover', async () => {
      const pool = await seedPool(database.db, workspaceId, { size: 1, now });
      const [number] = pool.numbers;
      await insertLeases(database.db, pool, [
        {
          number: number!,
          visitorId: 'vis_early',
          startedAt: new Date('2026-01-05T05:00:00Z'),
          lastActivityAt: new Date('2026-01-05T05:40:00Z'),
          holdSeconds: 1800,
          confirmed: true,
          releasedAt: null,
        },
        {
          number: number!,
          visitorId: 'vis_next',
          startedAt: new Date('2026-01-05T06:25:00Z'),
          lastActivityAt: new Date('2026-01-05T06:25:00Z'),
          holdSeconds: 1800,
          confirmed: false,
          releasedAt: null,
        },
        {
          number: number!,
          visitorId: 'vis_next',
          startedAt: new Date('2026-01-05T07:10:00Z'),
          lastActivityAt: new Date('2026-01-05T07:12:00Z'),
          holdSeconds: 1800,
          confirmed: true,
          releasedAt: null,
        },
      ]);
      const stats = await leaseHourStats(database.db, workspaceId, pool.id, from, to);
      assert.deepEqual(
        [...stats.entries()],
        [
          [from.getTime(), { leases: 1, holdingSeconds: 15, shortestGapSeconds: 900 }],
          // The same visitor's next session takes the number back: no handover in that hour.
          [from.getTime() + hourMs, { leases: 1, holdingSeconds: 1920, shortestGapSeconds: null }],
        ],
      );
    });

    test('a pool’s leases and numbers stay in their workspace', async () => {
      const other = (
        await createWorkspace(database.db, { name: 'Other', timeZone: 'UTC', currency: 'USD' }, now)
      ).id;
      const pool = await seedPool(database.db, workspaceId, { size: 3, now });
      await insertLeases(database.db, pool, [
        {
          number: pool.numbers[0]!,
          visitorId: 'vis_1',
          startedAt: new Date('2026-01-05T07:00:00Z'),
          lastActivityAt: new Date('2026-01-05T07:00:00Z'),
          holdSeconds: 600,
          confirmed: true,
          releasedAt: null,
        },
      ]);
      assert.equal(await poolSize(database.db, workspaceId, pool.id), 3);
      assert.equal(await poolSize(database.db, other, pool.id), 0);
      assert.equal((await leaseHourStats(database.db, other, pool.id, from, to)).size, 0);
    });
  });
}
