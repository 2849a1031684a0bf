/**
 * The whole call-tracking loop over HTTP: a visitor gets a tracking number, calls it, and the
 * call comes back attributed to that visitor's session and source. Runs on every database.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { seedWorkspace, startTestApp, type TestApp } from './testing/test-app.ts';
import { databaseChoices } from './testing/test-database.ts';

const origin = 'https://clinic.example';

for (const choice of databaseChoices()) {
  describe(`the call-tracking loop on ${choice.kind}`, { skip: choice.skip }, () => {
    let t: TestApp;
    let headers: Record<string, string>;
    let workspaceId: string;
    let secret: string;
    let siteKey: string;
    let poolNumbers: string[];
    const visitors: Record<string, { vid: string; sid: string; number: string }> = {};
    const sentEvents: Record<string, string | undefined>[] = [];

    before(async () => {
      t = await startTestApp(choice.kind);
      ({ headers, workspaceId, webhookSecret: secret } = await seedWorkspace(t));
    });
    after(() => t.close());

    const snippet = (path: string, body: unknown) =>
      t.app.inject({
        method: 'POST',
        url: `/s/v1/${path}`,
        headers: { 'content-type': 'text/plain;charset=UTF-8', origin },
        payload: JSON.stringify(body),
      });

    // The snippet's first heartbeat, seconds after the page became visible, confirms the lease.
    const confirm = async (visitor: { vid: string; sid: string }) => {
      t.clock.advance({ seconds: 5 });
      const beat = await snippet('hit', {
        v: '1.0.0',
        k: siteKey,
        ...visitor,
        u: `${origin}/`,
        t: 'heartbeat',
      });
      assert.equal(beat.statusCode, 200, beat.body);
    };

    const callEvent = (body: unknown, query = `?secret=${secret}`) =>
      t.app.inject({
        method: 'POST',
        url: `/hooks/v1/generic/${workspaceId}${query}`,
        payload: body as object,
      });

    const listCalls = async () => {
      const response = await t.app.inject({ method: 'GET', url: '/api/v1/calls', headers });
      assert.equal(response.statusCode, 200, response.body);
      return response.json().items as {
        id: string;
        providerCallId: string;
        status: string;
        caller: string | null;
        trackingNumber: string;
        talkSeconds: number | null;
        channel: string | null;
        attribution: { status: string; sessionId: string | null; reason: string; confidence: number };
        firstTime: boolean;
        repeat: boolean;
        previousCallId: string | null;
        visitorId: string | null;
        session: {
          id: string;
          landingPage: string;
          touch: { source: string; medium: string; campaign: string };
        } | null;
      }[];
    };

    test('an owner sets up a site and a pool of three numbers', async () => {
      const site = await t.app.inject({
        method: 'POST',
        url: '/api/v1/sites',
        headers,
        payload: { name: 'Clinic', domains: ['clinic.example'], businessNumbers: ['+7 (495) 123-45-67'] },
      });
      assert.equal(site.statusCode, 201, site.body);
      siteKey = site.json().key;
      assert.deepEqual(site.json().businessNumbers, ['+74951234567']);

      const pool = await t.app.inject({
        method: 'POST',
        url: '/api/v1/pools',
        headers,
        payload: {
          siteId: site.json().id,
          name: 'Main',
          businessNumber: '8 495 123-45-67',
          numbers: ['+7 495 000-00-01', '+7 495 000-00-02', '+7 495 000-00-03'],
        },
      });
      assert.equal(pool.statusCode, 201, pool.body);
      poolNumbers = pool.json().numbers;
      assert.equal(poolNumbers.length, 3);
      assert.equal(pool.json().holdMinutes, 30);
    });

    test('two visitors from different sources get different numbers', async () => {
      const paid = await snippet('session', {
        v: '1.0.0',
        k: siteKey,
        u: `${origin}/implants?utm_source=yandex&utm_medium=cpc&utm_campaign=implants&utm_term=dental+implant`,
        r: 'https://yandex.ru/',
        ym: '1700000000123456789',
      });
      assert.equal(paid.statusCode, 200, paid.body);
      assert.equal(paid.headers['access-control-allow-origin'], origin);
      const paidBody = paid.json();
      assert.match(paidBody.vid, /^vis_/);
      assert.equal(paidBody.numbers.length, 1);
      assert.equal(paidBody.numbers[0].biz, '+74951234567');
      assert.equal(paidBody.numbers[0].kind, 'pool');
      assert.ok(poolNumbers.includes(paidBody.numbers[0].show));
      visitors.paid = { vid: paidBody.vid, sid: paidBody.sid, number: paidBody.numbers[0].show };
      await confirm(visitors.paid);

      t.clock.advance({ minutes: 1 });
      const organic = await snippet('session', {
        v: '1.0.0',
        k: siteKey,
        u: `${origin}/prices`,
        r: 'https://www.google.com/',
        ga: { cid: '1234567890.1700000000', sid: '1700000000' },
      });
      assert.equal(organic.statusCode, 200, organic.body);
      const organicBody = organic.json();
      assert.notEqual(organicBody.vid, paidBody.vid);
      assert.notEqual(organicBody.numbers[0].show, paidBody.numbers[0].show);
      visitors.organic = { vid: organicBody.vid, sid: organicBody.sid, number: organicBody.numbers[0].show };
      await confirm(visitors.organic);
    });

    test('a second page view keeps the session and the number', async () => {
      t.clock.advance({ minutes: 2 });
      const hit = await snippet('hit', {
        v: '1.0.0',
        k: siteKey,
        vid: visitors.organic!.vid,
        sid: visitors.organic!.sid,
        u: `${origin}/contacts`,
        t: 'page',
      });
      assert.equal(hit.statusCode, 200, hit.body);
      assert.equal(hit.json().numbers[0].show, visitors.organic!.number);
    });

    test('each visitor calls and each call comes back attributed to the right session and source', async () => {
      t.clock.advance({ minutes: 3 });
      const paidCall = [
        { callId: 'pbx-1', event: 'ringing', from: '+7 916 123-45-67', to: visitors.paid!.number },
        { callId: 'pbx-1', event: 'answered', from: '+7 916 123-45-67', to: visitors.paid!.number },
        {
          callId: 'pbx-1',
          event: 'ended',
          from: '+7 916 123-45-67',
          to: visitors.paid!.number,
          status: 'completed',
        },
      ];
      for (const [i, event] of paidCall.entries()) {
        sentEvents.push({ ...event, at: new Date(t.clock.now().getTime() + i * 20_000).toISOString() });
        const response = await callEvent(sentEvents.at(-1));
        assert.equal(response.statusCode, 200, response.body);
      }
      const organicCall = await callEvent({
        callId: 'pbx-2',
        event: 'ringing',
        from: '89031112233',
        to: visitors.organic!.number,
      });
      assert.equal(organicCall.statusCode, 200, organicCall.body);

      const calls = await listCalls();
      assert.equal(calls.length, 2);
      const first = calls.find((c) => c.providerCallId === 'pbx-1')!;
      assert.equal(first.status, 'completed');
      assert.equal(first.talkSeconds, 20);
      assert.equal(first.caller, '+79161234567');
      assert.equal(first.attribution.status, 'attributed');
      assert.equal(first.attribution.sessionId, visitors.paid!.sid);
      assert.equal(first.channel, 'paid_search');
      assert.deepEqual(
        [first.session?.touch.source, first.session?.touch.medium, first.session?.touch.campaign],
        ['yandex', 'cpc', 'implants'],
      );
      const second = calls.find((c) => c.providerCallId === 'pbx-2')!;
      assert.equal(second.status, 'ringing');
      assert.equal(second.caller, '+79031112233');
      assert.equal(second.attribution.sessionId, visitors.organic!.sid);
      assert.equal(second.channel, 'organic_search');
      assert.equal(second.session?.touch.source, 'google');
      assert.equal(second.session?.landingPage, `${origin}/prices`);
    });

    test('a call to a number with no live lease is unattributed, with the reason', async () => {
      const idle = poolNumbers.find((n) => n !== visitors.paid!.number && n !== visitors.organic!.number)!;
      const response = await callEvent({ callId: 'pbx-3', event: 'ringing', from: 'anonymous', to: idle });
      assert.equal(response.statusCode, 200, response.body);
      const call = (await listCalls()).find((c) => c.providerCallId === 'pbx-3')!;
      assert.equal(call.attribution.status, 'unattributed');
      assert.equal(call.attribution.reason, 'no_live_lease');
      assert.equal(call.caller, null);
      assert.equal(call.session, null);
    });

    test('a repeat call after the hold has run out names the visitor, but only as uncertain', async () => {
      t.clock.advance({ minutes: 31 });
      const response = await callEvent({
        callId: 'pbx-4',
        event: 'ringing',
        from: '+79161234567',
        to: visitors.paid!.number,
      });
      assert.equal(response.statusCode, 200, response.body);
      const calls = await listCalls();
      const call = calls.find((c) => c.providerCallId === 'pbx-4')!;
      assert.equal(call.attribution.status, 'uncertain');
      assert.equal(call.attribution.reason, 'grace_window');
      assert.equal(call.attribution.sessionId, visitors.paid!.sid);
      const first = calls.find((c) => c.providerCallId === 'pbx-1')!;
      assert.deepEqual(
        [call.firstTime, call.repeat, call.previousCallId, call.visitorId],
        [false, true, first.id, visitors.paid!.vid],
      );
      assert.deepEqual([first.firstTime, first.repeat, first.visitorId], [true, false, visitors.paid!.vid]);
    });

    test('a duplicate webhook creates no second call and changes nothing', async () => {
      const before = await listCalls();
      const response = await callEvent(sentEvents.find((e) => e.callId === 'pbx-1' && e.event === 'ended'));
      assert.equal(response.statusCode, 200, response.body);
      assert.equal(response.json().duplicate, true);
      assert.deepEqual(await listCalls(), before);
    });

    test('a malformed webhook gets a 400 with a clear code and stores nothing', async () => {
      const before = await listCalls();
      const missingTo = await callEvent({ callId: 'pbx-9', event: 'ringing', from: '+79161234567' });
      assert.equal(missingTo.statusCode, 400);
      assert.equal(missingTo.json().error.code, 'VALIDATION_FAILED');
      const badJson = await t.app.inject({
        method: 'POST',
        url: `/hooks/v1/generic/${workspaceId}?secret=${secret}`,
        headers: { 'content-type': 'application/json' },
        payload: '{"callId": "pbx-9", ',
      });
      assert.equal(badJson.statusCode, 400);
      assert.equal(badJson.json().error.code, 'MALFORMED_BODY');
      const wrongSecret = await callEvent(
        { callId: 'pbx-9', event: 'ringing', from: '+79161234567', to: poolNumbers[0] },
        '?secret=nope',
      );
      assert.equal(wrongSecret.statusCode, 401);
      assert.equal(wrongSecret.json().error.code, 'INVALID_WEBHOOK_SECRET');
      assert.deepEqual(await listCalls(), before);
    });
  });
}
