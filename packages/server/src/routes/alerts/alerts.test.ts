/** GET /api/v1/alerts on both databases: newest first, page by page, only the caller's workspace. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { raisePoolAlerts } from '../../pool-health/raise-pool-alerts.ts';
import { recordPoolHour, seedPool, type TestPool } from '../../pool-health/test-pool.ts';
import { fakeClock } from '../../testing/fake-clock.ts';
import { roleHeaders, seedWorkspace, startTestApp, type TestApp } from '../../testing/test-app.ts';
import { databaseChoices } from '../../testing/test-database.ts';

for (const choice of databaseChoices()) {
  describe(`pool alerts on ${choice.kind}`, { skip: choice.skip }, () => {
    let t: TestApp;
    let a: Awaited<ReturnType<typeof seedWorkspace>>;
    let b: Awaited<ReturnType<typeof seedWorkspace>>;
    let sales: TestPool;
    let support: TestPool;
    let theirs: TestPool;

    before(async () => {
      t = await startTestApp(choice.kind, fakeClock('2026-01-05T10:20:00Z'));
      a = await seedWorkspace(t, 'A');
      b = await seedWorkspace(t, 'B');
      const now = t.clock.now();
      sales = await seedPool(t.database.db, a.workspaceId, { size: 10, name: 'Sales', now });
      support = await seedPool(t.database.db, a.workspaceId, { size: 10, name: 'Support', now });
      theirs = await seedPool(t.database.db, b.workspaceId, { size: 10, name: 'Theirs', now });
      // Sales blocks a quarter of its sessions at 08:00 and 09:00, support at 09:00, B's pool at 09:00;
      // the alerts of 08:00 are raised first, 09:00's five minutes later.
      await recordPoolHour(t.database.db, sales, '2026-01-05T08:00:00Z', { sessions: 40, fallbacks: 10 });
      await raisePoolAlerts(t.database.db, t.clock.now());
      t.clock.advance({ minutes: 5 });
      for (const pool of [sales, support, theirs]) {
        await recordPoolHour(t.database.db, pool, '2026-01-05T09:00:00Z', { sessions: 40, fallbacks: 10 });
      }
      await raisePoolAlerts(t.database.db, t.clock.now());
    });
    after(() => t.close());

    const list = (query = '', headers = a.headers) =>
      t.app.inject({ method: 'GET', url: `/api/v1/alerts${query}`, headers });

    test('lists the workspace’s alerts newest first, with the pool’s name and the recommended size', async () => {
      const response = await list();
      assert.equal(response.statusCode, 200, response.body);
      const { items, nextCursor } = response.json();
      assert.equal(nextCursor, null);
      assert.equal(items.length, 3);
      const summary = items.map(
        (i: { poolName: string; hour: string }) => `${i.poolName} ${i.hour.slice(11, 16)}`,
      );
      // The two 09:00 alerts share their creation time; the id breaks the tie.
      assert.deepEqual(summary.slice(0, 2).sort(), ['Sales 09:00', 'Support 09:00']);
      assert.equal(summary[2], 'Sales 08:00');
      const [newest] = items;
      assert.deepEqual(Object.keys(newest).sort(), [
        'createdAt',
        'hour',
        'id',
        'kind',
        'observed',
        'poolId',
        'poolName',
        'recommendedSize',
        'target',
      ]);
      assert.equal(newest.kind, 'blocking_above_target');
      assert.equal(newest.observed, 0.25);
      assert.equal(newest.target, 0.01);
      // No lease history: the pool's 30-minute hold alone, 40 × 0.5 h = 20 erlangs, needs 30 numbers.
      assert.equal(newest.recommendedSize, 30);
    });

    test('pages through with the cursor without repeating or skipping an alert', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = `?limit=1${cursor ? `&cursor=${cursor}` : ''}`;
        const page = (await list(query)).json();
        assert.ok(page.items.length <= 1);
        seen.push(...page.items.map((i: { id: string }) => i.id));
        cursor = page.nextCursor;
      } while (cursor);
      const all = (await list()).json().items.map((i: { id: string }) => i.id);
      assert.deepEqual(seen, all);
    });

    test('filters by pool', async () => {
      const hours = async (pool: TestPool) =>
        (await list(`?poolId=${pool.id}`)).json().items.map((i: { hour: string }) => i.hour);
      assert.deepEqual(await hours(sales), ['2026-01-05T09:00:00.000Z', '2026-01-05T08:00:00.000Z']);
      assert.deepEqual(await hours(support), ['2026-01-05T09:00:00.000Z']);
    });

    test('another workspace sees only its own alerts, and its pool ids are not found here', async () => {
      const { items } = (await list('', b.headers)).json();
      assert.deepEqual(
        items.map((i: { poolId: string }) => i.poolId),
        [theirs.id],
      );
      const foreign = await list(`?poolId=${theirs.id}`);
      assert.equal(foreign.statusCode, 404);
      assert.equal(foreign.json().error.code, 'POOL_NOT_FOUND');
    });

    test('a cursor that is not one is refused', async () => {
      const response = await list('?cursor=nonsense');
      assert.equal(response.statusCode, 400);
      assert.equal(response.json().error.code, 'INVALID_CURSOR');
    });

    test('analysts read alerts; operators may not', async () => {
      const as = (role: 'analyst' | 'operator') => roleHeaders(t, a.workspaceId, role);
      assert.equal((await list('', await as('analyst'))).statusCode, 200);
      assert.equal((await list('', await as('operator'))).statusCode, 403);
    });
  });
}
