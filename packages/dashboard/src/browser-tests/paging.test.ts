/**
 * Lists read a page at a time in Chromium: "Show more" appends the next page of calls, and a new
 * filter starts again from the first page rather than keeping what was appended.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { browserSkip } from '@calltrail/server/testing/chromium';
import type { Page } from 'playwright-core';
import { type Dashboard, startDashboard } from './harness.ts';

const skip = browserSkip();
const email = 'operator@clinic.example';
const password = 'correct horse battery';
/** One more than the call log's page of 50. */
const callCount = 53;

describe('paging in Chromium', { skip }, () => {
  let dashboard: Dashboard;
  let page: Page;
  let pageErrors: string[];
  const rows = () => page.locator('table.calls tbody tr');
  const rowCount = (count: number) =>
    page.waitForFunction((n) => document.querySelectorAll('table.calls tbody tr').length === n, count);

  before(async () => {
    dashboard = await startDashboard();
    await dashboard.addMember(email, password, 'operator');
    const start = Date.now() - 60 * 60_000;
    for (let i = 0; i < callCount; i++) {
      await dashboard.hook({
        callId: `pbx-${i}`,
        event: 'ended',
        status: i % 2 === 0 ? 'missed' : 'completed',
        from: `+7916${String(1_000_000 + i).padStart(7, '0')}`,
        to: '+74950001122',
        at: new Date(start + i * 60_000).toISOString(),
      });
    }
    ({ page, errors: pageErrors } = await dashboard.newPage());
    await dashboard.logIn(page, email, password);
  });

  after(async () => {
    await dashboard?.close();
  });

  test('the first page holds 50 calls; "Show more" appends the rest, then goes away', async () => {
    await rowCount(50);
    await page.getByRole('button', { name: 'Show more' }).click();
    await rowCount(callCount);
    const ids = await rows().evaluateAll((list) => list.map((row) => row.getAttribute('data-call-id')));
    assert.equal(new Set(ids).size, callCount, 'no call is shown twice');
    assert.equal(await page.getByRole('button', { name: 'Show more' }).count(), 0);
  });

  test('a new filter, and going back to the old one, start from the first page again', async () => {
    await page.getByLabel('Status').selectOption('missed');
    await page.getByRole('button', { name: 'Apply' }).click();
    await rowCount(Math.ceil(callCount / 2));
    await page.goBack();
    await rowCount(50);
    assert.equal(await page.getByRole('button', { name: 'Show more' }).count(), 1);
    assert.deepEqual(pageErrors, [], 'no script errors or CSP violations');
  });
});
