/**
 * The costs page in Chromium against the real server: a CSV with one bad row is answered with that
 * row's number, column and problem (and the good rows stored, as the API does); a good CSV is listed
 * with the uploads and its costs summed per campaign.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { localSlot } from '@calltrail/core';
import { browserSkip } from '@calltrail/server/testing/chromium';
import type { Page } from 'playwright-core';
import { type Dashboard, startDashboard } from './harness.ts';

const skip = browserSkip();
const email = 'owner@clinic.example';
const password = 'correct horse battery';

describe('the costs page in Chromium', { skip }, () => {
  let dashboard: Dashboard;
  let page: Page;
  let pageErrors: string[];
  // The seeded workspace keeps Moscow time and roubles.
  const today = localSlot(new Date(), 'Europe/Moscow').day;
  const upload = async (name: string, lines: string[]) => {
    await page.locator('input[name="file"]').setInputFiles({
      name,
      mimeType: 'text/csv',
      buffer: Buffer.from(lines.join('\n')),
    });
    await page.getByRole('button', { name: 'Upload' }).click();
  };

  before(async () => {
    dashboard = await startDashboard();
    await dashboard.addMember(email, password, 'owner');
    ({ page, errors: pageErrors } = await dashboard.newPage());
    await dashboard.logIn(page, email, password);
    await page.goto(`${dashboard.origin}/costs`);
    await page.getByRole('heading', { name: 'Costs', exact: true }).waitFor();
  });

  after(async () => {
    await dashboard?.close();
  });

  test('a file with one bad row: the row’s number, column and problem, the other rows stored', async () => {
    await page.getByText('No costs uploaded yet.').waitFor();
    await upload('january.csv', [
      'date;source;medium;campaign;keyword;cost;currency',
      `${today};yandex;cpc;implants;;1 250,50;RUB`,
      '31.02.2026;yandex;cpc;implants;;900;RUB',
      `${today};google;cpc;brand;;700;RUB`,
    ]);
    const result = page.locator('.costs-result');
    await result.waitFor();
    assert.equal(await result.getAttribute('data-rows-added'), '2');
    const error = result.locator('table.costs-errors tbody tr');
    assert.equal(await error.count(), 1);
    assert.equal(await error.getAttribute('data-row'), '3', 'the header is row 1');
    const cells = await error.locator('td').allTextContents();
    assert.equal(cells[0], '3');
    assert.equal(cells[1], 'date');
    assert.match(cells[2] ?? '', /"31\.02\.2026" is not a date/);
    assert.match((await result.textContent()) ?? '', /Rows stored \(.*\): 2.*Rows refused and left out: 1/s);
    await page.locator('table.costs-uploads tr[data-upload-id]').first().waitFor();
    await dashboard.screenshot(page, 'costs-error');
  });

  test('a good file is listed with the uploads and summed per campaign', async () => {
    await upload('february.csv', [
      'date,source,medium,campaign,keyword,cost,currency',
      `${today},yandex,cpc,implants,implant price,300,RUB`,
      `${today},vk,paid_social,<img src=x onerror=alert(1)>,,100,RUB`,
    ]);
    await page.locator('.costs-result[data-rows-added="2"][data-refused="0"]').waitFor();
    const uploads = page.locator('table.costs-uploads tr[data-upload-id]');
    await page.waitForFunction(
      () => document.querySelectorAll('table.costs-uploads tr[data-upload-id]').length === 2,
    );
    assert.match((await uploads.first().textContent()) ?? '', /february\.csv/, 'newest first');
    assert.match((await uploads.nth(1).textContent()) ?? '', /january\.csv/);
    const implants = page.locator('table.costs-totals tr[data-campaign="implants"]');
    await page.waitForFunction(() =>
      /1,550\.50/.test(
        document.querySelector('table.costs-totals tr[data-campaign="implants"]')?.textContent ?? '',
      ),
    );
    assert.match((await implants.textContent()) ?? '', /yandex.*cpc.*implants/);
    await page.locator('table.costs-totals').getByText('<img src=x onerror=alert(1)>').waitFor();
    assert.equal(await page.locator('section.costs img').count(), 0, 'the campaign is not parsed as HTML');
    assert.match((await page.locator('table.costs-totals tfoot').textContent()) ?? '', /2,350\.50/);
    await dashboard.screenshot(page, 'costs');
    assert.deepEqual(pageErrors, [], 'no script errors or CSP violations');
  });

  test('the campaign sums export to CSV as the table shows them', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-export="costs.csv"]').click(),
    ]);
    assert.equal(download.suggestedFilename(), 'costs.csv');
    const text = await readFile(await download.path(), 'utf8');
    assert.ok(text.startsWith('\uFEFFsource,medium,campaign,days,cost,currency\r\n'), text);
    assert.match(text, /\r\nyandex,cpc,implants,\d+,1550\.5,RUB\r\n/);
    assert.match(text, /\r\nvk,paid_social,<img src=x onerror=alert\(1\)>,1,100,RUB\r\n/);
  });

  test('an analyst sees the costs and the uploads but no upload form', async () => {
    await dashboard.addMember('analyst@clinic.example', password, 'analyst');
    const analyst = await dashboard.newPage();
    await dashboard.logIn(analyst.page, 'analyst@clinic.example', password);
    await analyst.page.goto(`${dashboard.origin}/costs`);
    await analyst.page.locator('table.costs-uploads tr[data-upload-id]').first().waitFor();
    await analyst.page.locator('table.costs-totals').waitFor();
    assert.equal(await analyst.page.locator('input[type="file"]').count(), 0);
    assert.deepEqual(analyst.errors, []);
    await analyst.page.context().close();
  });
});
