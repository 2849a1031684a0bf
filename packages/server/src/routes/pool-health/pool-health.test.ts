/** GET /api/v1/pools/{id}/health and POST …/health/evaluate on both databases, with a fake clock. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { erlangB } from '@calltrail/core';
import {
  insertLeases,
  recordPoolHour,
  seedPool,
  type TestLease,
  type TestPool,
} from '../../pool-health/test-pool.ts';
import { fakeClock } from '../../testing/fake-clock.ts';
import { roleHeaders, seedWorkspace, startTestApp, type TestApp } from '../../testing/test-app.ts';
import { databaseChoices } from '../../testing/test-database.ts';

const at = (iso: string, seconds = 0) => new Date(new Date(iso).getTime() + seconds * 1000);

/** A confirmed lease with no visit beyond its first page and a 30-minute hold. */
const halfHourLease = (number: string, visitorId: string, startedAt: Date): TestLease => ({
  number,
  visitorId,
  startedAt,
  lastActivityAt: startedAt,
  holdSeconds: 1800,
  confirmed: true,
  releasedAt: null,
});

for (const choice of databaseChoices()) {
  describe(`pool health on ${choice.kind}`, { skip: choice.skip }, () => {
    let t: TestApp;
    let headers: Record<string, string>;
    let pool: TestPool;

    before(async () => {
      t = await startTestApp(choice.kind, fakeClock('2026-01-05T10:20:00Z'));
      const seeded = await seedWorkspace(t);
      headers = seeded.headers;
      pool = await seedPool(t.database.db, seeded.workspaceId, { size: 30, now: t.clock.now() });
      // 09:00: 40 sessions, each holding a number for half an hour: 20 erlangs on 30 numbers. Lease i
      // starts at 09:00 + 90 s·i on number i mod 30, so a number goes to its next visitor 15 minutes
      // after the first one's window closed.
      await recordPoolHour(t.database.db, pool, '2026-01-05T09:00:00Z', { sessions: 40 });
      await insertLeases(
        t.database.db,
        pool,
        Array.from({ length: 40 }, (_, i) =>
          halfHourLease(pool.numbers[i % 30]!, `vis_${i}`, at('2026-01-05T09:00:00Z', 90 * i)),
        ),
      );
      // 10:00, 20 minutes in: 10 sessions so far, a rate of 30 an hour: 15 erlangs.
      await recordPoolHour(t.database.db, pool, '2026-01-05T10:00:00Z', { sessions: 10 });
      await insertLeases(
        t.database.db,
        pool,
        Array.from({ length: 10 }, (_, j) =>
          halfHourLease(pool.numbers[10 + j]!, `vis_late_${j}`, at('2026-01-05T10:00:00Z', 60 * j)),
        ),
      );
    });
    after(() => t.close());

    const get = (query = '', as = headers) =>
      t.app.inject({ method: 'GET', url: `/api/v1/pools/${pool.id}/health${query}`, headers: as });

    test('reports the last 24 hours by default, one entry per hour, the current one last', async () => {
      const response = await get();
      assert.equal(response.statusCode, 200, response.body);
      const body = response.json();
      assert.equal(body.poolId, pool.id);
      assert.equal(body.poolSize, 30);
      assert.equal(body.targetBlocking, 0.01);
      assert.equal(body.from, '2026-01-04T11:00:00.000Z');
      assert.equal(body.to, '2026-01-05T11:00:00.000Z');
      assert.equal(body.hours.length, 24);
      assert.equal(body.hours[0].hour, '2026-01-04T11:00:00.000Z');
      assert.equal(body.hours[23].hour, '2026-01-05T10:00:00.000Z');
      assert.deepEqual(
        body.hours.map((h: { complete: boolean }) => h.complete),
        [...Array(23).fill(true), false],
      );
    });

    test('an hour of 40 half-hour sessions offers 20 erlangs, which 30 numbers carry at 1%', async () => {
      const nine = (await get()).json().hours[22];
      assert.deepEqual(nine, {
        hour: '2026-01-05T09:00:00.000Z',
        complete: true,
        sessions: 40,
        leased: 40,
        fallbacks: 0,
        overflows: 0,
        reused: 0,
        blocked: 0,
        poolSize: 30,
        meanHoldingSeconds: 1800,
        offeredLoad: 20,
        utilisation: 20 / 30,
        observedBlocking: 0,
        predictedBlocking: erlangB(20, 30),
        recommendedSize: 30,
        shortestGap: 900,
        aboveTarget: false,
      });
    });

    test('the current hour’s load is its sessions over the time elapsed so far', async () => {
      const ten = (await get()).json().hours[23];
      assert.equal(ten.complete, false);
      assert.equal(ten.sessions, 10);
      assert.equal(ten.offeredLoad, 15);
      assert.equal(ten.predictedBlocking, erlangB(15, 30));
      // 10 leases of half an hour in 20 minutes: 15 numbers held on average, half the pool.
      assert.equal(ten.utilisation, 0.5);
      // Number 10 + j was last held by lease 10 + j, whose window closed at 09:45 + 90 s·j.
      assert.equal(ten.shortestGap, 900 - 30 * 9);
    });

    test('an hour without sessions offers nothing and has no observed blocking', async () => {
      const quiet = (await get()).json().hours[0];
      assert.equal(quiet.sessions, 0);
      assert.equal(quiet.offeredLoad, 0);
      assert.equal(quiet.observedBlocking, null);
      assert.equal(quiet.shortestGap, null);
      assert.equal(quiet.utilisation, 0);
      assert.equal(quiet.recommendedSize, 1);
    });

    test('rounds the period out to whole hours', async () => {
      const body = (await get('?from=2026-01-05T09:30:00Z&to=2026-01-05T09:45:00Z')).json();
      assert.equal(body.from, '2026-01-05T09:00:00.000Z');
      assert.equal(body.to, '2026-01-05T10:00:00.000Z');
      assert.deepEqual(
        body.hours.map((h: { hour: string }) => h.hour),
        ['2026-01-05T09:00:00.000Z'],
      );
    });

    test('stops at the current hour when asked about the future', async () => {
      const body = (await get('?from=2026-01-05T08:00:00Z&to=2026-01-06T00:00:00Z')).json();
      assert.equal(body.to, '2026-01-05T11:00:00.000Z');
      assert.equal(body.hours.length, 3);
    });

    test('takes 24 hours back from an explicit end', async () => {
      const body = (await get('?to=2026-01-03T00:00:00Z')).json();
      assert.equal(body.from, '2026-01-02T00:00:00.000Z');
      assert.equal(body.hours.length, 24);
    });

    const refused = [
      { query: '?from=2026-01-05T09:00:00Z&to=2026-01-05T08:00:00Z', status: 400, code: 'INVALID_PERIOD' },
      { query: '?from=2025-12-01T00:00:00Z&to=2026-01-05T00:00:00Z', status: 400, code: 'PERIOD_TOO_LONG' },
      { query: '?from=yesterday', status: 400, code: 'VALIDATION_FAILED' },
    ];
    for (const { query, status, code } of refused) {
      test(`answers ${query} with ${code}`, async () => {
        const response = await get(query);
        assert.equal(response.statusCode, status, response.body);
        assert.equal(response.json().error.code, code);
      });
    }

    test('an unknown pool is not found', async () => {
      const response = await t.app.inject({
        method: 'GET',
        url: '/api/v1/pools/pool_nope/health',
        headers,
      });
      assert.equal(response.statusCode, 404);
      assert.equal(response.json().error.code, 'POOL_NOT_FOUND');
    });

    test('analysts read pool health; operators, who work calls, may not', async () => {
      const workspaceId = pool.workspaceId;
      const token = (role: 'analyst' | 'operator') => roleHeaders(t, workspaceId, role);
      assert.equal((await get('', await token('analyst'))).statusCode, 200);
      const operator = await get('', await token('operator'));
      assert.equal(operator.statusCode, 403);
      assert.equal(operator.json().error.code, 'FORBIDDEN');
    });

    test('evaluating on demand raises the alert of an hour blocking above its target, once', async () => {
      const evaluate = () =>
        t.app.inject({ method: 'POST', url: `/api/v1/pools/${pool.id}/health/evaluate`, headers });
      const calm = await evaluate();
      assert.equal(calm.statusCode, 200, calm.body);
      assert.deepEqual(calm.json(), { alerts: [] });

      await recordPoolHour(t.database.db, pool, '2026-01-05T08:00:00Z', { sessions: 40, fallbacks: 8 });
      const first = await evaluate();
      assert.equal(first.statusCode, 200, first.body);
      const [alert] = first.json().alerts;
      assert.equal(first.json().alerts.length, 1);
      assert.equal(alert.poolId, pool.id);
      assert.equal(alert.poolName, 'Sales');
      assert.equal(alert.kind, 'blocking_above_target');
      assert.equal(alert.hour, '2026-01-05T08:00:00.000Z');
      assert.equal(alert.observed, 0.2);
      assert.equal(alert.target, 0.01);
      // No lease started at 08:00, so the holding time is the pool's 30-minute hold: 40 × 0.5 h = 20 erlangs.
      assert.equal(alert.recommendedSize, 30);
      assert.equal(alert.createdAt, '2026-01-05T10:20:00.000Z');

      const again = await evaluate();
      assert.deepEqual(again.json().alerts, [alert]);
      const health = (await get()).json().hours[21];
      assert.equal(health.aboveTarget, true);
      assert.equal(health.observedBlocking, 0.2);
    });
  });
}
