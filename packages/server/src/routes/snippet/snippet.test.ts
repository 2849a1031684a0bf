import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { getVisitor } from '../../stores/sql/sessions.ts';
import { createSite, seedWorkspace, startTestApp, type TestApp } from '../../testing/test-app.ts';

const origin = 'https://clinic.example';

describe('snippet API v1', () => {
  let t: TestApp;
  let siteKey: string;
  let headers: Record<string, string>;

  before(async () => {
    t = await startTestApp('pglite');
    ({ headers } = await seedWorkspace(t));
    const site = await createSite(t, headers, ['+74951234567', '+74957654321']);
    siteKey = site.key;
    const pool = await t.app.inject({
      method: 'POST',
      url: '/api/v1/pools',
      headers,
      payload: {
        siteId: site.id,
        name: 'Sales',
        businessNumber: '+74951234567',
        numbers: ['+74950000001'],
        fallbackNumber: '+74950000099',
      },
    });
    assert.equal(pool.statusCode, 201, pool.body);
    const offline = await t.app.inject({
      method: 'POST',
      url: '/api/v1/numbers',
      headers,
      payload: {
        siteId: site.id,
        number: '+74950000050',
        businessNumber: '+74957654321',
        channel: 'organic_social',
        source: 'vk',
      },
    });
    assert.equal(offline.statusCode, 201, offline.body);
  });
  after(() => t.close());

  const send = (path: string, body: unknown, from = origin) =>
    t.app.inject({
      method: 'POST',
      url: `/s/v1/${path}`,
      headers: { 'content-type': 'text/plain', origin: from },
      payload: typeof body === 'string' ? body : JSON.stringify(body),
    });

  test('an unknown site key is a 404 with a code', async () => {
    const response = await send('session', { v: '1', k: 'nope', u: `${origin}/` });
    assert.equal(response.statusCode, 404);
    assert.equal(response.json().error.code, 'UNKNOWN_SITE_KEY');
  });

  test('a page on a foreign origin gets no numbers and no CORS permission', async () => {
    const response = await send(
      'session',
      { v: '1', k: siteKey, u: 'https://evil.example/' },
      'https://evil.example',
    );
    assert.equal(response.statusCode, 403);
    assert.equal(response.json().error.code, 'ORIGIN_NOT_ALLOWED');
    assert.equal(response.headers['access-control-allow-origin'], undefined);
  });

  test('a body that is not JSON is a 400, not a crash', async () => {
    const response = await send('session', '{"v":');
    assert.equal(response.statusCode, 400);
    assert.equal(response.json().error.code, 'MALFORMED_BODY');
  });

  test('a visitor from a source with a static number sees it, and the pool number for the other', async () => {
    const response = await send('session', {
      v: '1',
      k: siteKey,
      u: `${origin}/?utm_source=vk&utm_medium=social`,
    });
    assert.equal(response.statusCode, 200, response.body);
    const numbers = response.json().numbers;
    assert.deepEqual(
      numbers.map((n: { biz: string; show: string; kind: string }) => [n.biz, n.show, n.kind]),
      [
        ['+74951234567', '+74950000001', 'pool'],
        ['+74957654321', '+74950000050', 'static'],
      ],
    );
  });

  test('when the pool is exhausted the next visitor sees the fallback number', async () => {
    const response = await send('session', { v: '1', k: siteKey, u: `${origin}/` });
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(response.json().numbers[0], {
      biz: '+74951234567',
      show: '+74950000099',
      kind: 'fallback',
      until: null,
    });
  });

  test('a returning visitor within 30 minutes continues the session; after 30 idle minutes a hit is refused', async () => {
    const first = (await send('session', { v: '1', k: siteKey, u: `${origin}/a` })).json();
    t.clock.advance({ minutes: 10 });
    const again = (await send('session', { v: '1', k: siteKey, vid: first.vid, u: `${origin}/b` })).json();
    assert.equal(again.sid, first.sid);
    t.clock.advance({ minutes: 31 });
    const hit = await send('hit', {
      v: '1',
      k: siteKey,
      vid: first.vid,
      sid: first.sid,
      u: `${origin}/c`,
      t: 'heartbeat',
    });
    assert.equal(hit.statusCode, 404);
    assert.equal(hit.json().error.code, 'SESSION_NOT_FOUND');
    const next = (await send('session', { v: '1', k: siteKey, vid: first.vid, u: `${origin}/c` })).json();
    assert.equal(next.vid, first.vid);
    assert.notEqual(next.sid, first.sid);
  });

  test('a new ad click starts a new session for the same visitor', async () => {
    const first = (await send('session', { v: '1', k: siteKey, u: `${origin}/` })).json();
    t.clock.advance({ minutes: 1 });
    const clicked = (
      await send('session', { v: '1', k: siteKey, vid: first.vid, u: `${origin}/?gclid=abc` })
    ).json();
    assert.equal(clicked.vid, first.vid);
    assert.notEqual(clicked.sid, first.sid);
  });

  test('the preflight of a JSON client is answered for the site’s origin', async () => {
    const response = await t.app.inject({ method: 'OPTIONS', url: '/s/v1/session', headers: { origin } });
    assert.equal(response.statusCode, 204);
    assert.equal(response.headers['access-control-allow-origin'], origin);
  });
});

test('a visitor keeps the first touch, and a direct return does not replace the last campaign', async () => {
  const t = await startTestApp('pglite');
  const { headers } = await seedWorkspace(t);
  const site = await createSite(t, headers);
  const send = async (body: Record<string, unknown>) =>
    (
      await t.app.inject({
        method: 'POST',
        url: '/s/v1/session',
        headers: { 'content-type': 'text/plain', origin },
        payload: JSON.stringify({ v: '1', k: site.key, ...body }),
      })
    ).json();
  const organic = await send({ u: `${origin}/`, r: 'https://www.google.com/' });
  t.clock.advance({ hours: 2 });
  const paid = await send({ vid: organic.vid, u: `${origin}/?utm_source=yandex&utm_medium=cpc` });
  t.clock.advance({ hours: 2 });
  const direct = await send({ vid: organic.vid, u: `${origin}/` });
  assert.notEqual(direct.sid, paid.sid);
  const visitor = await getVisitor(t.database.db, site.id, organic.vid);
  assert.equal(visitor?.firstSessionId, organic.sid);
  assert.equal(visitor?.lastTouchSessionId, paid.sid);
  assert.equal(visitor?.lastSessionId, direct.sid);
  await t.close();
});
