/** The call log as CSV: the list's filters, callers masked per role, user text defused. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { maskPhone } from '@calltrail/core';
import { roleHeaders, seedWorkspace, startTestApp, type TestApp } from '../../testing/test-app.ts';
import { databaseChoices } from '../../testing/test-database.ts';

const caller = '+79161234567';

for (const choice of databaseChoices()) {
  describe(`the call log’s CSV export on ${choice.kind}`, { skip: choice.skip }, () => {
    let t: TestApp;
    let owner: Record<string, string>;
    let analyst: Record<string, string>;

    before(async () => {
      t = await startTestApp(choice.kind);
      const seeded = await seedWorkspace(t);
      owner = seeded.headers;
      analyst = await roleHeaders(t, seeded.workspaceId, 'analyst');
      const ids: string[] = [];
      for (const [callId, at] of [
        ['older', '2026-01-01T10:00:00Z'],
        ['newer', '2026-01-02T10:00:00Z'],
      ]) {
        const response = await t.app.inject({
          method: 'POST',
          url: `/hooks/v1/generic/${seeded.workspaceId}?secret=${seeded.webhookSecret}`,
          payload: { callId, at, event: 'ringing', from: caller, to: '+74950000001' },
        });
        ids.push(response.json().callId);
      }
      const annotated = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/calls/${ids[1]}`,
        headers: owner,
        payload: { tags: ['=HYPERLINK("http://evil.test","click")', 'запись'], dealValue: 1500.5 },
      });
      assert.equal(annotated.statusCode, 200, annotated.body);
    });
    after(() => t.close());

    const exportAs = async (headers: Record<string, string>, query = '') => {
      const response = await t.app.inject({
        method: 'GET',
        url: `/api/v1/calls/export.csv${query}`,
        headers,
      });
      assert.equal(response.statusCode, 200, response.body);
      return response;
    };
    const rowsOf = (body: string) =>
      body
        .replace(/^\uFEFF/, '')
        .trimEnd()
        .split('\r\n');

    test('an analyst’s export masks callers and escapes a formula in a tag', async () => {
      const response = await exportAs(analyst);
      assert.match(String(response.headers['content-type']), /^text\/csv; charset=utf-8/);
      assert.ok(response.body.startsWith('\uFEFF'), 'opens with a byte order mark');
      const [header, newer, older] = rowsOf(response.body);
      assert.ok(header?.startsWith('id,started_at,direction,status,caller,'));
      assert.ok(!response.body.includes(caller), 'the full number is never written');
      assert.ok(newer?.includes(`,'${maskPhone(caller)},`), newer);
      assert.ok(older?.includes(`,'${maskPhone(caller)},`), older);
      assert.ok(newer?.includes(`"'=HYPERLINK(""http://evil.test"",""click""), запись"`), newer);
      assert.ok(newer?.endsWith(',1500.5'), 'the deal value is written as a number');
    });

    test('an owner sees the full number, still defused as text', async () => {
      const [, newer] = rowsOf((await exportAs(owner)).body);
      assert.ok(newer?.includes(`,'${caller},`), newer);
    });

    test('the list’s filters apply and the trailer says the rows were not cut', async () => {
      const response = await exportAs(owner, '?from=2026-01-02T00:00:00Z');
      assert.equal(rowsOf(response.body).length, 2);
      assert.equal(response.headers['x-calltrail-row-limit'], '100000');
      assert.equal(response.trailers['x-calltrail-truncated'], 'false');
    });

    test('a period that ends before it starts is refused', async () => {
      const response = await t.app.inject({
        method: 'GET',
        url: '/api/v1/calls/export.csv?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z',
        headers: owner,
      });
      assert.equal(response.statusCode, 400);
      assert.equal(response.json().error.code, 'INVALID_PERIOD');
    });
  });
}
