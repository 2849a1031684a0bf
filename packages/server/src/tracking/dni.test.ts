/**
 * The DNI engine through the snippet API and the REST API: routing rules, provisional leases,
 * returning visitors, session switches, exhaustion policies, crawlers, the rate limit and geo.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { buildApp } from '../app.ts';
import { leases, poolHours, sessions } from '../db/schema.ts';
import { openRecordingStore } from '../recordings/open-recording-store.ts';
import { createSite, seedWorkspace, startTestApp, type TestApp, testSecrets } from '../testing/test-app.ts';

const origin = 'https://clinic.example';
const sales = '+74951234567';
const chrome =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

interface Swap {
  biz: string;
  show: string;
  kind: string;
  until: string | null;
}

function harness(env: Record<string, string> = {}) {
  const ctx = {} as {
    t: TestApp;
    headers: Record<string, string>;
    siteId: string;
    siteKey: string;
    workspaceId: string;
    webhookSecret: string;
  };
  before(async () => {
    ctx.t = await startTestApp('pglite', undefined, env);
    ({
      headers: ctx.headers,
      workspaceId: ctx.workspaceId,
      webhookSecret: ctx.webhookSecret,
    } = await seedWorkspace(ctx.t));
    const site = await createSite(ctx.t, ctx.headers, [sales]);
    ctx.siteId = site.id;
    ctx.siteKey = site.key;
  });
  after(() => ctx.t.close());

  const api = async (method: 'POST' | 'PATCH', url: string, payload: object) =>
    ctx.t.app.inject({ method, url, headers: ctx.headers, payload });
  const createPool = async (payload: object) => {
    const response = await api('POST', '/api/v1/pools', {
      siteId: ctx.siteId,
      businessNumber: sales,
      ...payload,
    });
    assert.equal(response.statusCode, 201, response.body);
    return response.json() as { id: string };
  };
  const send = (path: 'session' | 'hit', body: object, extra: Record<string, string> = {}) =>
    ctx.t.app.inject({
      method: 'POST',
      url: `/s/v1/${path}`,
      headers: { 'content-type': 'text/plain', origin, 'user-agent': chrome, ...extra },
      payload: JSON.stringify({ v: '1', k: ctx.siteKey, ...body }),
    });
  const visit = async (url = `${origin}/`, vid?: string, extra: Record<string, string> = {}) => {
    const response = await send('session', { u: url, ...(vid ? { vid } : {}) }, extra);
    assert.equal(response.statusCode, 200, response.body);
    return response.json() as { vid: string; sid: string; numbers: Swap[] };
  };
  const beat = async (s: { vid: string; sid: string }) => {
    const response = await send('hit', { vid: s.vid, sid: s.sid, u: `${origin}/`, t: 'heartbeat' });
    assert.equal(response.statusCode, 200, response.body);
    return response.json() as { numbers: Swap[] };
  };
  const ring = async (to: string, callId: string) => {
    const response = await ctx.t.app.inject({
      method: 'POST',
      url: `/hooks/v1/generic/${ctx.workspaceId}?secret=${ctx.webhookSecret}`,
      payload: { callId, event: 'ringing', from: '+79161234567', to },
    });
    assert.equal(response.statusCode, 200, response.body);
    const call = await ctx.t.app.inject({ url: '/api/v1/calls', headers: ctx.headers });
    return call.json().items.find((c: { providerCallId: string }) => c.providerCallId === callId);
  };
  return { ctx, api, createPool, send, visit, beat, ring };
}

describe('routing rules send each session to its pool', () => {
  const h = harness();

  test('first match by position, the catch-all last; the rule’s channel is the overflow channel', async () => {
    await h.createPool({ name: 'Everyone else', numbers: ['+74950000001'] });
    const paid = await h.createPool({
      name: 'Paid search',
      numbers: ['+74950000011'],
      rules: [{ conditions: [{ field: 'channel', op: 'is', values: ['paid_search'] }] }],
    });
    const implants = await h.createPool({
      name: 'Implants landing',
      position: 1,
      numbers: ['+74950000021'],
      rules: [{ conditions: [{ field: 'landingPage', op: 'startsWith', values: ['/implants'] }] }],
    });
    const fromAds = await h.visit(`${origin}/implants?utm_source=google&utm_medium=cpc`);
    assert.equal(fromAds.numbers[0]?.show, '+74950000011', 'position 0 beats position 1');
    const organic = await h.visit(`${origin}/implants/prices`);
    assert.equal(organic.numbers[0]?.show, '+74950000021');
    const direct = await h.visit(`${origin}/contacts`);
    assert.equal(direct.numbers[0]?.show, '+74950000001');

    const paidPool = await h.ctx.t.app.inject({ url: `/api/v1/pools/${paid.id}`, headers: h.ctx.headers });
    assert.equal(paidPool.json().channel, 'paid_search');
    const implantsPool = await h.ctx.t.app.inject({
      url: `/api/v1/pools/${implants.id}`,
      headers: h.ctx.headers,
    });
    assert.equal(implantsPool.json().channel, null);
  });
});

describe('provisional leases', () => {
  const h = harness();

  test('a lease nobody confirms returns to the pool after 15 s; a heartbeat keeps it', async () => {
    await h.createPool({ name: 'Small', numbers: ['+74950000001'] });
    const ghost = await h.visit();
    assert.equal(ghost.numbers[0]?.kind, 'pool');
    h.ctx.t.clock.advance({ seconds: 10 });
    const blocked = await h.visit();
    assert.equal(blocked.numbers.length, 0, 'still held 10 s later');
    h.ctx.t.clock.advance({ seconds: 6 });
    const person = await h.visit();
    assert.equal(person.numbers[0]?.show, '+74950000001', 'free again after 15 s unconfirmed');
    h.ctx.t.clock.advance({ seconds: 8 });
    await h.beat(person);
    h.ctx.t.clock.advance({ minutes: 20 });
    assert.equal((await h.visit()).numbers.length, 0, 'a confirmed lease is held for the hold time');
    const [row] = await h.ctx.t.database.db.select().from(leases).where(eq(leases.sessionId, person.sid));
    assert.equal(row?.confirmed, true);
    const [ghostRow] = await h.ctx.t.database.db.select().from(leases).where(eq(leases.sessionId, ghost.sid));
    assert.equal(ghostRow?.confirmed, false);
  });
});

describe('returning visitors and session switches', () => {
  const h = harness();

  test('a visitor’s new session keeps its number and the history records the switch', async () => {
    await h.createPool({ name: 'All', numbers: ['+74950000001', '+74950000002', '+74950000003'] });
    const first = await h.visit(`${origin}/?utm_source=google&utm_medium=cpc`);
    await h.beat(first);
    h.ctx.t.clock.advance({ minutes: 2 });
    // A new campaign starts a new session for the same visitor.
    const second = await h.visit(`${origin}/?utm_source=yandex&utm_medium=cpc`, first.vid);
    assert.notEqual(second.sid, first.sid);
    assert.equal(second.numbers[0]?.show, first.numbers[0]?.show);
    const rows = await h.ctx.t.database.db.select().from(leases).where(eq(leases.visitorId, first.vid));
    const old = rows.find((r) => r.sessionId === first.sid);
    const current = rows.find((r) => r.sessionId === second.sid);
    assert.deepEqual(old?.releasedAt, h.ctx.t.clock.now());
    assert.equal(current?.previousLeaseId, old?.id);
    assert.equal(current?.confirmed, true, 'the visitor already proved to be a real page');
  });

  test('a visitor returning after the hold gets its old number again when it is free', async () => {
    const first = await h.visit(`${origin}/?utm_source=bing&utm_medium=cpc`);
    await h.beat(first);
    h.ctx.t.clock.advance({ hours: 3 });
    const back = await h.visit(`${origin}/`, first.vid);
    assert.equal(back.numbers[0]?.show, first.numbers[0]?.show);
  });
});

describe('exhaustion policies', () => {
  const h = harness();

  test('overflow needs an overflow number, and then shows it when the pool is full', async () => {
    const refused = await h.api('POST', '/api/v1/pools', {
      siteId: h.ctx.siteId,
      businessNumber: sales,
      name: 'No overflow',
      numbers: ['+74950000009'],
      exhaustionPolicy: 'overflow',
    });
    assert.equal(refused.statusCode, 400);
    assert.equal(refused.json().error.code, 'OVERFLOW_NUMBER_REQUIRED');

    const pool = await h.createPool({
      name: 'Overflowing',
      numbers: ['+74950000001'],
      exhaustionPolicy: 'overflow',
      overflowNumber: '+74950000077',
      channel: 'paid_search',
    });
    await h.beat(await h.visit());
    const second = await h.visit();
    assert.deepEqual(second.numbers[0], { biz: sales, show: '+74950000077', kind: 'overflow', until: null });
    const numbers = await h.ctx.t.app.inject({ url: '/api/v1/numbers', headers: h.ctx.headers });
    const overflow = numbers.json().items.find((n: { number: string }) => n.number === '+74950000077');
    assert.deepEqual(
      [overflow.kind, overflow.poolId, overflow.channel],
      ['overflow', pool.id, 'paid_search'],
    );
  });

  test('switching the policy to reuse hands out the least recently active number', async () => {
    const [pool] = (await h.ctx.t.app.inject({ url: '/api/v1/pools', headers: h.ctx.headers })).json().items;
    const patched = await h.api('PATCH', `/api/v1/pools/${pool.id}`, { exhaustionPolicy: 'reuse' });
    assert.equal(patched.statusCode, 200, patched.body);
    const taken = await h.visit();
    assert.equal(taken.numbers[0]?.show, '+74950000001');
    const [row] = await h.ctx.t.database.db.select().from(leases).where(eq(leases.sessionId, taken.sid));
    assert.notEqual(row?.reusedFromSessionId, null);
  });

  test('pool health counts how each new session was served', async () => {
    const rows = await h.ctx.t.database.db.select().from(poolHours);
    const total = rows.reduce(
      (sum, r) => ({
        sessions: sum.sessions + r.sessions,
        overflows: sum.overflows + r.overflows,
        reused: sum.reused + r.reused,
      }),
      { sessions: 0, overflows: 0, reused: 0 },
    );
    assert.deepEqual(total, { sessions: 3, overflows: 1, reused: 1 });
  });
});

describe('changing a pool', () => {
  const h = harness();

  test('added numbers are offered at once; removed ones never again; a pool keeps one number', async () => {
    const pool = await h.createPool({ name: 'All', numbers: ['+74950000001'] });
    await h.beat(await h.visit());
    assert.equal((await h.visit()).numbers.length, 0);
    const grown = await h.api('PATCH', `/api/v1/pools/${pool.id}`, { addNumbers: ['+7 495 000-00-02'] });
    assert.deepEqual(grown.json().numbers, ['+74950000001', '+74950000002']);
    assert.equal((await h.visit()).numbers[0]?.show, '+74950000002');
    const empty = await h.api('PATCH', `/api/v1/pools/${pool.id}`, {
      removeNumbers: ['+74950000001', '+74950000002'],
    });
    assert.equal(empty.json().error.code, 'POOL_WOULD_BE_EMPTY');
    const shrunk = await h.api('PATCH', `/api/v1/pools/${pool.id}`, {
      removeNumbers: ['+74950000001'],
      addNumbers: ['+74950000003'],
    });
    assert.deepEqual(shrunk.json().numbers, ['+74950000002', '+74950000003']);
    h.ctx.t.clock.advance({ hours: 2 });
    const shown = new Set([(await h.visit()).numbers[0]?.show, (await h.visit()).numbers[0]?.show]);
    assert.deepEqual(shown, new Set(['+74950000002', '+74950000003']));
  });

  test('a number of another pool or workspace number is refused', async () => {
    const [pool] = (await h.ctx.t.app.inject({ url: '/api/v1/pools', headers: h.ctx.headers })).json().items;
    const clash = await h.api('PATCH', `/api/v1/pools/${pool.id}`, { addNumbers: ['+74950000002'] });
    assert.equal(clash.statusCode, 200, 'a number already in this pool is not a clash');
    const other = await h.createPool({
      name: 'Other',
      numbers: ['+74950000031'],
      position: 1,
      rules: [{ conditions: [{ field: 'source', op: 'is', values: ['x'] }] }],
    });
    assert.ok(other.id);
    const taken = await h.api('PATCH', `/api/v1/pools/${pool.id}`, { addNumbers: ['+74950000031'] });
    assert.equal(taken.json().error.code, 'NUMBER_TAKEN');
  });

  test('a change leaves the settings it does not name as they were', async () => {
    const pool = await h.createPool({
      name: 'Tuned',
      numbers: ['+74950000041'],
      holdMinutes: 90,
      heartbeatSeconds: 60,
      targetBlocking: 0.05,
      position: 2,
      rules: [{ conditions: [{ field: 'source', op: 'is', values: ['tuned'] }] }],
    });
    const renamed = (await h.api('PATCH', `/api/v1/pools/${pool.id}`, { name: 'Renamed' })).json();
    assert.deepEqual(
      [renamed.name, renamed.holdMinutes, renamed.heartbeatSeconds, renamed.targetBlocking],
      ['Renamed', 90, 60, 0.05],
    );
  });
});

describe('crawlers, rate limit and geo', () => {
  const h = harness({ SNIPPET_RATE_LIMIT: '5', TRUST_PROXY: 'true' });

  test('a self-declared crawler gets the fallback number and holds no lease', async () => {
    await h.createPool({ name: 'All', numbers: ['+74950000001'], fallbackNumber: '+74950000099' });
    const bot = await h.visit(`${origin}/`, undefined, {
      'user-agent': 'Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)',
      'x-forwarded-for': '10.0.0.1',
    });
    assert.deepEqual(bot.numbers, [{ biz: sales, show: '+74950000099', kind: 'fallback', until: null }]);
    const headless = await h.visit(`${origin}/`, undefined, {
      'user-agent':
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36',
      'x-forwarded-for': '10.0.0.2',
    });
    assert.equal(headless.numbers[0]?.kind, 'pool');
  });

  test('geo from a trusted proxy is kept on the session', async () => {
    const visit = await h.visit(`${origin}/`, undefined, {
      'x-forwarded-for': '10.0.0.3',
      'cf-ipcountry': 'ru',
      'x-geo-city': encodeURIComponent('Москва'),
    });
    const [row] = await h.ctx.t.database.db.select().from(sessions).where(eq(sessions.id, visit.sid));
    assert.deepEqual([row?.country, row?.city, row?.device], ['RU', 'Москва', 'desktop']);
  });

  test('one IP gets its per-minute allowance for a site, then 429 with Retry-After', async () => {
    const from = { 'x-forwarded-for': '10.0.0.9' };
    for (let i = 0; i < 5; i++)
      assert.equal((await h.send('session', { u: `${origin}/` }, from)).statusCode, 200);
    const limited = await h.send('session', { u: `${origin}/` }, from);
    assert.equal(limited.statusCode, 429);
    assert.equal(limited.json().error.code, 'RATE_LIMITED');
    assert.equal(limited.headers['retry-after'], '12');
    assert.equal(
      (await h.send('session', { u: `${origin}/` }, { 'x-forwarded-for': '10.0.0.10' })).statusCode,
      200,
    );
  });
});

describe('several server processes', () => {
  const h = harness();

  test('a process whose copy of a session looks expired asks the database before refusing a hit', async () => {
    await h.createPool({ name: 'All', numbers: ['+74950000001', '+74950000002'] });
    const other = await buildApp({
      config: h.ctx.t.config,
      database: h.ctx.t.database,
      clock: h.ctx.t.clock,
      leases: h.ctx.t.leases,
      secrets: testSecrets(),
      recordings: openRecordingStore(h.ctx.t.config.recordings),
    });
    try {
      const visit = await h.visit();
      const hit = (app: typeof other) =>
        app.inject({
          method: 'POST',
          url: '/s/v1/hit',
          headers: { 'content-type': 'text/plain', origin, 'user-agent': chrome },
          payload: JSON.stringify({
            v: '1',
            k: h.ctx.siteKey,
            vid: visit.vid,
            sid: visit.sid,
            u: `${origin}/`,
            t: 'heartbeat',
          }),
        });
      // The visitor's requests go to the other process for 40 minutes; this one last saw it at the start.
      for (let minute = 0; minute < 40; minute += 10) {
        h.ctx.t.clock.advance({ minutes: 10 });
        assert.equal((await hit(other)).statusCode, 200);
      }
      const back = await hit(h.ctx.t.app);
      assert.equal(back.statusCode, 200, back.body);
      assert.equal(back.json().numbers[0].show, visit.numbers[0]?.show);
    } finally {
      await other.close();
    }
  });
});

describe('what the snippet sends cannot break the write-behind batch', () => {
  const h = harness({ TRACKING_FLUSH_MS: '60000', TRUST_PROXY: 'true' });

  test('a page URL with a NUL, a malformed geo header, and page views counted once', async () => {
    await h.createPool({ name: 'All', numbers: ['+74950000001'] });
    const visit = await h.visit(`${origin}/`, undefined, { 'x-geo-city': '%E0%A4' });
    const page = await h.send('hit', {
      vid: visit.vid,
      sid: visit.sid,
      u: `${origin}/prices\u0000`,
      t: 'page',
    });
    assert.equal(page.statusCode, 200, page.body);
    // A call flushes the batch before it is attributed.
    const call = await h.ring('+74950000001', 'flush-1');
    assert.equal(call.attribution.sessionId, visit.sid);
    const [row] = await h.ctx.t.database.db.select().from(sessions).where(eq(sessions.id, visit.sid));
    assert.deepEqual([row?.pageViews, row?.exitPage, row?.city], [2, `${origin}/prices`, null]);
  });
});

describe('numbers leaving a pool', () => {
  const h = harness();

  test('a call to a number removed from its pool still finds the visitor who held it', async () => {
    const pool = await h.createPool({ name: 'All', numbers: ['+74950000001', '+74950000002'] });
    const visit = await h.visit();
    await h.beat(visit);
    const shown = visit.numbers[0]?.show as string;
    const removed = await h.api('PATCH', `/api/v1/pools/${pool.id}`, { removeNumbers: [shown] });
    assert.equal(removed.statusCode, 200, removed.body);
    h.ctx.t.clock.advance({ minutes: 5 });
    const call = await h.ring(shown, 'removed-1');
    assert.equal(call.attribution.sessionId, visit.sid);
  });

  test('an overflow number that is also one of the pool’s numbers is refused, not a crash', async () => {
    const response = await h.api('POST', '/api/v1/pools', {
      siteId: h.ctx.siteId,
      businessNumber: sales,
      name: 'Clash',
      numbers: ['+74950000031'],
      exhaustionPolicy: 'overflow',
      overflowNumber: '+74950000031',
    });
    assert.equal(response.statusCode, 409, response.body);
    assert.equal(response.json().error.code, 'NUMBER_TAKEN');
  });
});
