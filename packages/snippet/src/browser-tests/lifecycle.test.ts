/**
 * The snippet over a visit in real Chromium: content that appears later, single-page apps, a
 * second page, heartbeats, consent, a strict CSP, the CNAME cookie, the pinned build, and a
 * server that is down or slow.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { browserSkip, startWorld, swapped, textOf, type World } from './world.ts';

const skip = browserSkip();
const sales = '+74951234567';

/** Serves Calltrail's scripts, but answers the snippet API late (`slow`) or not at all (`down`). */
async function badServer(world: World, mode: 'slow' | 'down'): Promise<{ origin: string; server: Server }> {
  const server = createServer(async (request, response) => {
    if (request.method === 'GET') {
      // Node does not map *.localhost to loopback as Chromium does.
      const upstream = await fetch(world.calltrail.replace('calltrail.localhost', '127.0.0.1') + request.url);
      response.writeHead(upstream.status, { 'content-type': 'application/javascript' });
      response.end(await upstream.text());
      return;
    }
    if (mode === 'down') {
      request.socket.destroy();
      return;
    }
    setTimeout(() => {
      response.writeHead(503, { 'access-control-allow-origin': '*' });
      response.end('{}');
    }, 3000);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://${mode}.localhost:${(server.address() as AddressInfo).port}`, server };
}

describe('the snippet over a visit in a real browser', { skip }, () => {
  let world: World;

  before(async () => {
    world = await startWorld({ businessNumbers: [sales] });
    await world.api('POST', '/api/v1/pools', {
      siteId: world.siteId,
      name: 'Sales',
      businessNumber: sales,
      // Enough for every test's visitor: leases outlive the browser contexts.
      numbers: [1, 2, 3, 4, 5, 6, 7, 8, 9].map((d) => `+7495700000${d}`),
    });
  });
  after(() => world?.close());

  test('a single-page app: a number rendered after 2 s, then a route change counted as a page view', async () => {
    world.serve(
      '/app',
      `<!doctype html><html><head>${world.tag()}</head><body><main id="app">Loading…</main>
      <script>
        setTimeout(() => {
          document.getElementById('app').innerHTML = '<h1>Home</h1><a id="phone" href="tel:+74951234567">+7 495 123-45-67</a>';
        }, 2000);
        window.go = () => {
          history.pushState({}, '', '/app/contacts');
          document.getElementById('app').innerHTML = '<h1>Contacts</h1><p id="contacts">8 (495) 123-45-67</p>';
        };
      </script></body></html>`,
    );
    const { page, requests, errors } = await world.open('/app');
    const [number] = await swapped(page);
    await page.waitForSelector('#phone', { timeout: 5000 });
    assert.equal(
      await textOf(page, '#phone'),
      `+7 495 ${number!.show.slice(5, 8)}-${number!.show.slice(8, 10)}-${number!.show.slice(10)}`,
    );
    assert.equal(await page.getAttribute('#phone', 'href'), `tel:${number!.show}`);
    await page.evaluate(() => (window as unknown as { go(): void }).go());
    assert.equal(
      await textOf(page, '#contacts'),
      `8 (495) ${number!.show.slice(5, 8)}-${number!.show.slice(8, 10)}-${number!.show.slice(10)}`,
    );
    await page.waitForFunction(() => true);
    await assertEventually(() => requests.some((r) => r.path === 'hit' && r.body.t === 'page'));
    const hit = requests.find((r) => r.path === 'hit' && r.body.t === 'page');
    assert.equal(hit?.body.u, `${world.siteOrigin}/app/contacts`);
    assert.equal(requests.filter((r) => r.path === 'session').length, 1);
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  test('a visible page sends its first heartbeat within 10 s, as a provisional lease needs', async () => {
    world.serve(
      '/beat',
      `<!doctype html><html><head>${world.tag()}</head><body><p>8 495 123 45 67</p></body></html>`,
    );
    const { page, requests } = await world.open('/beat');
    await swapped(page);
    const started = Date.now();
    await assertEventually(() => requests.some((r) => r.path === 'hit' && r.body.t === 'heartbeat'), 10_000);
    console.log(`first heartbeat after ${Date.now() - started} ms`);
    assert.deepEqual(
      requests.map((r) => r.path),
      ['session', 'hit'],
    );
    await page.context().close();
  });

  test('a page hidden before its first heartbeat confirms its lease with a beacon, then stays quiet', async () => {
    world.serve(
      '/hide',
      `<!doctype html><html><head>${world.tag()}</head><body><p>8 495 123 45 67</p></body></html>`,
    );
    const { page, requests } = await world.open('/hide');
    await swapped(page);
    // What the browser does when the visitor switches tabs. A string, because tsx would wrap the
    // getters in a helper that exists only in Node.
    await page.evaluate(`
      Object.defineProperty(document, 'hidden', { configurable: true, get() { return true; } });
      Object.defineProperty(document, 'visibilityState', { configurable: true, get() { return 'hidden'; } });
      document.dispatchEvent(new Event('visibilitychange'));
    `);
    await assertEventually(() => requests.length === 2);
    assert.deepEqual(requests[1]?.body.t, 'heartbeat');
    await page.waitForTimeout(9000);
    assert.equal(requests.length, 2, 'no heartbeats while hidden');
    await page.context().close();
  });

  test('the first request records the landing URL, referrer, analytics ids and the extras the site names', async () => {
    const site = await world.api('POST', '/api/v1/sites', {
      name: 'Extras',
      domains: ['shop.localhost'],
      businessNumbers: [sales],
      extraParams: ['ref'],
      extraCookies: ['partner'],
      swapAttributes: ['data-phone'],
    });
    await world.api('POST', '/api/v1/pools', {
      siteId: site.id,
      name: 'Extras pool',
      businessNumber: sales,
      numbers: ['+74959000001'],
    });
    world.serve(
      '/from',
      '<!doctype html><a id="go" href="/landing?utm_source=ya&gclid=G1&ref=spring&other=1">go</a>',
    );
    world.serve(
      '/landing',
      `<!doctype html><html><head>
        <script>document.cookie = '_ga=GA1.1.123456789.1700000000; path=/';
          document.cookie = '_ga_ABC123=GS2.1.s1700000500$o3$g1$t1700000600$j0$l0$h0; path=/';
          document.cookie = '_ym_uid=1700000000123456789; path=/';
          document.cookie = 'partner=acme; path=/';</script>
        ${world.tag(undefined, site.key as string)}</head>
        <body><div id="widget" data-phone="+74951234567">8 495 123 45 67</div></body></html>`,
    );
    const { page, requests } = await world.open('/from');
    await page.click('#go');
    await swapped(page);
    const [session] = requests;
    assert.equal(session?.path, 'session');
    const body = session!.body;
    assert.equal(body.u, `${world.siteOrigin}/landing?utm_source=ya&gclid=G1&ref=spring&other=1`);
    assert.equal(body.r, `${world.siteOrigin}/from`);
    assert.deepEqual(body.ga, { cid: '123456789.1700000000', sid: '1700000500' });
    assert.equal(body.ym, '1700000000123456789');
    assert.deepEqual(body.x, { ref: 'spring', partner: 'acme' });
    assert.equal(typeof body.v, 'string');
    assert.equal(body.k, site.key);
    assert.equal(await page.getAttribute('#widget', 'data-phone'), '+74959000001');
    await page.context().close();
  });

  test('a popup opened after load shows the tracking number', async () => {
    world.serve(
      '/popup',
      `<!doctype html><html><head>${world.tag()}</head><body><button id="open">Call me back</button>
      <script>
        document.getElementById('open').addEventListener('click', () => {
          const dialog = document.createElement('dialog');
          dialog.innerHTML = '<p id="in-popup">Or call <span>8 495</span> <span>123-45-67</span></p>';
          document.body.append(dialog);
          dialog.showModal();
        });
      </script></body></html>`,
    );
    const { page } = await world.open('/popup');
    const [number] = await swapped(page);
    await page.click('#open');
    const digits = (await textOf(page, '#in-popup')).replace(/\D/g, '');
    assert.equal(digits, `8${number!.show.slice(2)}`);
    await page.context().close();
  });

  test('a second page of the session swaps at once from the kept numbers and sends no new session', async () => {
    world.serve(
      '/first',
      `<!doctype html><html><head>${world.tag()}</head><body><p id="n">8 495 123 45 67</p></body></html>`,
    );
    world.serve(
      '/second',
      `<!doctype html><html><head>${world.tag()}</head><body><p id="n">8 495 123 45 67</p></body></html>`,
    );
    const { page, requests } = await world.open('/first');
    const [first] = await swapped(page);
    await page.click('body');
    await page.goto(`${world.siteOrigin}/second`);
    const [second] = await swapped(page);
    assert.equal(second?.show, first?.show);
    assert.equal((await textOf(page, '#n')).replace(/\D/g, ''), `8${first!.show.slice(2)}`);
    await assertEventually(() => requests.some((r) => r.path === 'hit'));
    assert.deepEqual(
      requests.map((r) => [r.path, r.body.t ?? null]),
      [
        ['session', null],
        ['hit', 'page'],
      ],
    );
    await page.context().close();
  });

  test('consent mode: nothing is stored or asked until the page gives consent, by a call or a cookie', async () => {
    const site = await world.api('POST', '/api/v1/sites', {
      name: 'Consent',
      domains: ['shop.localhost'],
      businessNumbers: [sales],
      consentMode: 'wait',
      consentCookie: 'cookie_ok',
    });
    await world.api('POST', '/api/v1/pools', {
      siteId: site.id,
      name: 'Consent pool',
      businessNumber: sales,
      numbers: ['+74958000001'],
    });
    const html = `<!doctype html><html><head>${world.tag(undefined, site.key as string)}</head><body><p id="n">8 495 123 45 67</p></body></html>`;
    world.serve('/consent', html);

    const byCall = await world.open('/consent');
    await byCall.page.waitForTimeout(1500);
    assert.equal(byCall.requests.length, 0);
    assert.equal(await textOf(byCall.page, '#n'), '8 495 123 45 67');
    assert.deepEqual(await byCall.page.context().cookies(), []);
    assert.equal(await byCall.page.evaluate(() => localStorage.length), 0);
    await byCall.page.evaluate(() =>
      (window as unknown as { calltrail: { consent(): void } }).calltrail.consent(),
    );
    await swapped(byCall.page);
    assert.equal(await textOf(byCall.page, '#n'), '8 495 800 00 01');
    await byCall.page.context().close();

    const byCookie = await world.open('/consent');
    await byCookie.page.evaluate(() => {
      // biome-ignore lint/suspicious/noDocumentCookie: the page's own consent banner does exactly this.
      document.cookie = 'cookie_ok=0; path=/';
    });
    await byCookie.page.waitForTimeout(1500);
    assert.equal(byCookie.requests.length, 0, 'a refusal is not consent');
    await byCookie.page.evaluate(() => {
      // biome-ignore lint/suspicious/noDocumentCookie: the page's own consent banner does exactly this.
      document.cookie = 'cookie_ok=yes; path=/';
    });
    await swapped(byCookie.page);
    assert.equal(byCookie.requests[0]?.path, 'session');
    await byCookie.page.context().close();
  });

  test('under a strict Content-Security-Policy it swaps with no violation', async () => {
    world.serve(
      '/csp',
      `<!doctype html><html><head>${world.tag()}</head><body><p id="n">+7 (495) 123-45-67</p></body></html>`,
      {
        'content-security-policy': `default-src 'none'; script-src ${world.calltrail}; connect-src ${world.calltrail}`,
      },
    );
    const { page, errors } = await world.open('/csp');
    await swapped(page);
    assert.match(await textOf(page, '#n'), /^\+7 \(495\) 700-00-0\d$/);
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  test('served from a subdomain of the site, the server keeps the visitor id in a long-lived HTTP cookie', async () => {
    world.serve(
      '/cname',
      `<!doctype html><html><head>${world.tag(world.calltrailOnSite)}</head><body><p>8 495 123 45 67</p></body></html>`,
    );
    const { page, requests } = await world.open('/cname');
    await swapped(page);
    const cookies = await page.context().cookies();
    const visitor = cookies.filter((c) => c.name === '_ct_vid');
    assert.equal(visitor.length, 1, JSON.stringify(cookies));
    assert.equal(visitor[0]!.domain, '.shop.localhost');
    assert.ok(visitor[0]!.expires * 1000 > Date.now() + 300 * 86_400_000, 'outlives a 7-day cap');
    const stored = await page.evaluate(() => localStorage.getItem('_ct_vid'));
    assert.equal(visitor[0]!.value, stored);
    assert.equal(requests[0]?.path, 'session');
    // The next visit names the visitor the server remembered.
    await page.evaluate(() => localStorage.clear());
    await page.goto(`${world.siteOrigin}/cname?utm_source=again`);
    await assertEventually(() => requests.length >= 2);
    assert.equal(requests[1]?.body.vid, stored);
    await page.context().close();
  });

  test('the pinned build with Subresource Integrity fetches its settings and swaps', async () => {
    const install = await world.api('GET', `/api/v1/sites/${world.siteId}/install`);
    const pinnedTag = (install.pinnedTag as string).replace(/https?:\/\/[^/]+/, world.calltrail);
    world.serve(
      '/pinned',
      `<!doctype html><html><head>${pinnedTag}</head><body><p id="n">8 495 123 45 67</p></body></html>`,
    );
    const { page, errors } = await world.open('/pinned');
    await swapped(page);
    assert.match(await textOf(page, '#n'), /^8 495 700 00 0\d$/);
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  for (const mode of ['down', 'slow'] as const) {
    test(`a server that is ${mode} leaves the page's own numbers and no error`, async () => {
      const bad = await badServer(world, mode);
      try {
        world.serve(
          `/${mode}`,
          `<!doctype html><html><head>${world.tag(bad.origin)}</head><body><a id="n" href="tel:+74951234567">+7 (495) 123-45-67</a></body></html>`,
        );
        const { page, errors } = await world.open(`/${mode}`);
        await page.waitForTimeout(3500);
        assert.equal(await textOf(page, '#n'), '+7 (495) 123-45-67');
        assert.equal(await page.getAttribute('#n', 'href'), 'tel:+74951234567');
        assert.deepEqual(errors, []);
        assert.equal(
          await page.evaluate(() => typeof (window as unknown as { calltrail: unknown }).calltrail),
          'object',
        );
        await page.context().close();
      } finally {
        bad.server.closeAllConnections();
        bad.server.close();
      }
    });
  }
});

async function assertEventually(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) assert.fail(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
