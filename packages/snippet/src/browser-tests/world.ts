/**
 * A small world for the snippet's browser tests: the real Calltrail server, a site's pages served
 * by a second local server, and Debian's Chromium driven by playwright-core. Host names under
 * `.localhost` are mapped to 127.0.0.1 by Chromium, so the pages, the snippet and the API live on
 * distinct origins exactly as on the web: pages on `shop.localhost`, Calltrail either cross-site on
 * `calltrail.localhost` or on the site's own subdomain `ct.shop.localhost` (the CNAME setup).
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MemoryLeaseStore, systemClock } from '@calltrail/core';
import type { NumberSwap } from '@calltrail/protocol';
import { buildApp } from '@calltrail/server';
import { loadConfig } from '@calltrail/server/config';
import { openRecordingStore } from '@calltrail/server/recordings';
import { chromiumArgs, chromiumPath } from '@calltrail/server/testing/chromium';
import { fakeClock } from '@calltrail/server/testing/fake-clock';
import { seedWorkspace, type TestApp, testSecrets } from '@calltrail/server/testing/test-app';
import { openTestDatabase } from '@calltrail/server/testing/test-database';
import type { FastifyInstance } from 'fastify';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

export { browserSkip } from '@calltrail/server/testing/chromium';

export interface SnippetRequest {
  path: string;
  body: Record<string, unknown>;
}

export interface OpenPage {
  page: Page;
  /** Snippet API requests the page sent, in order. */
  requests: SnippetRequest[];
  /** Uncaught errors and CSP violations in the page. */
  errors: string[];
}

export interface World {
  app: FastifyInstance;
  headers: Record<string, string>;
  siteId: string;
  siteKey: string;
  /** `http://shop.localhost:<port>`: where the site's pages are. */
  siteOrigin: string;
  /** Calltrail's origin, cross-site. */
  calltrail: string;
  /** Calltrail's origin as a subdomain of the site. */
  calltrailOnSite: string;
  /** The one-tag install for a page: from Calltrail's `origin`, for the site with `key`. */
  tag(origin?: string, key?: string): string;
  /** Serves `html` (with optional response headers) at `path` on the site. */
  serve(path: string, html: string, headers?: Record<string, string>): void;
  /** A fresh browser context (no cookies or storage) with the page open at `path`. */
  open(path: string, context?: BrowserContext): Promise<OpenPage>;
  newContext(): Promise<BrowserContext>;
  /** REST call as the workspace owner. */
  api(method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
}

export async function startWorld(options: { businessNumbers: string[] }): Promise<World> {
  const database = await openTestDatabase('pglite');
  const leases = new MemoryLeaseStore();
  const config = loadConfig({ PUBLIC_URL: 'http://calltrail.localhost', TRACKING_FLUSH_MS: '0' });
  // The real clock: leases, heartbeats and the browser's timers all run in real time.
  const app = await buildApp({
    config,
    database,
    clock: systemClock,
    leases,
    secrets: testSecrets(),
    recordings: openRecordingStore(config.recordings),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const apiPort = (app.server.address() as AddressInfo).port;

  const pages = new Map<string, { html: string; headers: Record<string, string> }>();
  const site = createServer((request: IncomingMessage, response) => {
    const found = pages.get(new URL(request.url ?? '/', 'http://x').pathname);
    response.writeHead(found ? 200 : 404, { 'content-type': 'text/html; charset=utf-8', ...found?.headers });
    response.end(found?.html ?? 'not found');
  });
  const sitePort = await listen(site);
  const browser: Browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [...chromiumArgs, '--host-resolver-rules=MAP *.localhost 127.0.0.1'],
  });

  const inject = async (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown, headers = {}) => {
    const response = await app.inject({
      method,
      url,
      headers,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    assert.ok(response.statusCode < 300, `${method} ${url}: ${response.statusCode} ${response.body}`);
    return response.json() as Record<string, unknown>;
  };
  const seeding: TestApp = {
    app,
    database,
    clock: fakeClock(new Date()),
    config,
    leases,
    close: async () => {},
  };
  const { headers } = await seedWorkspace(seeding);
  const siteOrigin = `http://shop.localhost:${sitePort}`;
  const created = await inject(
    'POST',
    '/api/v1/sites',
    { name: 'Shop', domains: ['shop.localhost'], businessNumbers: options.businessNumbers },
    headers,
  );
  const calltrail = `http://calltrail.localhost:${apiPort}`;
  const siteKey = created.key as string;

  return {
    app,
    headers,
    siteId: created.id as string,
    siteKey,
    siteOrigin,
    calltrail,
    calltrailOnSite: `http://ct.shop.localhost:${apiPort}`,
    tag: (origin = calltrail, key = siteKey) => `<script async src="${origin}/s/${key}.js"></script>`,
    serve: (path, html, extra = {}) => pages.set(path, { html, headers: extra }),
    newContext: () => browser.newContext(),
    async open(path, context) {
      const own = context ?? (await browser.newContext());
      const page = await own.newPage();
      const requests: SnippetRequest[] = [];
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('request', (request) => {
        const url = new URL(request.url());
        if (!url.pathname.startsWith('/s/v1/') || request.method() !== 'POST') return;
        requests.push({
          path: url.pathname.slice('/s/v1/'.length),
          body: JSON.parse(request.postData() ?? '{}'),
        });
      });
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (event) => {
          throw new Error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
        });
      });
      await page.goto(siteOrigin + path);
      return { page, requests, errors };
    },
    api: (method, url, payload) => inject(method, url, payload, headers),
    async close() {
      await browser.close();
      site.closeAllConnections();
      site.close();
      await app.close();
      await database.close();
    },
  };
}

/** The page's text with runs of white space folded, for comparing what a visitor reads. */
export async function textOf(page: Page, selector = 'body'): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: the rendered text, as a visitor reads it.
  return (await page.locator(selector).innerText()).replace(/\s+/g, ' ').trim();
}

/**
 * Waits until the snippet has swapped (its `calltrail:swap` mark) and returns its numbers; prints
 * the time from the script's start to the swap, which the closing notes quote.
 */
export async function swapped(page: Page): Promise<NumberSwap[]> {
  await page.waitForFunction(() => performance.getEntriesByName('calltrail:swap').length > 0, null, {
    timeout: 5000,
  });
  const ms = await page.evaluate(
    () =>
      performance.getEntriesByName('calltrail:swap')[0]!.startTime -
      (performance.getEntriesByName('calltrail:start')[0]?.startTime ?? 0),
  );
  console.log(`script start to swap on ${new URL(page.url()).pathname}: ${ms.toFixed(1)} ms`);
  return page.evaluate(() =>
    (window as unknown as { calltrail: { getNumbers(): NumberSwap[] } }).calltrail.getNumbers(),
  );
}
