/**
 * The missed-calls worklist in Chromium, with calls that came in through the generic PBX webhook:
 * one missed call called back and answered, one with an unanswered callback, one nobody called back
 * yet, one lost a day and more ago, and an answered call that is not on the list.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { browserSkip } from '@calltrail/server/testing/chromium';
import type { Page } from 'playwright-core';
import { type Dashboard, startDashboard } from './harness.ts';

const skip = browserSkip();
const email = 'analyst@clinic.example';
const password = 'correct horse battery';
const line = '+74950001122';

describe('the missed-calls worklist in Chromium', { skip }, () => {
  let dashboard: Dashboard;
  let page: Page;
  let pageErrors: string[];
  const ids: Record<'calledBack' | 'attempted' | 'pending' | 'lost', string> = {
    calledBack: '',
    attempted: '',
    pending: '',
    lost: '',
  };

  before(async () => {
    dashboard = await startDashboard();
    const { api, hook } = dashboard;
    await dashboard.addMember(email, password, 'analyst');
    await api(
      {
        method: 'POST',
        url: '/api/v1/numbers',
        payload: { number: line, channel: 'offline', source: 'billboard' },
      },
      'adding the billboard number',
    );
    const now = Date.now();
    const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000).toISOString();
    /** A call as a PBX reports it: ringing, maybe answered, then ended; returns the call's id. */
    const call = async (
      pbxId: string,
      startedMinutesAgo: number,
      options: { from: string; to: string; answered: boolean; direction?: 'inbound' | 'outbound' },
    ) => {
      const base = {
        callId: pbxId,
        from: options.from,
        to: options.to,
        direction: options.direction ?? 'inbound',
      };
      const id = await hook({ ...base, event: 'ringing', at: at(startedMinutesAgo) });
      if (options.answered) await hook({ ...base, event: 'answered', at: at(startedMinutesAgo - 0.2) });
      await hook({
        ...base,
        event: 'ended',
        at: at(startedMinutesAgo - 1),
        status: options.answered ? 'completed' : 'missed',
      });
      return id;
    };
    const inbound = (pbxId: string, caller: string, minutesAgo: number, answered = false) =>
      call(pbxId, minutesAgo, { from: caller, to: line, answered });
    const callback = (pbxId: string, caller: string, minutesAgo: number, answered: boolean) =>
      call(pbxId, minutesAgo, { from: line, to: caller, answered, direction: 'outbound' });

    ids.lost = await inbound('pbx-lost', '+79161110003', 30 * 60);
    ids.calledBack = await inbound('pbx-back', '+79161110001', 180);
    await callback('pbx-back-out', '+79161110001', 176, true);
    ids.pending = await inbound('pbx-pending', '+79161110002', 120);
    ids.attempted = await inbound('pbx-attempted', '+79161110004', 60);
    await callback('pbx-attempted-out', '+79161110004', 50, false);
    await inbound('pbx-answered', '+79161110005', 30, true);

    ({ page, errors: pageErrors } = await dashboard.newPage());
    await dashboard.logIn(page, email, password);
  });

  after(async () => {
    await dashboard?.close();
  });

  const rows = () => page.locator('table.missed-worklist tbody tr');
  const row = (callId: string) => page.locator(`table.missed-worklist tr[data-call-id="${callId}"]`);

  test('the summary counts missed, recovered and lost calls', async () => {
    await page.getByRole('link', { name: 'Missed calls' }).click();
    await rows().nth(3).waitFor();
    const tile = (name: string) => page.locator(`[data-tile="${name}"] strong`).textContent();
    assert.equal(await tile('missed'), '4');
    assert.match((await page.locator('[data-tile="missed"]').textContent()) ?? '', /Inbound calls: 5/);
    assert.equal(await tile('missed-share'), '80%');
    assert.equal(await tile('recovered'), '1');
    assert.equal(await tile('lost'), '1');
    assert.equal(await tile('median-callback'), '4 min');
  });

  test('each missed call shows its state and callback, calls still to work on first', async () => {
    assert.equal(await rows().count(), 4, 'the answered call is not on the list');
    const states = await rows().evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-state')));
    assert.deepEqual(states.slice(0, 2).sort(), ['attempted', 'pending']);
    assert.equal(await row(ids.calledBack).getAttribute('data-state'), 'called_back');
    assert.match((await row(ids.calledBack).textContent()) ?? '', /after 4 min, answered/);
    assert.match((await row(ids.attempted).textContent()) ?? '', /after 10 min, not answered/);
    assert.equal(await row(ids.lost).getAttribute('data-state'), 'lost');
    assert.match((await row(ids.pending).textContent()) ?? '', /Offline/);
    const text = (await page.locator('table.missed-worklist').textContent()) ?? '';
    assert.doesNotMatch(text, /79161110002/, 'an analyst sees callers masked');
    assert.equal(
      await row(ids.pending).locator('a').getAttribute('href'),
      `/calls/${ids.pending}`,
      'each row links to its call',
    );
    await dashboard.screenshot(page, 'missed');
  });

  test('a state tab narrows the list and keeps it in the address bar, the CSV link too', async () => {
    await page.locator('[data-state-tab="pending"]').click();
    await page.waitForURL(/state=pending/);
    await page.waitForFunction(
      () => document.querySelectorAll('table.missed-worklist tbody tr').length === 1,
    );
    assert.equal(await rows().first().getAttribute('data-call-id'), ids.pending);
    const csv = (await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href')) ?? '';
    const [path, search] = csv.split('?');
    assert.equal(path, '/api/v1/reports/missed.csv');
    const query = new URLSearchParams(search);
    assert.equal(query.get('workspace'), dashboard.workspaceId);
    assert.equal(query.get('state'), 'pending');
    assert.deepEqual(pageErrors, [], 'no script errors or CSP violations');
  });
});
