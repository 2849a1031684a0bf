import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { type SnippetBuild, snippetBuild } from '@calltrail/snippet/build';
import { seedWorkspace, startTestApp, type TestApp } from '../../testing/test-app.ts';

describe('the snippet script and its settings under /s', () => {
  let t: TestApp;
  let build: SnippetBuild;
  let siteKey: string;

  before(async () => {
    t = await startTestApp('pglite');
    build = await snippetBuild();
    const { headers } = await seedWorkspace(t);
    const site = await t.app.inject({
      method: 'POST',
      url: '/api/v1/sites',
      headers,
      payload: {
        name: 'Shop',
        domains: ['shop.localhost'],
        businessNumbers: ['+7 495 123-45-67', '+44 20 7946 0018'],
        consentMode: 'wait',
        consentCookie: 'cookie_consent',
        extraParams: ['ref'],
      },
    });
    assert.equal(site.statusCode, 201, site.body);
    siteKey = site.json().key;
  });
  after(() => t.close());

  const get = (url: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url, headers: { host: 'calltrail.test', ...headers } });

  const settings = (key: string) => ({
    k: key,
    n: [
      { e: '+74951234567', c: 1, p: '8' },
      { e: '+442079460018', c: 2, p: '0' },
    ],
    c: { ck: 'cookie_consent' },
    xq: ['ref'],
  });

  test('/s/<siteKey>.js is the script with the site’s settings inlined, cacheable by anyone for 5 minutes', async () => {
    const response = await get(`/s/${siteKey}.js`);
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.body, build.withSettings(JSON.stringify(settings(siteKey))));
    assert.equal(response.headers['content-type'], 'application/javascript; charset=utf-8');
    assert.equal(response.headers['cache-control'], 'public, max-age=300');
    assert.equal(response.headers['x-content-type-options'], 'nosniff');
    assert.equal(response.headers['access-control-allow-origin'], '*');
    assert.equal(response.headers['content-encoding'], undefined);
  });

  test('reached through a subdomain of the site, the script is told the server keeps the visitor cookie', async () => {
    const response = await get(`/s/${siteKey}.js`, { host: 'ct.shop.localhost:3000' });
    assert.equal(response.body, build.withSettings(JSON.stringify({ ...settings(siteKey), vc: 1 })));
  });

  test('an unknown site key is a 404 with a code', async () => {
    const response = await get('/s/site_nope.js');
    assert.equal(response.statusCode, 404);
    assert.equal(response.json().error.code, 'UNKNOWN_SITE_KEY');
  });

  test('the pinned build’s bytes hash to its integrity value and are cached for good', async () => {
    const response = await get(`/s/v/${build.buildId}/calltrail.min.js`);
    assert.equal(response.statusCode, 200, response.body);
    const sha384 = createHash('sha384').update(response.rawPayload).digest('base64');
    assert.equal(`sha384-${sha384}`, build.integrity);
    assert.equal(response.headers['content-type'], 'application/javascript; charset=utf-8');
    assert.equal(response.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(response.headers['access-control-allow-origin'], '*');
  });

  test('another build id is a 404 that names the current build', async () => {
    const response = await get('/s/v/0.0.1-deadbeef/calltrail.min.js');
    assert.equal(response.statusCode, 404);
    assert.equal(response.json().error.code, 'SNIPPET_BUILD_NOT_FOUND');
    assert.equal(response.json().error.details.current, build.buildId);
  });

  test('/s/v1/config/<siteKey> is the settings the pinned build fetches', async () => {
    const response = await get(`/s/v1/config/${siteKey}`, { origin: 'http://shop.localhost' });
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(response.json(), settings(siteKey));
    assert.equal(response.headers['access-control-allow-origin'], '*');
    assert.equal(response.headers['cache-control'], 'public, max-age=300');
    const unknown = await get('/s/v1/config/site_nope');
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json().error.code, 'UNKNOWN_SITE_KEY');
    assert.equal(unknown.headers['access-control-allow-origin'], '*');
  });

  for (const [name, url] of [
    ['the keyed script', () => `/s/${siteKey}.js`],
    ['the pinned build', () => `/s/v/${build.buildId}/calltrail.min.js`],
  ] as const) {
    test(`${name} is served gzipped to a client that accepts it, and unzips to the same bytes`, async () => {
      const plain = await get(url());
      const zipped = await get(url(), { 'accept-encoding': 'br, gzip;q=0.8, deflate' });
      assert.equal(zipped.headers['content-encoding'], 'gzip');
      assert.equal(zipped.headers.vary, 'accept-encoding');
      assert.equal(plain.headers.vary, 'accept-encoding');
      assert.ok(zipped.rawPayload.length < plain.rawPayload.length / 2);
      assert.equal(gunzipSync(zipped.rawPayload).toString('utf8'), plain.body);
      const refused = await get(url(), { 'accept-encoding': 'gzip;q=0' });
      assert.equal(refused.headers['content-encoding'], undefined);
    });
  }

  test('the snippet API keeps its routes beside the script', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/s/v1/session',
      headers: { 'content-type': 'text/plain', origin: 'http://shop.localhost' },
      payload: JSON.stringify({ v: '1', k: siteKey, u: 'http://shop.localhost/' }),
    });
    assert.equal(response.statusCode, 200, response.body);
  });
});
