/**
 * The pools pages in Chromium: a pool of three numbers that 25 visitors ask for through the snippet
 * API, so most of them are blocked; the list and the pool show it, with Erlang B to compare and the
 * what-if calculator.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { erlangB } from '@calltrail/core';
import { browserSkip } from '@calltrail/server/testing/chromium';
import type { Page } from 'playwright-core';
import { type Dashboard, startDashboard } from './harness.ts';

const skip = browserSkip();
const email = 'analyst@clinic.example';
const password = 'correct horse battery';
const origin = 'https://clinic.example';
const visitors = 25;
const poolNumbers = ['+74950000001', '+74950000002', '+74950000003'];

describe('the pools pages in Chromium', { skip }, () => {
  let dashboard: Dashboard;
  let page: Page;
  let pageErrors: string[];
  let poolId: string;

  before(async () => {
    dashboard = await startDashboard();
    const { api, app } = dashboard;
    await dashboard.addMember(email, password, 'analyst');
    const site = (await api(
      {
        method: 'POST',
        url: '/api/v1/sites',
        payload: { name: 'Clinic', domains: ['clinic.example'], businessNumbers: ['+74951234567'] },
      },
      'adding the site',
    )) as { id: string; key: string };
    const pool = (await api(
      {
        method: 'POST',
        url: '/api/v1/pools',
        payload: {
          siteId: site.id,
          name: 'Sales <i>pool</i>',
          businessNumber: '+74951234567',
          numbers: poolNumbers,
          fallbackNumber: '+74950000099',
        },
      },
      'adding the pool',
    )) as { id: string };
    poolId = pool.id;
    // Visitors arrive as the snippet brings them: the first three lease the numbers, the rest find
    // them all leased and see the fallback number.
    for (let i = 0; i < visitors; i++) {
      const response = await app.inject({
        method: 'POST',
        url: '/s/v1/session',
        headers: { 'content-type': 'text/plain', origin },
        payload: JSON.stringify({ v: '1', k: site.key, u: `${origin}/?utm_source=visitor${i}` }),
      });
      assert.equal(response.statusCode, 200, response.body);
    }
    await app.flushLeaseHistory();
    await api({ method: 'POST', url: `/api/v1/pools/${poolId}/health/evaluate` }, 'evaluating alerts');
    ({ page, errors: pageErrors } = await dashboard.newPage());
    await dashboard.logIn(page, email, password);
  });

  after(async () => {
    await dashboard?.close();
  });

  test('the list shows each pool’s size, its blocking today against Erlang B’s, and an alert', async () => {
    await page.getByRole('link', { name: 'Pools' }).click();
    const row = page.locator(`table.pools-list tr[data-pool-id="${poolId}"]`);
    await row.waitFor();
    assert.equal(await row.locator('[data-field="size"]').textContent(), '3');
    assert.equal(await row.locator('[data-field="observed"]').textContent(), '88%', '22 of 25 blocked');
    assert.match((await row.locator('[data-field="predicted"]').textContent()) ?? '', /%$/);
    assert.equal(await row.locator(`[data-alert="${poolId}"]`).count(), 1);
    assert.equal(await row.locator('i').count(), 0, 'the pool’s name is text, not HTML');
    assert.match((await row.textContent()) ?? '', /Sales <i>pool<\/i>/);
    await dashboard.screenshot(page, 'pools-list');
  });

  test('a pool opens to its figures, charts and alerts', async () => {
    await page.locator(`tr[data-pool-id="${poolId}"] a`).click();
    await page.waitForURL(new RegExp(`/pools/${poolId}$`));
    await page.locator('[data-chart="utilisation"] canvas').waitFor();
    assert.equal(await page.locator('[data-chart="blocking"] canvas').count(), 1);
    const figure = (name: string) => page.locator(`[data-figure="${name}"] strong`).first().textContent();
    assert.equal(await figure('size'), '3');
    assert.equal(await figure('observed'), '88%');
    assert.match((await figure('utilisation')) ?? '', /^\d+(\.\d+)?%$/);
    assert.match((await figure('recommended')) ?? '', /^\d+$/);
    assert.equal(await page.locator('ul.pools-alerts li').count(), 1, 'the hour’s blocking alert');
    assert.match((await page.locator('ul.pools-alerts').textContent()) ?? '', /Observed 88%/);
    const chartWidth = () =>
      page
        .locator('[data-chart="utilisation"]')
        .evaluate((box) => box.querySelector('canvas')?.clientWidth ?? 0);
    const wide = await chartWidth();
    await page.setViewportSize({ width: 600, height: 800 });
    await page.waitForFunction(
      () => (document.querySelector('[data-chart="utilisation"] canvas')?.clientWidth ?? 0) < 600,
    );
    assert.ok((await chartWidth()) < wide, 'the chart follows the window’s width');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  test('the what-if calculator answers with core’s Erlang B as the size changes', async () => {
    const calculator = page.locator('section.pools-what-if');
    await calculator.getByLabel('Sessions per hour').fill('60');
    await calculator.getByLabel('Mean visit, min').fill('3');
    await calculator.getByLabel('Hold, min').fill('15');
    await calculator.getByLabel('Target blocking, %').fill('1');
    await calculator.getByLabel('Pool size').fill('20');
    const blocking = calculator.locator('[data-figure="blocking"] strong');
    const percent = (share: number) =>
      new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 2 }).format(share);
    assert.equal(await calculator.locator('[data-figure="offered-load"] strong').textContent(), '18 erlangs');
    assert.equal(await blocking.textContent(), percent(erlangB(18, 20)));
    await calculator.getByLabel('Pool size').fill('28');
    assert.equal(await blocking.textContent(), percent(erlangB(18, 28)));
    const required = Number(await calculator.locator('[data-figure="required"] strong').textContent());
    assert.ok(erlangB(18, required) <= 0.01 && erlangB(18, required - 1) > 0.01, `needs ${required}`);
    assert.equal(await calculator.locator('table.pools-nearby tbody tr').count(), 7);
    assert.equal(await calculator.locator('tr.pools-current').getAttribute('data-size'), '28');
    await dashboard.screenshot(page, 'pools');
  });

  test('a size that is not a whole number asks for one instead of answering', async () => {
    const calculator = page.locator('section.pools-what-if');
    await calculator.getByLabel('Pool size').fill('2.5');
    await calculator.getByRole('alert').waitFor();
    assert.equal(await calculator.locator('[data-figure="blocking"]').count(), 0);
    assert.deepEqual(pageErrors, [], 'no script errors or CSP violations');
  });
});
