/**
 * GET /reports/customers(.csv) and /reports/sources.csv on both databases: a January cohort of
 * customers by first touch, their calls and revenue to date, and the reports as CSV files.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CustomersReport } from '@calltrail/protocol';
import { addCalls, addSessions } from '../../reports/report-fixtures.ts';
import { fakeClock } from '../../testing/fake-clock.ts';
import { createSite, seedWorkspace, startTestApp, type TestApp } from '../../testing/test-app.ts';
import { databaseChoices } from '../../testing/test-database.ts';

const january = 'from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z';
const at = (iso: string) => new Date(iso);

for (const choice of databaseChoices()) {
  describe(`the customers report on ${choice.kind}`, { skip: choice.skip }, () => {
    let t: TestApp;
    let headers: Record<string, string>;
    let siteId: string;

    before(async () => {
      t = await startTestApp(choice.kind, fakeClock('2026-04-01T00:00:00Z'));
      const ws = await seedWorkspace(t);
      headers = ws.headers;
      siteId = (await createSite(t, headers)).id;
      const db = t.database.db;
      await addSessions(db, { workspaceId: ws.workspaceId, siteId }, [
        // Ann found the clinic through the brand ad, then came back through organic search.
        {
          id: 'ses_ann1',
          visitorId: 'vis_ann',
          startedAt: at('2026-01-05T09:00:00Z'),
          channel: 'paid_search',
          source: 'google',
          campaign: 'brand',
        },
        {
          id: 'ses_ann2',
          visitorId: 'vis_ann',
          startedAt: at('2026-02-01T09:00:00Z'),
          channel: 'organic_search',
          source: 'google',
        },
        {
          id: 'ses_bob',
          visitorId: 'vis_bob',
          startedAt: at('2026-01-10T09:00:00Z'),
          channel: 'organic_search',
          source: 'yandex',
          campaign: '=SUM(A1)',
        },
        { id: 'ses_dan', visitorId: 'vis_dan', startedAt: at('2025-12-20T09:00:00Z'), channel: 'direct' },
      ]);
      const ann = { caller: '+79990000001', visitorId: 'vis_ann' };
      await addCalls(db, ws.workspaceId, [
        { ...ann, startedAt: at('2026-01-05T09:05:00Z'), sessionId: 'ses_ann1', status: 'completed' },
        {
          ...ann,
          startedAt: at('2026-02-01T09:05:00Z'),
          sessionId: 'ses_ann2',
          status: 'completed',
          qualified: true,
          dealValue: 1000,
        },
        { ...ann, startedAt: at('2026-03-01T09:05:00Z'), status: 'completed', dealValue: 500 },
        // A call the clock has not reached yet is not lifetime "to date".
        { ...ann, startedAt: at('2026-04-02T09:05:00Z'), status: 'completed', dealValue: 9000 },
        {
          caller: '+79990000002',
          visitorId: 'vis_bob',
          sessionId: 'ses_bob',
          startedAt: at('2026-01-10T09:05:00Z'),
          status: 'missed',
          qualified: true,
        },
        // Dan first called in December: January's call is a repeat, not a new customer.
        {
          caller: '+79990000004',
          visitorId: 'vis_dan',
          sessionId: 'ses_dan',
          startedAt: at('2025-12-20T09:05:00Z'),
          status: 'completed',
        },
        {
          caller: '+79990000004',
          visitorId: 'vis_dan',
          startedAt: at('2026-01-20T09:05:00Z'),
          status: 'completed',
        },
        // Eve's call matched no session; Fay first called in February.
        {
          caller: '+79990000005',
          startedAt: at('2026-01-15T09:05:00Z'),
          status: 'completed',
          dealValue: 200,
        },
        { caller: '+79990000006', startedAt: at('2026-02-15T09:05:00Z'), status: 'completed' },
        // Outbound calls are not the customer calling.
        {
          caller: '+79990000001',
          direction: 'outbound',
          startedAt: at('2026-01-06T09:05:00Z'),
          status: 'completed',
        },
      ]);
    });
    after(() => t.close());

    const report = async (query: string): Promise<CustomersReport> => {
      const response = await t.app.inject({
        method: 'GET',
        url: `/api/v1/reports/customers?${query}`,
        headers,
      });
      assert.equal(response.statusCode, 200, response.body);
      return response.json();
    };
    const csv = async (path: string) => {
      const response = await t.app.inject({ method: 'GET', url: `/api/v1/reports/${path}`, headers });
      assert.equal(response.statusCode, 200, response.body);
      assert.match(String(response.headers['content-type']), /^text\/csv/);
      assert.ok(response.body.startsWith('\uFEFF'));
      return response.body
        .replace(/^\uFEFF/, '')
        .trimEnd()
        .split('\r\n');
    };

    test('groups January’s new customers by the first touch of their first call, with calls and revenue to date', async () => {
      const r = await report(january);
      assert.deepEqual(
        [r.currency, r.groupBy, r.from, r.to],
        ['RUB', 'channel', '2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z'],
      );
      assert.deepEqual(r.rows, [
        {
          key: 'paid_search',
          customers: 1,
          calls: 3,
          repeatCalls: 2,
          callsPerCustomer: 3,
          qualifiedCalls: 1,
          deals: 2,
          revenue: 1500,
          revenuePerCustomer: 1500,
        },
        {
          key: null,
          customers: 1,
          calls: 1,
          repeatCalls: 0,
          callsPerCustomer: 1,
          qualifiedCalls: 0,
          deals: 1,
          revenue: 200,
          revenuePerCustomer: 200,
        },
        {
          key: 'organic_search',
          customers: 1,
          calls: 1,
          repeatCalls: 0,
          callsPerCustomer: 1,
          qualifiedCalls: 1,
          deals: 0,
          revenue: 0,
          revenuePerCustomer: 0,
        },
      ]);
      assert.deepEqual(r.totals, {
        customers: 3,
        calls: 5,
        repeatCalls: 2,
        callsPerCustomer: 5 / 3,
        qualifiedCalls: 2,
        deals: 3,
        revenue: 1700,
        revenuePerCustomer: 1700 / 3,
      });
    });

    test('groups by source or campaign, and narrows to a site', async () => {
      const bySource = await report(`${january}&groupBy=source`);
      assert.deepEqual(
        bySource.rows.map((row) => [row.key, row.customers]),
        [
          ['google', 1],
          [null, 1],
          ['yandex', 1],
        ],
      );
      const bySite = await report(`${january}&siteId=${siteId}`);
      assert.equal(bySite.totals.customers, 2, 'Eve’s call matched no session of the site');
    });

    test('a period without new customers has zeros, not divisions by zero', async () => {
      const r = await report('from=2025-06-01T00:00:00Z&to=2025-07-01T00:00:00Z');
      assert.deepEqual(r.rows, []);
      assert.deepEqual(
        [r.totals.customers, r.totals.callsPerCustomer, r.totals.revenuePerCustomer],
        [0, 0, 0],
      );
    });

    test('by default the cohort is the 90 days before now', async () => {
      const r = await report('');
      assert.equal(r.to, '2026-04-01T00:00:00.000Z');
      assert.equal(r.from, '2026-01-01T00:00:00.000Z');
      assert.equal(r.totals.customers, 4, 'Fay, who first called in February, too');
    });

    test('bad queries are refused', async () => {
      for (const [query, code] of [
        ['groupBy=term', 'VALIDATION_FAILED'],
        ['from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z', 'INVALID_PERIOD'],
        ['from=2024-01-01T00:00:00Z&to=2026-01-01T00:00:00Z', 'PERIOD_TOO_LONG'],
      ]) {
        const response = await t.app.inject({
          method: 'GET',
          url: `/api/v1/reports/customers?${query}`,
          headers,
        });
        assert.equal(response.statusCode, 400, response.body);
        assert.equal(response.json().error.code, code);
      }
    });

    test('the customers CSV has a line per group, then the totals, keys defused', async () => {
      const rows = await csv(`customers.csv?${january}&groupBy=campaign`);
      assert.deepEqual(rows, [
        'row,campaign,customers,calls,repeat_calls,calls_per_customer,qualified_calls,deals,revenue,revenue_per_customer',
        'group,brand,1,3,2,3,1,2,1500,1500',
        'group,,1,1,0,1,0,1,200,200',
        "group,'=SUM(A1),1,1,0,1,1,0,0,0",
        `total,,3,5,2,${5 / 3},2,3,1700,${1700 / 3}`,
      ]);
    });

    test('the sources CSV has every figure, and the comparison period’s when asked', async () => {
      const plain = await csv(`sources.csv?${january}&groupBy=campaign`);
      assert.ok(
        plain[0]?.startsWith('row,campaign,sessions,calls,unique_callers,first_time_calls,'),
        plain[0],
      );
      assert.ok(
        plain.some((row) => row.startsWith("group,'=SUM(A1),1,1,")),
        plain.join('\n'),
      );
      assert.ok(plain.at(-1)?.startsWith('total,,'));
      const compared = await csv(
        `sources.csv?${january}&compareFrom=2025-12-01T00:00:00Z&compareTo=2026-01-01T00:00:00Z`,
      );
      assert.ok(compared[0]?.includes(',calls_previous,'), compared[0]);
      assert.ok(compared[0]?.includes(',calls_change,'), compared[0]);
      const header = compared[0]?.split(',') ?? [];
      const total = compared.at(-1)?.split(',') ?? [];
      assert.equal(total[header.indexOf('calls_previous')], '1', 'Dan’s December call');
    });
  });
}
