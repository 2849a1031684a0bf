/**
 * GET /reports/missed(.csv) over HTTP, with calls posted through the generic webhook and a fake
 * clock: each state of the worklist, the summary, paging, masking for analysts and bad queries.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { maskPhone } from '@calltrail/core';
import type { MissedReport } from '@calltrail/protocol';
import { postCall, type ScriptedCall } from '../../calls/call-script.ts';
import { fakeClock } from '../../testing/fake-clock.ts';
import {
  createSite,
  roleHeaders,
  seedWorkspace,
  startTestApp,
  type TestApp,
} from '../../testing/test-app.ts';
import { databaseChoices } from '../../testing/test-database.ts';

const period = 'from=2026-03-09T00:00:00Z&to=2026-03-11T00:00:00Z';
const line = '+74950000001';
const callers = {
  calledBack: '+79160000001',
  reached: '+79160000002',
  gaveUp: '+79160000003',
  trying: '+79160000004',
  waiting: '+79160000005',
  happy: '+79160000006',
};

for (const choice of databaseChoices()) {
  describe(`the missed-calls worklist on ${choice.kind}`, { skip: choice.skip }, () => {
    let t: TestApp;
    let owner: Record<string, string>;
    let analyst: Record<string, string>;
    let operator: Record<string, string>;
    const ids: Record<string, string> = {};

    before(async () => {
      t = await startTestApp(choice.kind, fakeClock('2026-03-10T12:00:00Z'));
      const ws = await seedWorkspace(t);
      owner = ws.headers;
      analyst = await roleHeaders(t, ws.workspaceId, 'analyst');
      operator = await roleHeaders(t, ws.workspaceId, 'operator');
      const inbound = (name: string, at: string, from: string, extra: Partial<ScriptedCall> = {}) =>
        postCall(t, ws, { callId: name, at, from, to: line, ...extra }).then((id) => {
          ids[name] = id;
        });
      const outbound = (name: string, at: string, to: string, agent?: string) =>
        postCall(t, ws, {
          callId: name,
          at,
          from: '101',
          to,
          direction: 'outbound',
          ...(agent && { agent }),
        }).then((id) => {
          ids[name] = id;
        });
      await inbound('withheld', '2026-03-09T07:00:00Z', '');
      await inbound('calledBack', '2026-03-09T08:00:00Z', callers.calledBack);
      await outbound('firstTry', '2026-03-09T08:30:00Z', callers.calledBack);
      await outbound('callback', '2026-03-09T09:00:00Z', callers.calledBack, 'anna');
      await inbound('reached', '2026-03-09T09:00:00Z', callers.reached);
      await inbound('reachedAgain', '2026-03-09T10:00:00Z', callers.reached, { agent: 'boris' });
      await inbound('gaveUp', '2026-03-09T10:00:00Z', callers.gaveUp);
      await outbound('gaveUpTry', '2026-03-09T11:00:00Z', callers.gaveUp);
      await inbound('happy', '2026-03-09T12:00:00Z', callers.happy, { agent: 'anna' });
      await inbound('trying', '2026-03-10T09:00:00Z', callers.trying);
      await outbound('tryingTry', '2026-03-10T10:00:00Z', callers.trying);
      await inbound('waiting', '2026-03-10T11:00:00Z', callers.waiting, { endStatus: 'busy' });
    });
    after(() => t.close());

    const report = async (query: string, headers = owner): Promise<MissedReport> => {
      const response = await t.app.inject({ method: 'GET', url: `/api/v1/reports/missed?${query}`, headers });
      assert.equal(response.statusCode, 200, response.body);
      return response.json();
    };
    const nameOf = (id: string) => Object.entries(ids).find(([, v]) => v === id)?.[0];
    const states = (r: MissedReport) => r.items.map((i) => [nameOf(i.call.id), i.state, i.attempts]);

    test('each missed call, newest first, says what became of it', async () => {
      const r = await report(period);
      assert.deepEqual(states(r), [
        ['waiting', 'pending', 0],
        ['trying', 'attempted', 1],
        ['gaveUp', 'lost', 1],
        ['reached', 'caller_reached', 0],
        ['calledBack', 'called_back', 2],
        ['withheld', 'lost', 0],
      ]);
      const calledBack = r.items.find((i) => i.state === 'called_back');
      assert.deepEqual(calledBack?.callback, {
        callId: ids.callback,
        startedAt: '2026-03-09T09:00:00.000Z',
        afterSeconds: 3600,
        answered: true,
        direction: 'outbound',
      });
      const reached = r.items.find((i) => i.state === 'caller_reached');
      assert.deepEqual(
        [reached?.callback?.callId, reached?.callback?.direction],
        [ids.reachedAgain, 'inbound'],
      );
      assert.equal(r.items.find((i) => i.state === 'pending')?.callback, null);
    });

    test('the summary counts the period’s inbound, missed, recovered, lost and pending calls', async () => {
      assert.deepEqual((await report(period)).summary, {
        inbound: 8,
        missed: 6,
        missedShare: 6 / 8,
        recovered: 2,
        lost: 2,
        lostShare: 2 / 8,
        pending: 1,
        medianCallbackSeconds: 3600,
      });
    });

    test('a state filters the list, not the summary', async () => {
      const r = await report(`${period}&state=lost`);
      assert.deepEqual(
        r.items.map((i) => nameOf(i.call.id)),
        ['gaveUp', 'withheld'],
      );
      assert.equal(r.summary.missed, 6);
    });

    test('pages follow one another without gaps or repeats', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const r: MissedReport = await report(`${period}&limit=4${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...r.items.map((i) => nameOf(i.call.id) ?? '?'));
        cursor = r.nextCursor;
      } while (cursor);
      assert.deepEqual(seen, ['waiting', 'trying', 'gaveUp', 'reached', 'calledBack', 'withheld']);
    });

    test('operators, who call the customers back, work the list with full numbers', async () => {
      const r = await report(period, operator);
      assert.equal(r.items[0]?.call.caller, callers.waiting);
    });

    test('an analyst sees callers masked, in the list and in the CSV', async () => {
      const r = await report(period, analyst);
      assert.equal(r.items[0]?.call.caller, maskPhone(callers.waiting));
      const csv = await t.app.inject({
        method: 'GET',
        url: `/api/v1/reports/missed.csv?${period}`,
        headers: analyst,
      });
      assert.equal(csv.statusCode, 200, csv.body);
      assert.ok(csv.body.startsWith('\uFEFF'));
      for (const number of Object.values(callers)) assert.ok(!csv.body.includes(number), number);
      const rows = csv.body
        .replace(/^\uFEFF/, '')
        .trimEnd()
        .split('\r\n');
      assert.equal(
        rows[0],
        'time,caller,tracking_number,channel,source,state,callback_after_seconds,attempts',
      );
      assert.equal(rows.length, 7);
      assert.ok(
        rows.some((row) => row.endsWith(',called_back,3600,2')),
        rows.join('\n'),
      );
    });

    test('an owner’s CSV has the full numbers, defused as text', async () => {
      const csv = await t.app.inject({
        method: 'GET',
        url: `/api/v1/reports/missed.csv?${period}&state=pending`,
        headers: owner,
      });
      const rows = csv.body
        .replace(/^\uFEFF/, '')
        .trimEnd()
        .split('\r\n');
      assert.deepEqual(rows.slice(1), [`2026-03-10T11:00:00.000Z,'${callers.waiting},'${line},,,pending,,0`]);
    });

    test('once the 24 hours are over, attempted and pending calls are lost', async () => {
      t.clock.set('2026-03-11T11:00:01Z');
      const r = await report(period);
      assert.deepEqual(states(r).slice(0, 2), [
        ['waiting', 'lost', 0],
        ['trying', 'lost', 1],
      ]);
      assert.deepEqual([r.summary.lost, r.summary.pending], [4, 0]);
      t.clock.set('2026-03-10T12:00:00Z');
    });

    test('by default the period is the week before now', async () => {
      const r = await report('');
      assert.equal(r.summary.missed, 6);
      const empty = await report('to=2026-03-09T00:00:00Z');
      assert.equal(empty.summary.inbound, 0);
      assert.equal(empty.summary.missedShare, 0);
    });

    test('a site’s worklist has the calls to its numbers', async () => {
      const [clinic, shop] = [await createSite(t, owner), await createSite(t, owner)];
      const number = await t.app.inject({
        method: 'POST',
        url: '/api/v1/numbers',
        headers: owner,
        payload: { siteId: clinic?.id, number: line, channel: 'offline' },
      });
      assert.equal(number.statusCode, 201, number.body);
      assert.deepEqual((await report(`${period}&siteId=${clinic?.id}`)).summary.missed, 6);
      const elsewhere = await report(`${period}&siteId=${shop?.id}`);
      assert.deepEqual([elsewhere.summary.inbound, elsewhere.items], [0, []]);
    });

    for (const query of ['state=forgotten', 'limit=500', 'limit=0', 'from=yesterday']) {
      test(`?${query} is refused`, async () => {
        const response = await t.app.inject({
          method: 'GET',
          url: `/api/v1/reports/missed?${query}`,
          headers: owner,
        });
        assert.equal(response.statusCode, 400, response.body);
      });
    }

    test('a period that ends before it starts, or a bad cursor, is refused', async () => {
      for (const [query, code] of [
        ['from=2026-03-10T00:00:00Z&to=2026-03-09T00:00:00Z', 'INVALID_PERIOD'],
        ['cursor=nonsense', 'INVALID_CURSOR'],
      ]) {
        const response = await t.app.inject({
          method: 'GET',
          url: `/api/v1/reports/missed?${query}`,
          headers: owner,
        });
        assert.equal(response.statusCode, 400, response.body);
        assert.equal(response.json().error.code, code);
      }
    });
  });
}
