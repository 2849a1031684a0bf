/** Ad costs over HTTP: a CSV with one bad row, a corrected re-upload, the uploads and the sums. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { roleHeaders, seedWorkspace, startTestApp, type TestApp } from '../../testing/test-app.ts';
import { databaseChoices } from '../../testing/test-database.ts';

const csv = (...lines: string[]) => `${lines.join('\r\n')}\r\n`;

for (const choice of databaseChoices()) {
  describe(`ad costs on ${choice.kind}`, { skip: choice.skip }, () => {
    let t: TestApp;
    let owner: Record<string, string>;
    let analyst: Record<string, string>;

    before(async () => {
      t = await startTestApp(choice.kind);
      const seeded = await seedWorkspace(t);
      owner = seeded.headers;
      analyst = await roleHeaders(t, seeded.workspaceId, 'analyst');
    });
    after(() => t.close());

    const upload = (body: string, headers = owner, fileName = 'march.csv') =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/costs?fileName=${encodeURIComponent(fileName)}`,
        headers: { ...headers, 'content-type': 'text/csv; charset=utf-8' },
        payload: body,
      });
    const totals = async (query: string) => {
      const response = await t.app.inject({ method: 'GET', url: `/api/v1/costs?${query}`, headers: analyst });
      assert.equal(response.statusCode, 200, response.body);
      return response.json();
    };

    test('a file with one bad row stores the others and reports that row', async () => {
      const response = await upload(
        csv(
          'Date;Source;Medium;Campaign;Keyword;Cost;Currency',
          '01.03.2026;yandex;cpc;весна;окна;1 000,50;RUB',
          '01.03.2026;yandex;cpc;весна;двери;500;RUB',
          '02.03.2026;yandex;cpc;весна;;700;USD',
          '02.03.2026;google;cpc;spring;;300;rub',
        ),
      );
      assert.equal(response.statusCode, 200, response.body);
      const result = response.json();
      assert.equal(result.rowsAdded, 3);
      assert.deepEqual(result.errors, [
        {
          row: 4,
          column: 'currency',
          message: 'USD is not the workspace’s currency RUB; convert the costs to RUB',
        },
      ]);
    });

    test('costs are summed per day, source, medium and campaign', async () => {
      assert.deepEqual(await totals('from=2026-03-01&to=2026-03-02'), {
        currency: 'RUB',
        items: [
          { day: '2026-03-01', source: 'yandex', medium: 'cpc', campaign: 'весна', cost: 1500.5 },
          { day: '2026-03-02', source: 'google', medium: 'cpc', campaign: 'spring', cost: 300 },
        ],
      });
      assert.deepEqual((await totals('from=2026-03-02&to=2026-03-02')).items.length, 1);
    });

    test('a corrected re-upload replaces the rows of the same key instead of adding to them', async () => {
      t.clock.advance({ minutes: 5 });
      const response = await upload(
        csv('date,source,medium,campaign,keyword,cost,currency', '2026-03-01,yandex,cpc,весна,окна,900,RUB'),
        owner,
        'march-fixed.csv',
      );
      assert.equal(response.json().rowsAdded, 1);
      const [march1] = (await totals('from=2026-03-01&to=2026-03-01')).items;
      assert.equal(march1.cost, 1400);
    });

    test('the uploads are listed newest first with their errors', async () => {
      const response = await t.app.inject({ method: 'GET', url: '/api/v1/costs/uploads', headers: analyst });
      assert.equal(response.statusCode, 200, response.body);
      const { items } = response.json();
      assert.deepEqual(
        items.map((u: { fileName: string; rowsAdded: number; errors: unknown[] }) => [
          u.fileName,
          u.rowsAdded,
          u.errors.length,
        ]),
        [
          ['march-fixed.csv', 1, 0],
          ['march.csv', 3, 1],
        ],
      );
    });

    test('a header without a required column refuses the whole file', async () => {
      const response = await upload(csv('date,source,campaign,cost', '2026-03-01,google,spring,1'));
      assert.equal(response.statusCode, 400);
      const { error } = response.json();
      assert.equal(error.code, 'COST_COLUMNS_MISSING');
      assert.deepEqual(error.details, { missing: ['medium', 'currency'] });
    });

    test('only roles that change settings may upload, and only CSV', async () => {
      const forbidden = await upload(csv('date,source,medium,campaign,cost,currency'), analyst);
      assert.equal(forbidden.statusCode, 403);
      const json = await t.app.inject({
        method: 'POST',
        url: '/api/v1/costs',
        headers: owner,
        payload: { date: '2026-03-01' },
      });
      assert.equal(json.statusCode, 415);
      assert.equal(json.json().error.code, 'UNSUPPORTED_MEDIA_TYPE');
    });

    test('a period that ends before it starts, or runs past a year, is refused', async () => {
      for (const [query, code] of [
        ['from=2026-03-02&to=2026-03-01', 'INVALID_PERIOD'],
        ['from=2025-01-01&to=2026-03-01', 'PERIOD_TOO_LONG'],
        ['from=01.03.2026&to=2026-03-01', 'VALIDATION_FAILED'],
      ]) {
        const response = await t.app.inject({
          method: 'GET',
          url: `/api/v1/costs?${query}`,
          headers: analyst,
        });
        assert.equal(response.statusCode, 400, query);
        assert.equal(response.json().error.code, code);
      }
    });
  });
}
