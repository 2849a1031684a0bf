/**
 * GET /calls/{id}/journey over HTTP: a visitor who came twice (through the snippet API), called twice
 * and was called back; a caller with no visitor; and another workspace's call.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { maskPhone } from '@calltrail/core';
import type { CallJourney } from '@calltrail/protocol';
import { postCall } from '../../calls/call-script.ts';
import { fakeClock } from '../../testing/fake-clock.ts';
import {
  createSite,
  roleHeaders,
  seedWorkspace,
  startTestApp,
  type TestApp,
} from '../../testing/test-app.ts';
import { databaseChoices } from '../../testing/test-database.ts';

const origin = 'https://clinic.example';
const android =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36';
const ann = '+79161234567';
const stranger = '+79031112233';

for (const choice of databaseChoices()) {
  describe(`a call’s journey on ${choice.kind}`, { skip: choice.skip }, () => {
    let t: TestApp;
    let headers: Record<string, string>;
    let analyst: Record<string, string>;
    let siteKey: string;
    let visitorId: string;
    const sessionIds: string[] = [];
    const callIds: Record<string, string> = {};
    let otherWorkspaceCall: string;

    const snippet = async (path: string, body: Record<string, unknown>) => {
      const response = await t.app.inject({
        method: 'POST',
        url: `/s/v1/${path}`,
        headers: { 'content-type': 'text/plain;charset=UTF-8', origin, 'user-agent': android },
        payload: JSON.stringify({ v: '1.0.0', k: siteKey, ...body }),
      });
      assert.equal(response.statusCode, 200, response.body);
      return response.json();
    };

    /** A session that lands on `url`, confirms its number, then views `pages`; returns its number. */
    const visit = async (url: string, pages: string[], extra: Record<string, unknown> = {}) => {
      const session = await snippet('session', { u: url, ...(visitorId && { vid: visitorId }), ...extra });
      visitorId = session.vid;
      sessionIds.push(session.sid);
      const ids = { vid: session.vid, sid: session.sid };
      t.clock.advance({ seconds: 5 });
      await snippet('hit', { ...ids, u: url, t: 'heartbeat' });
      for (const page of pages) {
        t.clock.advance({ seconds: 30 });
        await snippet('hit', { ...ids, u: page, t: 'page' });
      }
      return session.numbers[0].show as string;
    };

    before(async () => {
      t = await startTestApp(choice.kind, fakeClock('2026-03-02T09:00:00Z'));
      const ws = await seedWorkspace(t);
      headers = ws.headers;
      analyst = await roleHeaders(t, ws.workspaceId, 'analyst');
      const site = await createSite(t, headers);
      siteKey = site.key;
      const pool = await t.app.inject({
        method: 'POST',
        url: '/api/v1/pools',
        headers,
        payload: {
          siteId: site.id,
          name: 'Main',
          businessNumber: '+74951234567',
          numbers: ['+74950000001', '+74950000002'],
        },
      });
      assert.equal(pool.statusCode, 201, pool.body);

      const now = () => t.clock.now().toISOString();
      const first = await visit(
        `${origin}/implants?utm_source=yandex&utm_medium=cpc&utm_campaign=implants&yclid=42`,
        [`${origin}/prices`, `${origin}/contacts`],
        { r: 'https://yandex.ru/', ym: '1700000000123456789' },
      );
      callIds.first = await postCall(t, ws, {
        callId: 'first',
        at: now(),
        from: ann,
        to: first,
        agent: 'anna',
      });
      t.clock.advance({ hours: 1 });
      callIds.callback = await postCall(t, ws, {
        callId: 'callback',
        at: now(),
        from: '101',
        to: ann,
        direction: 'outbound',
        agent: 'anna',
      });
      t.clock.advance({ days: 2 });
      const second = await visit(`${origin}/`, [], { r: 'https://www.google.com/' });
      callIds.second = await postCall(t, ws, { callId: 'second', at: now(), from: ann, to: second });
      callIds.stranger = await postCall(t, ws, {
        callId: 'stranger',
        at: now(),
        from: stranger,
        to: '+74959999999',
      });
      const other = await seedWorkspace(t, 'Other clinic');
      otherWorkspaceCall = await postCall(t, other, {
        callId: 'x',
        at: now(),
        from: ann,
        to: '+74950000001',
      });
    });
    after(() => t.close());

    const journey = async (id: string): Promise<CallJourney> => {
      const response = await t.app.inject({ method: 'GET', url: `/api/v1/calls/${id}/journey`, headers });
      assert.equal(response.statusCode, 200, response.body);
      return response.json();
    };

    test('lists the visitor’s sessions oldest first, with source, pages, device and numbers', async () => {
      const { visitorId: id, sessions } = await journey(callIds.second!);
      assert.equal(id, visitorId);
      assert.deepEqual(
        sessions.map((s) => s.id),
        sessionIds,
      );
      const [paid, organic] = sessions;
      assert.deepEqual(
        [paid?.channel, paid?.touch.source, paid?.touch.medium, paid?.touch.campaign],
        ['paid_search', 'yandex', 'cpc', 'implants'],
      );
      assert.equal(paid?.clickIds.yclid, '42');
      assert.equal(paid?.metricaClientId, '1700000000123456789');
      assert.equal(paid?.referrer, 'https://yandex.ru/');
      assert.deepEqual(
        paid?.pageViews.map((v) => new URL(v.url).pathname),
        ['/implants', '/prices', '/contacts'],
      );
      assert.deepEqual([paid?.device, paid?.browser, paid?.os], ['mobile', 'Chrome 131', 'Android 14']);
      assert.deepEqual(paid?.geo, { country: null, region: null, city: null });
      assert.equal(paid?.trackingNumbers.length, 1);
      assert.deepEqual(paid?.attributedCallIds, [callIds.first]);
      assert.equal(organic?.channel, 'organic_search');
      assert.deepEqual(organic?.attributedCallIds, [callIds.second]);
    });

    test('lists the caller’s calls, callbacks included, oldest first', async () => {
      const { calls } = await journey(callIds.first!);
      assert.deepEqual(
        calls.map((c) => [c.id, c.direction]),
        [
          [callIds.first, 'inbound'],
          [callIds.callback, 'outbound'],
          [callIds.second, 'inbound'],
        ],
      );
      assert.equal(calls[0]?.sessionId, sessionIds[0]);
      assert.equal(calls[0]?.status, 'completed');
    });

    test('an analyst sees the number a callback dialled masked, like the caller', async () => {
      const response = await t.app.inject({
        method: 'GET',
        url: `/api/v1/calls/${callIds.first}/journey`,
        headers: analyst,
      });
      const { calls } = response.json() as CallJourney;
      assert.deepEqual(
        calls.map((c) => c.trackingNumber === ann),
        [false, false, false],
      );
      assert.equal(calls[1]?.trackingNumber, maskPhone(ann));
    });

    test('a call linked to no visitor shows only the caller’s calls', async () => {
      assert.deepEqual(await journey(callIds.stranger!), {
        visitorId: null,
        sessions: [],
        calls: [
          {
            id: callIds.stranger,
            startedAt: '2026-03-04T10:01:10.000Z',
            direction: 'inbound',
            status: 'missed',
            trackingNumber: '+74959999999',
            sessionId: null,
          },
        ],
      });
    });

    test('another workspace’s call and an unknown one are not found', async () => {
      for (const id of [otherWorkspaceCall, 'call_nope']) {
        const response = await t.app.inject({ method: 'GET', url: `/api/v1/calls/${id}/journey`, headers });
        assert.equal(response.statusCode, 404);
        assert.equal(response.json().error.code, 'CALL_NOT_FOUND');
      }
    });
  });
}
