import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { seedWorkspace, startTestApp, type TestApp } from '../../testing/test-app.ts';

const origin = 'http://shop.localhost:5000';

describe('the visitor cookie when Calltrail is reached through a subdomain of the site', () => {
  let t: TestApp;
  let siteKey: string;

  before(async () => {
    // Behind a proxy, so x-forwarded-proto can say the page's request came over https.
    t = await startTestApp('pglite', undefined, {
      PUBLIC_URL: 'http://ct.shop.localhost:3000',
      TRUST_PROXY: 'true',
    });
    const { headers } = await seedWorkspace(t);
    const site = await t.app.inject({
      method: 'POST',
      url: '/api/v1/sites',
      headers,
      payload: {
        name: 'Shop',
        domains: ['shop.localhost', '*.localhost'],
        businessNumbers: ['+74951234567'],
      },
    });
    assert.equal(site.statusCode, 201, site.body);
    siteKey = site.json().key;
  });
  after(() => t.close());

  const session = (host: string, body: object = {}, cookie?: string, more: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: '/s/v1/session',
      headers: { host, origin, 'content-type': 'text/plain', ...(cookie ? { cookie } : {}), ...more },
      payload: JSON.stringify({ v: '1', k: siteKey, u: `${origin}/`, ...body }),
    });

  const visitorCookie = (response: { headers: Record<string, unknown> }) => {
    const header = response.headers['set-cookie'];
    const all = Array.isArray(header) ? header : header === undefined ? [] : [String(header)];
    return all.find((c: string) => c.startsWith('_ct_vid='));
  };

  test('a session started through ct.shop.localhost gets a 400-day cookie on shop.localhost the script can read', async () => {
    const response = await session('ct.shop.localhost:3000');
    assert.equal(response.statusCode, 200, response.body);
    const cookie = visitorCookie(response);
    assert.ok(cookie, 'no _ct_vid cookie');
    const [pair, ...attributes] = cookie.split('; ');
    assert.equal(pair, `_ct_vid=${response.json().vid}`);
    assert.deepEqual(
      new Set(attributes),
      new Set(['Max-Age=34560000', 'Domain=shop.localhost', 'Path=/', 'SameSite=Lax']),
    );
  });

  test('the cookie is Secure when the request came over https', async () => {
    const attributes = (cookie: string | undefined) => cookie?.split('; ').slice(1) ?? [];
    assert.ok(!attributes(visitorCookie(await session('ct.shop.localhost'))).includes('Secure'));
    const https = await session('ct.shop.localhost', {}, undefined, { 'x-forwarded-proto': 'https' });
    assert.ok(attributes(visitorCookie(https)).includes('Secure'));
  });

  test('a session with no visitor id in its body continues the visitor the cookie names', async () => {
    const first = (await session('ct.shop.localhost:3000')).json();
    const again = await session('ct.shop.localhost:3000', {}, `_ct_vid=${first.vid}; other=1`);
    assert.equal(again.json().vid, first.vid);
    assert.equal(again.json().sid, first.sid);
  });

  test('a visitor id in the body wins over the cookie', async () => {
    const first = (await session('ct.shop.localhost:3000')).json();
    const second = (await session('ct.shop.localhost:3000')).json();
    const again = await session('ct.shop.localhost:3000', { vid: second.vid }, `_ct_vid=${first.vid}`);
    assert.equal(again.json().vid, second.vid);
  });

  test('reached under another name, the server sets no cookie and ignores one sent', async () => {
    const first = (await session('ct.shop.localhost:3000')).json();
    for (const host of ['calltrail.example', 'shop.localhost:3000', 'ct.other.localhost']) {
      const response = await session(host, {}, `_ct_vid=${first.vid}`);
      assert.equal(response.statusCode, 200, response.body);
      assert.equal(visitorCookie(response), undefined, host);
      assert.notEqual(response.json().vid, first.vid, host);
    }
  });

  test('answers to an allowed origin let the page send and read credentials', async () => {
    const response = await session('ct.shop.localhost:3000');
    assert.equal(response.headers['access-control-allow-origin'], origin);
    assert.equal(response.headers['access-control-allow-credentials'], 'true');
    const preflight = await t.app.inject({
      method: 'OPTIONS',
      url: '/s/v1/session',
      headers: { host: 'ct.shop.localhost:3000', origin, 'access-control-request-method': 'POST' },
    });
    assert.equal(preflight.headers['access-control-allow-credentials'], 'true');
  });

  test('a foreign origin gets neither numbers, nor a cookie, nor CORS permission', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/s/v1/session',
      headers: {
        host: 'ct.shop.localhost:3000',
        origin: 'https://evil.example',
        'content-type': 'text/plain',
      },
      payload: JSON.stringify({ v: '1', k: siteKey, u: 'https://evil.example/' }),
    });
    assert.equal(response.statusCode, 403);
    assert.equal(visitorCookie(response), undefined);
    assert.equal(response.headers['access-control-allow-credentials'], undefined);
  });
});
