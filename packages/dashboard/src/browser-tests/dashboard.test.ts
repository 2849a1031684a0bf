/**
 * The dashboard in real Chromium against the real server, with calls that came in through the
 * generic PBX webhook and a recording uploaded through the API: log in, filter the log, open a
 * call, play its recording. Screenshots of each page go to .test-artifacts/dashboard/.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { browserSkip } from '@calltrail/server/testing/chromium';
import type { Page } from 'playwright-core';
import { type Dashboard, playAndSeek, startDashboard, toneWav } from './harness.ts';

const skip = browserSkip();
const email = 'manager@clinic.example';
const password = 'correct horse battery';

describe('the dashboard in Chromium', { skip }, () => {
  let dashboard: Dashboard;
  let page: Page;
  let pageErrors: string[];
  let answeredCallId: string;
  const screenshot = (name: string) => dashboard.screenshot(page, name);

  before(async () => {
    dashboard = await startDashboard();
    const { api, hook } = dashboard;
    await dashboard.addMember(email, password, 'owner');
    await api(
      {
        method: 'POST',
        url: '/api/v1/numbers',
        payload: { number: '+74950001122', channel: 'offline', source: 'billboard' },
      },
      'adding the billboard number',
    );

    // Calls arrive as a PBX sends them: one answered on the billboard number, one missed elsewhere.
    const start = Date.now() - 10 * 60_000;
    const at = (seconds: number) => new Date(start + seconds * 1000).toISOString();
    const billboard = { callId: 'pbx-1', from: '+79161234567', to: '+74950001122' };
    answeredCallId = await hook({ ...billboard, event: 'ringing', at: at(0) });
    await hook({ ...billboard, event: 'answered', at: at(12), agent: 'Anna <b>Petrova</b>', queue: 'Sales' });
    await hook({ ...billboard, event: 'ended', at: at(95), status: 'completed' });
    const other = { callId: 'pbx-2', from: '+79167654321', to: '+74959998877' };
    await hook({ ...other, event: 'ringing', at: at(200) });
    await hook({ ...other, event: 'ended', at: at(230), status: 'missed' });

    await api(
      {
        method: 'POST',
        url: `/api/v1/calls/${answeredCallId}/recording`,
        headers: { 'content-type': 'audio/wav' },
        payload: toneWav(),
      },
      'uploading the recording',
    );
    ({ page, errors: pageErrors } = await dashboard.newPage());
  });

  after(async () => {
    await dashboard?.close();
  });

  test('logging in shows the workspace’s calls', async () => {
    await page.goto(`${dashboard.origin}/calls`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await screenshot('login');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.locator('table.calls tbody tr').nth(1).waitFor();
    assert.equal(await page.locator('table.calls tbody tr').count(), 2);
    assert.equal(
      await page.locator('header').getByText('Clinic', { exact: true }).count(),
      1,
      'the workspace is named',
    );
    await screenshot('calls');
  });

  test('filtering by channel keeps the address bar and the table in step', async () => {
    await page.getByLabel('Channel').selectOption('offline');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/channel=offline/);
    await page.locator('table.calls tbody tr').first().waitFor();
    await page.waitForFunction(() => document.querySelectorAll('table.calls tbody tr').length === 1);
    const row = page.locator('table.calls tbody tr');
    assert.equal(await row.getAttribute('data-call-id'), answeredCallId);
    assert.match((await row.textContent()) ?? '', /Offline/);
    assert.match((await row.textContent()) ?? '', /billboard/, 'the offline number’s source');
    await screenshot('calls-filtered');
  });

  test('a call opens to its detail, user-supplied text shown as text', async () => {
    await page.locator('table.calls tbody tr a').first().click();
    await page.waitForURL(new RegExp(`/calls/${answeredCallId}$`));
    const detail = page.locator('section.call');
    await detail.getByText('Anna <b>Petrova</b>').waitFor();
    assert.equal(await detail.locator('b').count(), 0, 'the agent’s name is not parsed as HTML');
    const text = (await detail.textContent()) ?? '';
    assert.match(text, /Sales/);
    assert.match(text, /Completed/);
    assert.match(text, /Attributed/);
    assert.match(text, /Offline channel number/);
    assert.match(text, /0:12/, 'wait time');
    assert.match(text, /1:23/, 'talk time');
  });

  test('the recording plays and seeks', async () => {
    const audio = page.locator('section.call audio');
    assert.equal(
      await audio.getAttribute('src'),
      `/api/v1/calls/${answeredCallId}/recording?workspace=${dashboard.workspaceId}`,
    );
    const position = await playAndSeek(page, 'section.call audio');
    assert.ok(Math.abs(position.duration - 1) < 0.05, `a one-second recording, got ${position.duration}`);
    assert.ok(Math.abs(position.currentTime - 0.5) < 0.05, `seeked to 0.5 s, at ${position.currentTime}`);
    await screenshot('call');
  });

  test('the language switch turns the page Russian, dates and all', async () => {
    await page.getByLabel('Language').selectOption('ru');
    await page.getByText('Атрибуция').waitFor();
    assert.match((await page.locator('section.call').textContent()) ?? '', /Завершён/);
    await page.getByRole('link', { name: '← Все звонки' }).click();
    await page.getByRole('heading', { name: 'Звонки' }).waitFor();
    await screenshot('calls-ru');
    assert.deepEqual(pageErrors, [], 'no script errors or CSP violations');
  });
});
