/**
 * The snippet in real Chromium against the real server: what a visitor sees after the swap, and
 * what it leaves alone.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { browserSkip, startWorld, swapped, textOf, type World } from './world.ts';

const skip = browserSkip();
const sales = '+74951234567';
const service = '+78005553535';
/** Pool numbers differ in their last digit only, so a test can spell what it expects. */
const salesPool = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((d) => `+7495700000${d}`);
const servicePool = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((d) => `+7800500000${d}`);

/** The last digits of the pool numbers a page got: [sales, service]. */
async function lastDigits(page: Page): Promise<[string, string]> {
  const numbers = await swapped(page);
  const of = (biz: string) => numbers.find((n) => n.biz === biz)?.show.slice(-1) ?? '?';
  return [of(sales), of(service)];
}

describe('swapping numbers in a real browser', { skip }, () => {
  let world: World;

  before(async () => {
    world = await startWorld({ businessNumbers: [sales, service] });
    await world.api('POST', '/api/v1/pools', {
      siteId: world.siteId,
      name: 'Sales',
      businessNumber: sales,
      numbers: salesPool,
    });
    await world.api('POST', '/api/v1/pools', {
      siteId: world.siteId,
      name: 'Service',
      businessNumber: service,
      numbers: servicePool,
    });
  });
  after(() => world?.close());

  test('a plain page: the number in the text and in its tel: link, with the time to swap', async () => {
    world.serve(
      '/plain',
      `<!doctype html><html><head>${world.tag()}</head><body>
        <header><a id="call" href="tel:+74951234567">+7 (495) 123-45-67</a></header>
        <p>Clinic opening hours and text that follows the number.</p></body></html>`,
    );
    const { page, requests, errors } = await world.open('/plain');
    const numbers = await swapped(page);
    assert.deepEqual(
      numbers.map((n) => [n.biz, n.kind]),
      [
        [sales, 'pool'],
        [service, 'pool'],
      ],
    );
    const [a] = await lastDigits(page);
    assert.equal(await textOf(page, '#call'), `+7 (495) 700-00-0${a}`);
    assert.equal(await page.getAttribute('#call', 'href'), `tel:+7495700000${a}`);
    assert.deepEqual(
      requests.map((r) => r.path),
      ['session'],
    );
    assert.equal(requests[0]?.body.u, `${world.siteOrigin}/plain`);
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  test('every common format on one page is swapped, keeping its own formatting and prefix', async () => {
    const formats = [
      '+7 (495) 123-45-67',
      '8 495 123 45 67',
      '8 (495) 123-45-67',
      '+7\u00a0495\u00a0123\u201145\u201167',
      '74951234567',
      '(495) 123-45-67',
      '495.123.45.67',
      '8-800-555-35-35',
      '+7 800 555 35 35',
    ];
    world.serve(
      '/formats',
      `<!doctype html><html><head>${world.tag()}</head><body><ul>${formats
        .map((f, i) => `<li id="f${i}">${f}</li>`)
        .join('')}</ul></body></html>`,
    );
    const { page, errors } = await world.open('/formats');
    const [a, b] = await lastDigits(page);
    const shown = await page.$$eval('li', (items) => items.map((li) => li.textContent));
    assert.deepEqual(shown, [
      `+7 (495) 700-00-0${a}`,
      `8 495 700 00 0${a}`,
      `8 (495) 700-00-0${a}`,
      `+7\u00a0495\u00a0700\u201100\u20110${a}`,
      `7495700000${a}`,
      `(495) 700-00-0${a}`,
      `495.700.00.0${a}`,
      `8-800-500-00-0${b}`,
      `+7 800 500 00 0${b}`,
    ]);
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  test('tel:, sms: and WhatsApp links, labels and titles are swapped; other links are not', async () => {
    world.serve(
      '/links',
      `<!doctype html><html><head>${world.tag()}</head><body>
        <a id="tel" href="tel:84951234567" aria-label="Call 8 495 123-45-67" title="+7 495 123 45 67">Call us</a>
        <a id="sms" href="sms:+74951234567">SMS</a>
        <a id="wa" href="https://wa.me/74951234567?text=Hi">WhatsApp</a>
        <a id="wa2" href="https://api.whatsapp.com/send?phone=74951234567">WhatsApp</a>
        <a id="other" href="/order?id=74951234567">Order 74951234567890</a>
      </body></html>`,
    );
    const { page } = await world.open('/links');
    const [a] = await lastDigits(page);
    const attr = (selector: string, name: string) => page.getAttribute(selector, name);
    assert.equal(await attr('#tel', 'href'), `tel:8495700000${a}`);
    assert.equal(await attr('#tel', 'aria-label'), `Call 8 495 700-00-0${a}`);
    assert.equal(await attr('#tel', 'title'), `+7 495 700 00 0${a}`);
    assert.equal(await attr('#sms', 'href'), `sms:+7495700000${a}`);
    assert.equal(await attr('#wa', 'href'), `https://wa.me/7495700000${a}?text=Hi`);
    assert.equal(await attr('#wa2', 'href'), `https://api.whatsapp.com/send?phone=7495700000${a}`);
    assert.equal(await attr('#other', 'href'), '/order?id=74951234567');
    assert.equal(await textOf(page, '#other'), 'Order 74951234567890');
    await page.context().close();
  });

  test('a number split across adjacent inline elements is swapped in place', async () => {
    world.serve(
      '/split',
      `<!doctype html><html><head>${world.tag()}</head><body>
        <div id="split"><span>+7 (495)</span> <b>123-45-67</b></div>
        <div id="cells"><span>8 495</span><div>123 45 67</div></div>
      </body></html>`,
    );
    const { page } = await world.open('/split');
    const [a] = await lastDigits(page);
    assert.equal(await page.innerHTML('#split'), `<span>+7 (495)</span> <b>700-00-0${a}</b>`);
    // A block in between ends the line: these are two separate texts, not one number.
    assert.equal(await page.innerHTML('#cells'), '<span>8 495</span><div>123 45 67</div>');
    await page.context().close();
  });

  test('form fields, scripts, JSON-LD, styles, editable content and other numbers are left untouched', async () => {
    const jsonLd = '{"@context":"https://schema.org","@type":"Organization","telephone":"+7 495 123-45-67"}';
    world.serve(
      '/untouched',
      `<!doctype html><html><head>${world.tag()}
        <script type="application/ld+json" id="ld">${jsonLd}</script>
        <style id="css">.x::after { content: "+7 495 123-45-67"; }</style></head><body>
        <input id="input" value="+7 495 123-45-67" placeholder="8 495 123 45 67">
        <textarea id="area">8 495 123 45 67</textarea>
        <select id="sel"><option>8 495 123 45 67</option></select>
        <div id="edit" contenteditable="true">8 495 123 45 67</div>
        <p id="others">Fax +7 (495) 765-43-21, order 849512345678, ref 8-495-123-45-67-89</p>
        <p id="mine">8 495 123 45 67</p>
      </body></html>`,
    );
    const { page } = await world.open('/untouched');
    const [a] = await lastDigits(page);
    assert.equal(await textOf(page, '#mine'), `8 495 700 00 0${a}`);
    assert.equal(await page.inputValue('#input'), '+7 495 123-45-67');
    assert.equal(await page.getAttribute('#input', 'placeholder'), '8 495 123 45 67');
    assert.equal(await page.inputValue('#area'), '8 495 123 45 67');
    assert.equal(await page.textContent('#sel option'), '8 495 123 45 67');
    assert.equal(await page.textContent('#edit'), '8 495 123 45 67');
    assert.equal(await page.textContent('#ld'), jsonLd);
    assert.match((await page.textContent('#css')) ?? '', /123-45-67/);
    assert.equal(
      await textOf(page, '#others'),
      'Fax +7 (495) 765-43-21, order 849512345678, ref 8-495-123-45-67-89',
    );
    await page.context().close();
  });

  test('debug mode outlines what it swapped and logs what it found and skipped', async () => {
    world.serve(
      '/debug',
      `<!doctype html><html><head>${world.tag()}</head><body>
        <p id="n">8 495 123 45 67</p><textarea>8 495 123 45 67</textarea></body></html>`,
    );
    const context = await world.newContext();
    const logged: string[] = [];
    context.on('console', (message) => logged.push(message.text()));
    const { page } = await world.open('/debug?calltrail_debug=1', context);
    await swapped(page);
    assert.match(await page.$eval('#n', (p) => (p as HTMLElement).style.outline), /dashed/);
    assert.ok(
      logged.some((line) => /^\[calltrail\] swapped "8 495 123 45 67" → "8 495 700 00 0\d"/.test(line)),
      logged.join('\n'),
    );
    assert.ok(
      logged.some((line) => line.startsWith('[calltrail] skipped "8 495 123 45 67" in')),
      logged.join('\n'),
    );
    await context.close();
  });

  test('two business numbers get numbers from their own pools', async () => {
    world.serve(
      '/two',
      `<!doctype html><html><head>${world.tag()}</head><body>
        <p id="a">Sales: 8 (495) 123-45-67</p><p id="b">Service: 8-800-555-35-35</p></body></html>`,
    );
    const { page } = await world.open('/two');
    const [a, b] = await lastDigits(page);
    assert.equal(await textOf(page, '#a'), `Sales: 8 (495) 700-00-0${a}`);
    assert.equal(await textOf(page, '#b'), `Service: 8-800-500-00-0${b}`);
    await page.context().close();
  });

  test('a long page of 5,000 elements is swapped, and the time the scan took is printed', async () => {
    const rows = Array.from(
      { length: 1000 },
      (_, i) =>
        `<tr><td>Item ${i}</td><td><span>${1000 + i}</span> ₽</td><td>In stock</td><td>${i % 97 === 0 ? '8 495 123-45-67' : 'Call us'}</td></tr>`,
    ).join('');
    world.serve(
      '/long',
      `<!doctype html><html><head>${world.tag()}</head><body><table>${rows}</table></body></html>`,
    );
    const { page } = await world.open('/long');
    const [a] = await lastDigits(page);
    const cells = await page.$$eval('td', (tds) =>
      tds.map((td) => td.textContent).filter((t) => t?.includes('8 495')),
    );
    assert.equal(cells.length, 11);
    assert.ok(
      cells.every((t) => t === `8 495 700-00-0${a}`),
      cells.join(),
    );
    const scan = await page.evaluate(() => {
      const started = performance.now();
      (window as unknown as { calltrail: { swap(root: Node): void } }).calltrail.swap(document.body);
      return performance.now() - started;
    });
    console.log(`a full scan of a 5,000-element page: ${scan.toFixed(1)} ms`);
    await page.context().close();
  });

  test('the swap shifts no layout', async () => {
    world.serve(
      '/layout',
      `<!doctype html><html><head>${world.tag()}</head><body style="font: 16px sans-serif">
        <header style="display:flex;gap:8px"><a href="tel:+74951234567">+7 (495) 123-45-67</a><span>Open 9–21</span></header>
        <p>Call 8 495 123 45 67 any time, <b>8-800-555-35-35</b> is free.</p>
        <div style="height:2000px">content</div></body></html>`,
    );
    const { page } = await world.open('/layout');
    await page.evaluate(() => {
      const w = window as unknown as { shift: number };
      w.shift = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as (PerformanceEntry & {
          value: number;
          hadRecentInput: boolean;
        })[])
          if (!entry.hadRecentInput) w.shift += entry.value;
      }).observe({ type: 'layout-shift', buffered: true });
    });
    const [a, b] = await lastDigits(page);
    await page.waitForTimeout(300);
    assert.equal(await textOf(page, 'p'), `Call 8 495 700 00 0${a} any time, 8-800-500-00-0${b} is free.`);
    assert.equal(await page.evaluate(() => (window as unknown as { shift: number }).shift), 0);
    await page.context().close();
  });
});
