import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { roleHeaders, seedWorkspace, startTestApp, type TestApp } from '../../testing/test-app.ts';
import { databaseChoices } from '../../testing/test-database.ts';

for (const choice of databaseChoices()) {
  describe(`importing tracking numbers from CSV on ${choice.kind}`, { skip: choice.skip }, () => {
    let t: TestApp;
    let headers: Record<string, string>;
    let workspaceId: string;
    let site: { id: string };
    let pool: { id: string };

    before(async () => {
      t = await startTestApp(choice.kind);
      ({ headers, workspaceId } = await seedWorkspace(t));
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/v1/sites',
        headers,
        payload: {
          name: 'Clinic',
          domains: ['clinic.example'],
          businessNumbers: ['+74951234567', '+74951234568'],
        },
      });
      site = created.json();
      const pooled = await t.app.inject({
        method: 'POST',
        url: '/api/v1/pools',
        headers,
        payload: {
          siteId: site.id,
          name: 'Paid search',
          businessNumber: '+74951234567',
          numbers: ['+74957000001'],
        },
      });
      assert.equal(pooled.statusCode, 201, pooled.body);
      pool = pooled.json();
    });
    after(() => t.close());

    const upload = (csv: string, as = headers) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/numbers/import',
        headers: { ...as, 'content-type': 'text/csv; charset=utf-8' },
        payload: csv,
      });
    const listed = async () =>
      (
        (await t.app.inject({ method: 'GET', url: '/api/v1/numbers?limit=200', headers })).json() as {
          items: { number: string }[];
        }
      ).items
        .map((n) => n.number)
        .sort();

    test('one bad row refuses the whole file and names every fault by row and column', async () => {
      const before = await listed();
      const response = await upload(
        [
          'Number,Kind,Channel,Source,Site,Pool',
          '8 495 700-00-10,static,paid_search,google,Clinic,',
          'not a number,offline,,,,',
          '+7 495 700-00-11,offline,billboards,,,',
          '+7 495 700-00-12,static,email,,,',
          '+7 495 700-00-13,pool,,,,',
          '84957000010,offline,,,,',
          '+7 495 700-00-14,fax,,,,',
        ].join('\n'),
      );
      assert.equal(response.statusCode, 400, response.body);
      const { error } = response.json();
      assert.equal(error.code, 'VALIDATION_FAILED');
      assert.equal(
        error.message,
        'Row 3 (number): "not a number" is not a phone number. 5 more rows have errors. Nothing was imported.',
      );
      assert.deepEqual(
        error.details.rows.map((r: { row: number; column: string }) => [r.row, r.column]),
        [
          [3, 'number'],
          [4, 'channel'],
          [5, 'site'],
          [6, 'pool'],
          [7, 'number'],
          [8, 'kind'],
        ],
      );
      assert.match(error.details.rows[4].message, /repeats row 2/);
      assert.deepEqual(await listed(), before);
    });

    test('rows are checked against the workspace: unknown sites and pools, numbers already tracked', async () => {
      const response = await upload(
        [
          'number;kind;channel;site;pool;business_number',
          '+74957000001;offline;;;;',
          '+74957000020;static;email;Hospital;;',
          '+74957000021;pool;;;Organic;',
          '+74957000022;static;email;Clinic;;+74959999999',
        ].join('\r\n'),
      );
      assert.equal(response.statusCode, 400, response.body);
      assert.deepEqual(
        response.json().error.details.rows.map((r: { row: number; column: string }) => [r.row, r.column]),
        [
          [2, 'number'],
          [3, 'site'],
          [4, 'pool'],
          [5, 'business_number'],
        ],
      );
    });

    test('a good file adds static, offline and pool numbers in E.164, each where it belongs', async () => {
      const response = await upload(
        [
          'number,kind,channel,source,campaign,site,business_number,pool,destination',
          '8 (495) 700-00-30,static,paid_search,Google,spring,clinic,+74951234568,,',
          '+7 495 700-00-31,offline,,,radio-fm,,,,8 495 123-45-67',
          `+7 495 700-00-32,pool,,,,,,${pool.id},`,
        ].join('\n'),
      );
      assert.equal(response.statusCode, 201, response.body);
      const body = response.json();
      assert.equal(body.imported, 3);
      const byNumber = Object.fromEntries(
        body.items.map((n: Record<string, unknown>) => [
          n.number,
          [n.kind, n.siteId, n.poolId, n.channel, n.source, n.campaign, n.destination],
        ]),
      );
      assert.deepEqual(byNumber, {
        '+74957000030': ['static', site.id, null, 'paid_search', 'google', 'spring', null],
        '+74957000031': ['static', null, null, 'offline', null, 'radio-fm', '+74951234567'],
        '+74957000032': ['pool', site.id, pool.id, null, null, null, null],
      });
      const poolNow = await t.app.inject({ method: 'GET', url: `/api/v1/pools/${pool.id}`, headers });
      assert.deepEqual(poolNow.json().numbers, ['+74957000001', '+74957000032']);
      const again = await upload('number,kind\n+74957000031,offline\n');
      assert.equal(again.statusCode, 400, 'an imported number is taken');
    });

    test('a header without the number or kind column is refused as row 1', async () => {
      const response = await upload('phone,type\n+74957000040,offline\n');
      assert.equal(response.statusCode, 400);
      const [row] = response.json().error.details.rows;
      assert.equal(row.row, 1);
      assert.match(row.message, /lacks number, kind/);
    });

    test('analysts may not import numbers, and JSON is not a CSV', async () => {
      const analyst = await roleHeaders(t, workspaceId, 'analyst');
      assert.equal((await upload('number,kind\n+74957000050,offline\n', analyst)).statusCode, 403);
      const json = await t.app.inject({
        method: 'POST',
        url: '/api/v1/numbers/import',
        headers,
        payload: { number: '+74957000050' },
      });
      assert.equal(json.statusCode, 415);
    });
  });
}
