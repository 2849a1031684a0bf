/** GET /api/v1/reports/sources on both databases: drill-down, first vs last touch, costs and comparison. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { SourcesReport } from '@calltrail/protocol';
import { addCalls, addCosts, addSessions } from '../../reports/report-fixtures.ts';
import { fakeClock } from '../../testing/fake-clock.ts';
import { createSite, seedWorkspace, startTestApp, type TestApp } from '../../testing/test-app.ts';
import { databaseChoices } from '../../testing/test-database.ts';

// The workspace keeps Moscow time (UTC+3): January there is [Dec 31 21:00Z, Jan 31 21:00Z).
const january = 'from=2025-12-31T21:00:00Z&to=2026-01-31T21:00:00Z';
const december = 'compareFrom=2025-11-30T21:00:00Z&compareTo=2025-12-31T21:00:00Z';
const at = (iso: string) => new Date(iso);
const brand = { source: 'google', medium: 'cpc', campaign: 'brand' };

for (const choice of databaseChoices()) {
  describe(`sources report on ${choice.kind}`, { skip: choice.skip }, () => {
    let t: TestApp;
    let headers: Record<string, string>;
    const report = async (query: string, as = headers): Promise<SourcesReport> => {
      const response = await t.app.inject({
        method: 'GET',
        url: `/api/v1/reports/sources?${query}`,
        headers: as,
      });
      assert.equal(response.statusCode, 200, response.body);
      return response.json();
    };
    const row = (r: SourcesReport, key: string | null) => r.rows.find((x) => x.key === key);

    before(async () => {
      t = await startTestApp(choice.kind, fakeClock('2026-02-02T09:00:00Z'));
      const ws = await seedWorkspace(t);
      headers = ws.headers;
      const site = await createSite(t, headers);
      const db = t.database.db;
      const scope = { workspaceId: ws.workspaceId, siteId: site.id };
      await addSessions(db, scope, [
        // Ann clicked the brand ad in December and came back through organic search in January.
        {
          id: 'ses_ann_dec',
          visitorId: 'vis_ann',
          startedAt: at('2025-12-20T10:00:00Z'),
          channel: 'paid_search',
          ...brand,
          term: 'clinic',
        },
        {
          id: 'ses_ann_jan',
          visitorId: 'vis_ann',
          startedAt: at('2026-01-10T10:00:00Z'),
          channel: 'organic_search',
          source: 'google',
          medium: 'organic',
        },
        {
          id: 'ses_bob',
          visitorId: 'vis_bob',
          startedAt: at('2026-01-12T10:00:00Z'),
          channel: 'paid_search',
          ...brand,
          term: 'dentist',
          landingPage: 'https://clinic.example/teeth',
        },
        { id: 'ses_cat', visitorId: 'vis_cat', startedAt: at('2026-01-15T10:00:00Z'), channel: 'direct' },
      ]);
      await addCalls(db, ws.workspaceId, [
        {
          caller: '+79990000001',
          startedAt: at('2025-12-20T10:05:00Z'),
          sessionId: 'ses_ann_dec',
          visitorId: 'vis_ann',
          status: 'completed',
          dealValue: 1000,
        },
        {
          caller: '+79990000001',
          startedAt: at('2026-01-10T10:05:00Z'),
          sessionId: 'ses_ann_jan',
          visitorId: 'vis_ann',
          status: 'completed',
          firstTime: false,
          waitSeconds: 10,
          qualified: true,
          dealValue: 5000,
        },
        {
          caller: '+79990000002',
          startedAt: at('2026-01-12T10:05:00Z'),
          sessionId: 'ses_bob',
          visitorId: 'vis_bob',
          status: 'missed',
          waitSeconds: 30,
        },
        {
          caller: '+79990000002',
          startedAt: at('2026-01-12T10:20:00Z'),
          sessionId: 'ses_bob',
          visitorId: 'vis_bob',
          status: 'completed',
          firstTime: false,
          waitSeconds: 5,
        },
        { caller: '+79990000003', startedAt: at('2026-01-20T10:00:00Z'), status: 'completed' },
        // Calling a customer back is no lead.
        {
          caller: '+79990000002',
          startedAt: at('2026-01-12T11:00:00Z'),
          sessionId: 'ses_bob',
          status: 'completed',
          direction: 'outbound',
        },
      ]);
      await addCosts(db, ws.workspaceId, [
        { day: '2025-12-20', ...brand, cost: 2000, currency: 'RUB' },
        // Jan 1 in Moscow starts at Dec 31 21:00Z: inside January's period.
        { day: '2026-01-01', ...brand, cost: 3000, currency: 'RUB' },
        { day: '2026-01-06', ...brand, keyword: 'dentist', cost: 1000, currency: 'RUB' },
        { day: '2026-01-07', ...brand, cost: 50, currency: 'USD' },
      ]);
    });
    after(() => t.close());

    test('by channel, last touch: sessions, calls, shares, wait, cost, CPL and ROMI per channel', async () => {
      const r = await report(january);
      assert.deepEqual(
        r.rows.map((x) => x.key),
        ['paid_search', 'organic_search', null, 'direct'],
      );
      const paid = row(r, 'paid_search')?.metrics;
      assert.deepEqual(
        paid && {
          sessions: paid.sessions,
          calls: paid.calls,
          uniqueCallers: paid.uniqueCallers,
          firstTimeCalls: paid.firstTimeCalls,
          answered: paid.answered,
          missed: paid.missed,
          missedShare: paid.missedShare,
          meanWaitSeconds: paid.meanWaitSeconds,
          conversion: paid.conversion,
          cost: paid.cost,
          cpl: paid.cpl,
          cpo: paid.cpo,
          romi: paid.romi,
        },
        {
          sessions: 1,
          calls: 2,
          uniqueCallers: 1,
          firstTimeCalls: 1,
          answered: 1,
          missed: 1,
          missedShare: 0.5,
          meanWaitSeconds: 17.5,
          conversion: 2,
          cost: 4000,
          cpl: 2000,
          cpo: null,
          romi: -1,
        },
      );
      const organic = row(r, 'organic_search')?.metrics;
      assert.deepEqual(
        organic && [organic.calls, organic.qualifiedShare, organic.revenue, organic.deals, organic.cost],
        [1, 1, 5000, 1, 0],
      );
      assert.equal(row(r, null)?.metrics.calls, 1, 'the unattributed call has a row of its own');
      assert.equal(r.currency, 'RUB');
    });

    test('totals count each caller once and all costs in the workspace’s currency', async () => {
      const { totals } = await report(january);
      assert.deepEqual(
        [
          totals.metrics.sessions,
          totals.metrics.calls,
          totals.metrics.uniqueCallers,
          totals.metrics.cost,
          totals.metrics.romi,
        ],
        [3, 4, 3, 4000, 0.25],
      );
    });

    test('first touch credits Ann’s January call and its deal to the December ad', async () => {
      const r = await report(`${january}&touch=first`);
      assert.equal(r.touch, 'first');
      assert.deepEqual(
        [
          row(r, 'paid_search')?.metrics.calls,
          row(r, 'paid_search')?.metrics.revenue,
          row(r, 'organic_search')?.metrics.calls,
        ],
        [3, 5000, 0],
      );
      assert.equal(row(r, 'organic_search')?.metrics.sessions, 1, 'sessions keep their own touch');
    });

    test('drilling down to keywords splits keyword costs from campaign-wide ones', async () => {
      const r = await report(`${january}&groupBy=term&channel=paid_search&source=google&campaign=brand`);
      const dentist = row(r, 'dentist')?.metrics;
      assert.deepEqual(dentist && [dentist.sessions, dentist.calls, dentist.cost], [1, 2, 1000]);
      assert.equal(row(r, null)?.metrics.cost, 3000);
      assert.equal(r.totals.metrics.cost, 4000);
    });

    test('by landing page, costs are only in the totals', async () => {
      const r = await report(`${january}&groupBy=landingPage`);
      assert.equal(row(r, 'https://clinic.example/teeth')?.metrics.calls, 2);
      assert.equal(row(r, 'https://clinic.example/teeth')?.metrics.cost, null);
      assert.equal(r.totals.metrics.cost, 4000);
    });

    test('with a comparison period each row carries December’s figures and the change', async () => {
      const r = await report(`${january}&${december}`);
      const paid = row(r, 'paid_search')?.comparison;
      assert.deepEqual(paid && [paid.metrics.calls, paid.metrics.cost, paid.change.calls, paid.change.cost], [
        1,
        2000,
        { absolute: 1, relative: 1 },
        { absolute: 2000, relative: 1 },
      ]);
      assert.deepEqual(row(r, 'direct')?.comparison?.change.sessions, { absolute: 1, relative: null });
      assert.equal(r.totals.comparison?.metrics.revenue, 1000);
    });

    test('an analyst may read reports; an operator may not', async () => {
      const analyst = await seedWorkspace(t, 'Agency', 'analyst');
      assert.equal((await report(january, analyst.headers)).totals.metrics.calls, 0);
      const operator = await seedWorkspace(t, 'Shop', 'operator');
      const response = await t.app.inject({
        method: 'GET',
        url: `/api/v1/reports/sources?${january}`,
        headers: operator.headers,
      });
      assert.equal(response.statusCode, 403);
    });

    test('a period must end after it starts and last at most 366 days', async () => {
      const get = (query: string) =>
        t.app.inject({ method: 'GET', url: `/api/v1/reports/sources?${query}`, headers });
      assert.equal(
        (await get('from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z')).json().error.code,
        'INVALID_PERIOD',
      );
      assert.equal(
        (await get('from=2024-01-01T00:00:00Z&to=2026-01-01T00:00:00Z')).json().error.code,
        'PERIOD_TOO_LONG',
      );
      assert.equal(
        (await get(`${january}&compareFrom=2025-11-30T21:00:00Z`)).json().error.code,
        'INVALID_PERIOD',
      );
      assert.equal((await get('to=2026-01-01T00:00:00Z')).statusCode, 400);
    });
  });
}
