/** GET /api/v1/reports/heatmap and …/timeseries on both databases, read on the workspace's clock. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { hourWeekdayGrid } from '@calltrail/core';
import type { Heatmap, Timeseries } from '@calltrail/protocol';
import { eq } from 'drizzle-orm';
import { workspaces } from '../../db/schema.ts';
import { addCalls, addSessions, type FixtureCall } from '../../reports/report-fixtures.ts';
import { fakeClock } from '../../testing/fake-clock.ts';
import { createSite, seedWorkspace, startTestApp, type TestApp } from '../../testing/test-app.ts';
import { databaseChoices } from '../../testing/test-database.ts';

const at = (iso: string) => new Date(iso);
// New York: UTC−5 until 8 March 2026, UTC−4 after; the period spans the change.
const march = 'from=2026-03-01T05:00:00Z&to=2026-03-15T04:00:00Z';

const inbound: FixtureCall[] = [
  // Monday 2 March 09:30 local (UTC−5), answered.
  { caller: '+12125550101', startedAt: at('2026-03-02T14:30:00Z'), sessionId: 'ses_ad', status: 'completed' },
  // Monday 9 March 09:30 local (UTC−4): the same cell, though an hour earlier in UTC.
  { caller: '+12125550102', startedAt: at('2026-03-09T13:30:00Z'), status: 'missed' },
  // Sunday 1 March 23:59 local: the week's last cell.
  { caller: '+12125550103', startedAt: at('2026-03-02T04:59:00Z'), sessionId: 'ses_ad', status: 'busy' },
  // Saturday 14 March 23:00 local, the period's last day.
  { caller: '+12125550104', startedAt: at('2026-03-15T03:00:00Z'), status: 'completed' },
];

for (const choice of databaseChoices()) {
  describe(`calendar reports on ${choice.kind}`, { skip: choice.skip }, () => {
    let t: TestApp;
    let headers: Record<string, string>;
    const get = async <T>(path: string): Promise<T> => {
      const response = await t.app.inject({ method: 'GET', url: `/api/v1/reports/${path}`, headers });
      assert.equal(response.statusCode, 200, response.body);
      return response.json();
    };

    before(async () => {
      t = await startTestApp(choice.kind, fakeClock('2026-03-20T12:00:00Z'));
      const ws = await seedWorkspace(t);
      headers = ws.headers;
      const db = t.database.db;
      await db
        .update(workspaces)
        .set({ timeZone: 'America/New_York' })
        .where(eq(workspaces.id, ws.workspaceId));
      const site = await createSite(t, headers);
      await addSessions(db, { workspaceId: ws.workspaceId, siteId: site.id }, [
        {
          id: 'ses_ad',
          visitorId: 'vis_a',
          startedAt: at('2026-03-02T04:50:00Z'),
          channel: 'paid_search',
          source: 'google',
        },
        { id: 'ses_b', visitorId: 'vis_b', startedAt: at('2026-03-02T15:00:00Z'), channel: 'direct' },
      ]);
      await addCalls(db, ws.workspaceId, [
        ...inbound,
        {
          caller: '+12125550105',
          startedAt: at('2026-03-03T15:00:00Z'),
          status: 'completed',
          direction: 'outbound',
        },
      ]);
    });
    after(() => t.close());

    test('the heat map counts calls per local weekday and hour, across a daylight saving change', async () => {
      const map = await get<Heatmap>(`heatmap?${march}`);
      assert.equal(map.timeZone, 'America/New_York');
      assert.equal(map.cells.length, 168);
      const cell = (weekday: number, hour: number) =>
        map.cells.find((c) => c.weekday === weekday && c.hour === hour);
      assert.deepEqual(cell(0, 9), { weekday: 0, hour: 9, calls: 2, missed: 1 });
      assert.deepEqual(cell(6, 23), { weekday: 6, hour: 23, calls: 1, missed: 1 });
    });

    test('the database reads the zone as core’s Intl grid does', async () => {
      const map = await get<Heatmap>(`heatmap?${march}`);
      const grid = hourWeekdayGrid(inbound, (c) => c.startedAt, 'America/New_York');
      assert.deepEqual(
        map.cells.map((c) => c.calls),
        grid.flat(),
      );
    });

    test('the heat map drills down to the touch credited with each call', async () => {
      const map = await get<Heatmap>(`heatmap?${march}&channel=paid_search`);
      assert.deepEqual(
        map.cells.filter((c) => c.calls > 0).map((c) => [c.weekday, c.hour, c.calls]),
        [
          [0, 9, 1],
          [6, 23, 1],
        ],
      );
    });

    test('the series lists every local day with its sessions, calls and conversion', async () => {
      const series = await get<Timeseries>(`timeseries?${march}`);
      assert.equal(series.days.length, 14);
      assert.deepEqual(series.days[0], { day: '2026-03-01', sessions: 1, calls: 1, conversion: 1 });
      assert.deepEqual(series.days[1], { day: '2026-03-02', sessions: 1, calls: 1, conversion: 1 });
      assert.deepEqual(series.days[2], { day: '2026-03-03', sessions: 0, calls: 0, conversion: null });
      assert.deepEqual(series.days[13], { day: '2026-03-14', sessions: 0, calls: 1, conversion: null });
    });
  });
}
