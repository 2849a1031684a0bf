import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { installErrorHandlers } from '../../http/error-handler.ts';
import { startTestApp, type TestApp } from '../../testing/test-app.ts';
import { dashboardCsp, dashboardRoutes } from './index.ts';

async function serve(dist: string): Promise<FastifyInstance> {
  const app = Fastify();
  installErrorHandlers(app);
  await app.register(dashboardRoutes({ dist }));
  return app;
}

describe('the dashboard served at /', () => {
  let dist: string;
  let app: FastifyInstance;
  const index = '<!doctype html><script type="module" src="/assets/index-Ab12_c.js"></script>';

  before(async () => {
    dist = await mkdtemp(join(tmpdir(), 'dashboard-dist-'));
    await mkdir(join(dist, 'assets'));
    await writeFile(join(dist, 'index.html'), index);
    await writeFile(join(dist, 'assets', 'index-Ab12_c.js'), 'console.log(1)');
    await writeFile(join(dist, 'secret.txt'), 'not an asset');
    app = await serve(dist);
  });
  after(async () => {
    await app.close();
    await rm(dist, { recursive: true });
  });

  test('index.html is revalidated on every load, under a strict Content-Security-Policy', async () => {
    const response = await app.inject('/');
    assert.equal(response.statusCode, 200);
    assert.equal(response.body, index);
    assert.match(response.headers['content-type'] as string, /^text\/html/);
    assert.equal(response.headers['cache-control'], 'no-cache');
    assert.equal(response.headers['content-security-policy'], dashboardCsp);
    assert.match(dashboardCsp, /script-src 'self'(;|$)/, 'no inline scripts, no eval');
    assert.match(dashboardCsp, /frame-ancestors 'none'/);
    assert.equal(response.headers['x-content-type-options'], 'nosniff');
  });

  test('page paths answer index.html, as the dashboard routes in the browser', async () => {
    for (const path of ['/calls', '/calls/call_123?from=2026-03-01', '/settings/sites']) {
      const response = await app.inject(path);
      assert.equal(response.statusCode, 200, path);
      assert.equal(response.body, index, path);
      assert.equal(response.headers['cache-control'], 'no-cache');
    }
  });

  test('hashed assets are cached for a year', async () => {
    const response = await app.inject('/assets/index-Ab12_c.js');
    assert.equal(response.statusCode, 200);
    assert.equal(response.body, 'console.log(1)');
    assert.match(response.headers['content-type'] as string, /^text\/javascript/);
    assert.equal(response.headers['cache-control'], 'public, max-age=31536000, immutable');
  });

  test('a missing asset, or a path out of the assets folder, is a 404 and never index.html', async () => {
    for (const path of ['/assets/missing-1.js', '/assets/..%2Fsecret.txt', '/assets/%2e%2e%2findex.html']) {
      const response = await app.inject(path);
      assert.equal(response.statusCode, 404, path);
      assert.equal(response.json().error.code, 'ROUTE_NOT_FOUND', path);
    }
  });

  test('unknown server paths stay JSON 404s rather than the dashboard', async () => {
    for (const path of ['/api/v1/nothing-here', '/hooks/v1/nothing', '/s/v1/nothing']) {
      const response = await app.inject(path);
      assert.equal(response.statusCode, 404, path);
      assert.equal(response.json().error.code, 'ROUTE_NOT_FOUND', path);
    }
  });

  test('without a build, pages say how to build it instead of failing', async () => {
    const unbuilt = await serve(join(dist, 'not-built'));
    for (const path of ['/', '/calls']) {
      const response = await unbuilt.inject(path);
      assert.equal(response.statusCode, 503, path);
      assert.match(response.headers['content-type'] as string, /^text\/html/);
      assert.match(response.body, /run <code>npm run build -w @calltrail\/dashboard<\/code>/i);
    }
    await unbuilt.close();
  });
});

describe('the dashboard inside the whole app', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp('pglite');
  });
  after(() => t.close());

  test('leaves the API, its docs and the health checks where they were', async () => {
    assert.equal((await t.app.inject('/healthz')).statusCode, 200);
    assert.equal((await t.app.inject('/api/openapi.json')).statusCode, 200);
    const unknown = await t.app.inject('/api/v1/nothing-here');
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json().error.code, 'ROUTE_NOT_FOUND');
    const page = await t.app.inject('/calls');
    assert.match(page.headers['content-type'] as string, /^text\/html/);
    assert.equal(page.headers['content-security-policy'], dashboardCsp);
  });
});
