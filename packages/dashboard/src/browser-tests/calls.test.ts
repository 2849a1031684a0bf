/**
 * The calls pages in real Chromium against the real server, with a visit that came in through the
 * snippet API and calls through the generic PBX webhook: filter the log, open an attributed call to
 * its visitor's journey, annotate it, and see an analyst get the same pages read-only and masked.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { browserSkip } from '@calltrail/server/testing/chromium';
import type { Page } from 'playwright-core';
import { type Dashboard, expectCallRows, startDashboard } from './harness.ts';

const skip = browserSkip();
const owner = { email: 'owner@clinic.example', password: 'correct horse battery' };
const analyst = { email: 'analyst@clinic.example', password: 'staple battery horse' };
const site = 'https://clinic.example';
const hostileCampaign = '<script>alert(1)</script>';
const poolNumber = '+74950000001';
const reusedNumber = '+74950000002';

describe('the calls pages in Chromium', { skip }, () => {
  let dashboard: Dashboard;
  let page: Page;
  let pageErrors: string[];
  const calls = { attributed: '', missed: '', vip: '' };
  const rows = () => page.locator('table.calls tbody tr');
  const expectRows = (ids: string[]) => expectCallRows(page, ids);

  before(async () => {
    dashboard = await startDashboard();
    const { api, hook, app } = dashboard;
    await dashboard.addMember(owner.email, owner.password, 'owner');
    await dashboard.addMember(analyst.email, analyst.password, 'analyst');
    /** A site whose one business number is swapped for the numbers of one pool. */
    const siteWithPool = async (domain: string, businessNumber: string, pool: Record<string, unknown>) => {
      const created = (await api(
        {
          method: 'POST',
          url: '/api/v1/sites',
          payload: { name: domain, domains: [domain], businessNumbers: [businessNumber] },
        },
        `creating ${domain}`,
      )) as { id: string; key: string };
      await api(
        { method: 'POST', url: '/api/v1/pools', payload: { siteId: created.id, businessNumber, ...pool } },
        `creating the pool of ${domain}`,
      );
      return created.key;
    };
    const clinic = await siteWithPool('clinic.example', '+74951234567', {
      name: 'Sales',
      numbers: [poolNumber],
      fallbackNumber: '+74950000099',
    });
    // A pool that, when all its numbers are out, hands the least recently active one out again.
    const dental = await siteWithPool('dental.example', '+74957654321', {
      name: 'Dental',
      numbers: [reusedNumber],
      exhaustionPolicy: 'reuse',
    });

    /** A request of the snippet on a page of the site. */
    const snippet = async (path: string, body: Record<string, unknown>, key = clinic) => {
      const origin = key === clinic ? site : 'https://dental.example';
      const response = await app.inject({
        method: 'POST',
        url: `/s/v1/${path}`,
        headers: { 'content-type': 'text/plain', origin },
        payload: JSON.stringify({ v: '1', k: key, ...body }),
      });
      assert.equal(response.statusCode, 200, response.body);
      return response.json();
    };
    // A visitor comes from a newsletter, then clicks an ad whose campaign name is a script, looks at
    // two pages and is shown the pool's number.
    const landing = `${site}/teeth?${new URLSearchParams({
      utm_source: 'google',
      utm_medium: 'cpc',
      utm_campaign: hostileCampaign,
      utm_term: 'dentist',
    })}`;
    const first = await snippet('session', { u: `${site}/?utm_source=newsletter&utm_medium=email` });
    // Another campaign starts another session of the same visitor.
    const visit = await snippet('session', {
      vid: first.vid,
      u: landing,
      r: 'https://www.google.com/',
      ga: { cid: '123.456' },
    });
    assert.notEqual(visit.sid, first.sid);
    assert.equal(visit.numbers[0].show, poolNumber);
    await snippet('hit', { vid: visit.vid, sid: visit.sid, u: `${site}/prices`, t: 'page' });
    // Two visitors of the other site are shown its one number in turn: a call to it could have
    // come from either.
    for (const source of ['bing', 'yandex']) {
      const other = await snippet(
        'session',
        { u: `https://dental.example/?utm_source=${source}&utm_medium=cpc` },
        dental,
      );
      assert.equal(other.numbers[0].show, reusedNumber);
    }

    const call = async (callId: string, from: string, to: string, status: 'completed' | 'missed') => {
      const id = await hook({ callId, from, to, event: 'ringing' });
      if (status === 'completed') await hook({ callId, from, to, event: 'answered', agent: 'Anna' });
      await hook({ callId, from, to, event: 'ended', status });
      return id;
    };
    calls.attributed = await call('pbx-1', '+79161234567', poolNumber, 'completed');
    calls.missed = await call('pbx-2', '+79167654321', '+74959998877', 'missed');
    // The tagged call is also the uncertain one.
    calls.vip = await call('pbx-3', '+79035550000', reusedNumber, 'completed');
    await api(
      { method: 'PATCH', url: `/api/v1/calls/${calls.vip}`, payload: { tags: ['vip'] } },
      'tagging a call',
    );
    ({ page, errors: pageErrors } = await dashboard.newPage());
    // Any alert means a user-supplied string ran as a script.
    page.on('dialog', (dialog) => {
      pageErrors.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
  });

  after(async () => {
    await dashboard?.close();
  });

  test('the owner sees every call, with its tags', async () => {
    await dashboard.logIn(page, owner.email, owner.password);
    await expectRows([calls.attributed, calls.missed, calls.vip]);
    const vipRow = page.locator(`tr[data-call-id="${calls.vip}"]`);
    assert.match((await vipRow.textContent()) ?? '', /vip/);
    assert.match((await rows().allTextContents()).join(' '), /\+79161234567/, 'owners see callers');
  });

  test('filtering by status keeps the address bar and the table in step', async () => {
    await page.getByLabel('Status').selectOption('missed');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/status=missed/);
    await expectRows([calls.missed]);
  });

  test('a tag, under “more filters”, finds the calls carrying it', async () => {
    await page.getByRole('link', { name: 'Reset' }).click();
    await expectRows([calls.attributed, calls.missed, calls.vip]);
    await page.locator('.calls-more summary').click();
    await page.getByLabel('Tag', { exact: true }).fill('vip');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/tag=vip/);
    await expectRows([calls.vip]);
    // Reopened from the address, the expanded filters say how many are set.
    await page.reload();
    await expectRows([calls.vip]);
    assert.equal(await page.locator('.calls-more summary').textContent(), 'More filters (1)');
  });

  test('searching by the caller’s digits, however typed, finds their call', async () => {
    await page.getByRole('link', { name: 'Reset' }).click();
    await expectRows([calls.attributed, calls.missed, calls.vip]);
    await page.getByLabel('Caller or number').fill('+7 916 765-43');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/search=/);
    await expectRows([calls.missed]);
    const exportLink = page.getByRole('link', { name: 'Export CSV' });
    const href = (await exportLink.getAttribute('href')) ?? '';
    assert.match(href, /^\/api\/v1\/calls\/export\.csv\?/);
    assert.match(href, /search=791676543/);
    assert.match(href, new RegExp(`workspace=${dashboard.workspaceId}`));
    await page.locator('.calls-more summary').click();
    await page.getByLabel('Tag', { exact: true }).waitFor();
    await dashboard.screenshot(page, 'calls-filters');
  });

  test('an attributed call shows the visitor’s journey, the campaign as text', async () => {
    await page.getByRole('link', { name: 'Reset' }).click();
    await expectRows([calls.attributed, calls.missed, calls.vip]);
    await page.locator(`tr[data-call-id="${calls.attributed}"] a`).first().click();
    await page.waitForURL(new RegExp(`/calls/${calls.attributed}$`));
    const sessions = page.locator('.call-journey li.call-session');
    await sessions.nth(1).waitFor();
    assert.equal(await sessions.count(), 2, 'both of the visitor’s sessions');
    const older = (await sessions.first().textContent()) ?? '';
    assert.match(older, /newsletter/, 'the older one first');
    assert.doesNotMatch(older, /credited/, 'no call came from the older one');
    const credited = page.locator('.call-journey li.call-session.credited');
    await credited.waitFor();
    const text = (await credited.textContent()) ?? '';
    assert.ok(text.includes(hostileCampaign), `the campaign is shown as typed: ${text}`);
    for (const expected of ['google', 'cpc', 'dentist', '/teeth', '/prices', '123.456', poolNumber]) {
      assert.ok(text.includes(expected), `the session shows ${expected}`);
    }
    assert.equal(await page.locator('section.call script').count(), 0, 'no script element was made');
    // The pages seen, each with its time.
    const pages = await credited.locator('.call-pages li').allTextContents();
    assert.equal(pages.length, 2);
    assert.match(pages[1] ?? '', /\d:\d\d.*\+0:\d\d https:\/\/clinic\.example\/prices/);
    // Addresses are links only to http(s), and give the site nothing of the dashboard.
    const landingLink = credited.locator('a[href^="https://clinic.example/teeth"]').first();
    assert.equal(await landingLink.getAttribute('rel'), 'noopener noreferrer');
    const attribution = (await page.locator('section.attribution').textContent()) ?? '';
    assert.match(attribution, /Attributed/);
    assert.match(attribution, /Confidence/);
    await dashboard.screenshot(page, 'call-journey');
  });

  test('an operator’s assessment is saved, and the API’s refusal is shown', async () => {
    const panel = page.locator('.call-annotation');
    await panel.getByLabel('Add a tag').fill('callback <b>soon</b>');
    await panel.getByLabel('Add a tag').press('Enter');
    await panel.getByRole('button', { name: '4 of 5' }).click();
    await panel.getByLabel('Yes').check();
    await panel.getByLabel('Deal value, RUB').fill('-5');
    await panel.getByRole('button', { name: 'Save' }).click();
    await panel.getByRole('alert').waitFor();
    assert.match((await panel.getByRole('alert').textContent()) ?? '', /dealValue|0/);

    await panel.getByLabel('Deal value, RUB').fill('15000');
    await panel.getByRole('button', { name: 'Save' }).click();
    await panel.getByText('Saved').waitFor();

    await page.reload();
    await panel.getByText('callback <b>soon</b>').waitFor();
    assert.equal(await panel.locator('b').count(), 0, 'the tag is not parsed as HTML');
    assert.equal(await panel.getByRole('button', { name: '4 of 5' }).getAttribute('aria-pressed'), 'true');
    assert.ok(await panel.getByLabel('Yes').isChecked());
    assert.equal(await panel.getByLabel('Deal value, RUB').inputValue(), '15000');
    const saved = (await dashboard.api({ method: 'GET', url: `/api/v1/calls/${calls.attributed}` })) as {
      tags: string[];
      rating: number;
      qualified: boolean;
      dealValue: number;
    };
    assert.deepEqual(
      { tags: saved.tags, rating: saved.rating, qualified: saved.qualified, dealValue: saved.dealValue },
      { tags: ['callback <b>soon</b>'], rating: 4, qualified: true, dealValue: 15000 },
    );
    assert.deepEqual(pageErrors, [], 'no script errors, alerts or CSP violations');
  });

  test('an uncertain call names its candidate sessions and how likely each is', async () => {
    await page.goto(`${dashboard.origin}/calls/${calls.vip}`);
    const attribution = page.locator('section.attribution');
    await attribution.locator('table.candidates').waitFor();
    const text = (await attribution.textContent()) ?? '';
    assert.match(text, /Uncertain/);
    assert.match(text, /The number had been reused/);
    assert.match(text, /Confidence\s*50%/);
    const candidates = attribution.locator('table.candidates tbody tr');
    assert.equal(await candidates.count(), 2, 'both visitors shown the number');
    assert.deepEqual(await candidates.locator('td.number').allTextContents(), ['50%', '50%']);
    assert.equal(
      await attribution.locator('table.candidates tr.chosen').count(),
      1,
      'the one chosen is marked',
    );
    await dashboard.screenshot(page, 'call-uncertain');
  });

  test('an analyst sees callers masked and the assessment read-only', async () => {
    const { page: analystPage, errors } = await dashboard.newPage();
    await dashboard.logIn(analystPage, analyst.email, analyst.password);
    await analystPage.locator(`tr[data-call-id="${calls.attributed}"]`).waitFor();
    const list = (await analystPage.locator('table.calls tbody').textContent()) ?? '';
    assert.doesNotMatch(list, /\+79161234567|\+79167654321/);
    assert.match(list, /\+7916\*+67/);
    // The export link, fetched as the browser would, masks them too.
    const href = await analystPage.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
    const csv = await analystPage.request.get(`${dashboard.origin}${href}`);
    assert.equal(csv.status(), 200, await csv.text());
    assert.doesNotMatch(await csv.text(), /79161234567|79167654321/);
    assert.match(await csv.text(), /\+7916\*+67/);

    await analystPage.locator(`tr[data-call-id="${calls.attributed}"] a`).first().click();
    const panel = analystPage.locator('.call-annotation');
    await panel.getByText('callback <b>soon</b>').waitFor();
    assert.equal(await panel.getByRole('button').count(), 0, 'nothing to press');
    assert.equal(await panel.locator('input').count(), 0, 'nothing to type in');
    assert.equal(await panel.getByRole('img', { name: '4 of 5' }).count(), 1);
    assert.match((await panel.textContent()) ?? '', /15,000/);
    assert.doesNotMatch((await analystPage.locator('section.call h1').textContent()) ?? '', /\+79161234567/);
    assert.deepEqual(errors, [], 'no script errors or CSP violations');
  });
});
