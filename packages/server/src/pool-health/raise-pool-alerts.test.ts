/** raisePoolAlerts on both databases: which pool hours alert, once each, and how far back it looks. */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { Database } from '../db/database.ts';
import { poolAlerts, poolHours } from '../db/schema.ts';
import { createWorkspace } from '../stores/sql/workspaces.ts';
import { type FakeClock, fakeClock } from '../testing/fake-clock.ts';
import { databaseChoices, openTestDatabase } from '../testing/test-database.ts';
import { raisePoolAlerts } from './raise-pool-alerts.ts';
import { insertLeases, recordPoolHour, seedPool } from './test-pool.ts';

for (const choice of databaseChoices()) {
  describe(`raising pool alerts on ${choice.kind}`, { skip: choice.skip }, () => {
    let database: Database;
    let clock: FakeClock;
    const workspace = () =>
      createWorkspace(database.db, { name: 'Clinic', timeZone: 'UTC', currency: 'USD' }, clock.now()).then(
        (w) => w.id,
      );

    before(async () => {
      database = await openTestDatabase(choice.kind);
    });
    beforeEach(async () => {
      clock = fakeClock('2026-01-05T10:20:00Z');
      // Each test starts from no traffic and no alerts: evaluation spans every workspace.
      await database.db.delete(poolAlerts);
      await database.db.delete(poolHours);
    });
    after(() => database.close());

    test('an hour blocking above the target beyond chance raises one alert with the size that meets it', async () => {
      const pool = await seedPool(database.db, await workspace(), { size: 24, now: clock.now() });
      await recordPoolHour(database.db, pool, '2026-01-05T09:00:00Z', {
        sessions: 40,
        fallbacks: 3,
        overflows: 2,
        reused: 1,
      });
      const started = new Date('2026-01-05T09:00:00Z').getTime();
      await insertLeases(
        database.db,
        pool,
        Array.from({ length: 35 }, (_, i) => ({
          number: pool.numbers[i % 24]!,
          visitorId: `vis_${i}`,
          startedAt: new Date(started + i * 60_000),
          lastActivityAt: new Date(started + i * 60_000 + 180_000),
          holdSeconds: 1800,
          confirmed: true,
          releasedAt: null,
        })),
      );
      const result = await raisePoolAlerts(database.db, clock.now());
      assert.equal(result.evaluated, 1);
      assert.equal(result.alerts.length, 1);
      const [{ row, raised }] = result.alerts as [(typeof result.alerts)[number]];
      assert.equal(raised, true);
      assert.equal(row.poolId, pool.id);
      assert.equal(row.workspaceId, pool.workspaceId);
      assert.equal(row.kind, 'blocking_above_target');
      assert.equal(row.hour.toISOString(), '2026-01-05T09:00:00.000Z');
      assert.equal(row.observed, 6 / 40);
      assert.equal(row.target, 0.01);
      // 40 sessions an hour holding 3 + 30 minutes each: 22 erlangs, which need 32 numbers at 1%.
      assert.equal(row.recommendedSize, 32);
    });

    test('evaluating again raises nothing new and keeps the alert’s id and time', async () => {
      const pool = await seedPool(database.db, await workspace(), { size: 10, now: clock.now() });
      await recordPoolHour(database.db, pool, '2026-01-05T09:00:00Z', { sessions: 20, fallbacks: 4 });
      const first = await raisePoolAlerts(database.db, clock.now());
      clock.advance({ minutes: 5 });
      const second = await raisePoolAlerts(database.db, clock.now());
      assert.equal(second.alerts.length, 1);
      assert.equal(second.alerts[0]!.raised, false);
      assert.equal(second.alerts[0]!.row.id, first.alerts[0]!.row.id);
      assert.equal(second.alerts[0]!.row.createdAt.toISOString(), '2026-01-05T10:20:00.000Z');
      assert.equal((await database.db.select().from(poolAlerts)).length, 1);
    });

    test('the current hour alerts as soon as it is clear, and its figures follow it as it fills', async () => {
      const pool = await seedPool(database.db, await workspace(), { size: 10, now: clock.now() });
      await recordPoolHour(database.db, pool, '2026-01-05T10:00:00Z', { sessions: 20, fallbacks: 5 });
      const early = await raisePoolAlerts(database.db, clock.now());
      assert.equal(early.alerts[0]!.row.observed, 0.25);
      clock.advance({ minutes: 30 });
      await recordPoolHour(database.db, pool, '2026-01-05T10:00:00Z', { sessions: 80, fallbacks: 12 });
      const later = await raisePoolAlerts(database.db, clock.now());
      assert.equal(later.alerts[0]!.raised, false);
      assert.equal(later.alerts[0]!.row.id, early.alerts[0]!.row.id);
      assert.equal(later.alerts[0]!.row.observed, 0.15);
    });

    const quiet = [
      { name: 'fewer than 20 sessions, however many were blocked', sessions: 19, fallbacks: 19 },
      { name: 'blocking above the target by no more than chance', sessions: 100, fallbacks: 5 },
      { name: 'blocking at the target', sessions: 500, fallbacks: 5 },
      { name: 'no sessions at all', sessions: 0, fallbacks: 0 },
    ];
    for (const { name, sessions, fallbacks } of quiet) {
      test(`an hour with ${name} raises nothing`, async () => {
        const pool = await seedPool(database.db, await workspace(), { size: 10, now: clock.now() });
        await recordPoolHour(database.db, pool, '2026-01-05T09:00:00Z', { sessions, fallbacks });
        assert.deepEqual((await raisePoolAlerts(database.db, clock.now(), { poolId: pool.id })).alerts, []);
      });
    }

    test('a pool’s own target decides: 4 blocked of 20 is news at 1%, not at 5%', async () => {
      const strict = await seedPool(database.db, await workspace(), { size: 10, now: clock.now() });
      const loose = await seedPool(database.db, await workspace(), {
        size: 10,
        targetBlocking: 0.05,
        now: clock.now(),
      });
      for (const pool of [strict, loose]) {
        await recordPoolHour(database.db, pool, '2026-01-05T09:00:00Z', { sessions: 20, fallbacks: 4 });
      }
      const result = await raisePoolAlerts(database.db, clock.now());
      assert.deepEqual(
        result.alerts.map(({ row }) => row.poolId),
        [strict.id],
      );
    });

    test('looks back over the last 24 hours, the current one included, and not before', async () => {
      const pool = await seedPool(database.db, await workspace(), { size: 10, now: clock.now() });
      for (const hour of ['2026-01-04T10:00:00Z', '2026-01-04T11:00:00Z', '2026-01-05T10:00:00Z']) {
        await recordPoolHour(database.db, pool, hour, { sessions: 20, fallbacks: 10 });
      }
      const result = await raisePoolAlerts(database.db, clock.now());
      assert.deepEqual(
        result.alerts.map(({ row }) => row.hour.toISOString()),
        ['2026-01-04T11:00:00.000Z', '2026-01-05T10:00:00.000Z'],
      );
    });

    test('covers every workspace’s pools unless scoped to one', async () => {
      const a = await seedPool(database.db, await workspace(), { size: 10, now: clock.now() });
      const b = await seedPool(database.db, await workspace(), { size: 10, now: clock.now() });
      for (const pool of [a, b]) {
        await recordPoolHour(database.db, pool, '2026-01-05T09:00:00Z', { sessions: 20, fallbacks: 10 });
      }
      const scoped = await raisePoolAlerts(database.db, clock.now(), {
        workspaceId: b.workspaceId,
        poolId: b.id,
      });
      assert.deepEqual(
        scoped.alerts.map(({ row }) => row.poolId),
        [b.id],
      );
      const foreign = await raisePoolAlerts(database.db, clock.now(), {
        workspaceId: a.workspaceId,
        poolId: b.id,
      });
      assert.deepEqual(foreign.alerts, []);
      const all = await raisePoolAlerts(database.db, clock.now());
      assert.deepEqual(all.alerts.map(({ row }) => row.poolId).sort(), [a.id, b.id].sort());
      assert.deepEqual(
        all.alerts.map(({ row, raised }) => [row.poolId, raised]).sort(),
        [
          [a.id, true],
          [b.id, false],
        ].sort(),
      );
    });
  });
}
