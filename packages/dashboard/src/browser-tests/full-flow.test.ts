/**
 * The whole dashboard in Chromium on data that entered the way production data does: the
 * simulator's load mode sets up the demo workspace through the REST API, sends visitors through the
 * snippet API and places their calls (some missed, some called back) through the generic PBX
 * webhook. An owner then walks every main page; an analyst exports the log and finds callers masked.
 * A screenshot of each page goes to .test-artifacts/dashboard/flow-*.png.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { localSlot, maskPhone } from '@calltrail/core';
import type { CallRecord } from '@calltrail/protocol';
import { type DemoLoadResult, runDemoLoad, testDemoLoad } from '@calltrail/server/load/demo-load';
import { browserSkip } from '@calltrail/server/testing/chromium';
import type { Page } from 'playwright-core';
import { type Dashboard, expectCallRows, playAndSeek, startDashboard, toneWav } from './harness.ts';

const skip = browserSkip();
const owner = { email: 'owner@clinic.example', password: 'correct horse battery' };
const analyst = { email: 'analyst@clinic.example', password: 'staple battery horse' };
/** A caller's number in full, as the load makes them up (+79 and nine digits). */
const fullCaller = /\+?79\d{9}(?!\d)/;
const missedStatuses: readonly CallRecord['status'][] = ['missed', 'busy', 'failed'];

describe('the whole dashboard on the simulator’s demo load', { skip }, () => {
  let dashboard: Dashboard;
  let demo: DemoLoadResult;
  let calls: CallRecord[];
  let answered: CallRecord;
  let page: Page;
  let pageErrors: string[];
  const inbound = () => calls.filter((call) => call.direction === 'inbound');
  const screenshot = (name: string) => dashboard.screenshot(page, name);

  before(async () => {
    dashboard = await startDashboard();
    await dashboard.addMember(owner.email, owner.password, 'owner');
    demo = await runDemoLoad({
      url: dashboard.origin,
      auth: { headers: dashboard.headers },
      ...testDemoLoad,
    });
    assert.deepEqual(demo.summary.errors, {}, 'every snippet request answered');
    assert.deepEqual(demo.summary.calls?.errors, {}, 'every webhook event accepted');
    calls = (
      (await dashboard.api({ method: 'GET', url: '/api/v1/calls?limit=500' })) as { items: CallRecord[] }
    ).items;
    assert.ok(calls.length <= 50, 'the log shows every call on its first page');
    const found = inbound().find(
      (call) =>
        call.status === 'completed' &&
        call.attribution.status === 'attributed' &&
        call.session !== null &&
        call.channel !== null,
    );
    assert.ok(found, 'the load made an answered, attributed call');
    answered = found;
    // The generic webhook carries no recording: one is uploaded as a PBX integration would.
    await dashboard.api(
      {
        method: 'POST',
        url: `/api/v1/calls/${answered.id}/recording`,
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

  const expectRows = (expected: CallRecord[]) =>
    expectCallRows(
      page,
      expected.map((call) => call.id),
    );

  test('logging in as the owner shows every call the load placed and every callback', async () => {
    await dashboard.logIn(page, owner.email, owner.password);
    assert.equal(inbound().length, demo.callsPlaced);
    assert.equal(calls.length - inbound().length, demo.callbacks);
    await expectRows(calls);
    await screenshot('flow-calls');
  });

  test('filtering by status, then by channel, leaves only the calls that match', async () => {
    const missed = calls.filter((call) => call.status === 'missed');
    assert.ok(missed.length > 0, 'the load missed some calls');
    await page.getByLabel('Status').selectOption('missed');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/status=missed/);
    await expectRows(missed);

    const channel = answered.channel ?? '';
    await page.getByLabel('Status').selectOption('');
    await page.getByLabel('Channel').selectOption(channel);
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(
      (url) => url.searchParams.get('channel') === channel && !url.searchParams.has('status'),
    );
    await expectRows(calls.filter((call) => call.channel === channel));
  });

  test('an answered, attributed call opens to its journey, and its recording plays and seeks', async () => {
    await page.locator(`table.calls tr[data-call-id="${answered.id}"] a`).first().click();
    await page.waitForURL(new RegExp(`/calls/${answered.id}$`));
    assert.match((await page.locator('section.attribution').textContent()) ?? '', /Attributed/);
    const credited = page.locator('.call-journey li.call-session.credited');
    await credited.waitFor();
    const source = answered.session?.touch.source;
    if (source)
      assert.ok(((await credited.textContent()) ?? '').includes(source), `the session shows ${source}`);

    const position = await playAndSeek(page, 'section.call audio');
    assert.ok(Math.abs(position.duration - 1) < 0.05, `a one-second recording, got ${position.duration}`);
    assert.ok(Math.abs(position.currentTime - 0.5) < 0.05, `seeked to 0.5 s, at ${position.currentTime}`);
    await screenshot('flow-call');
  });

  const table = () => page.locator('table.sources-table');
  /** Waits for the table grouped by `groupBy`, failing with the page's message if the report fails. */
  const groupedBy = async (groupBy: string) => {
    const failure = page.locator('section.sources [role="alert"]');
    await page.locator(`table.sources-table[data-group-by="${groupBy}"]`).or(failure).first().waitFor();
    assert.deepEqual(await failure.allTextContents(), [], 'the report loads');
  };
  /** A count column of the table's rows, by row key, read as numbers. */
  const column = (metric: string) =>
    table()
      .locator('tbody tr')
      .evaluateAll(
        (rows, name) =>
          rows.map((row) => [
            row.getAttribute('data-key') ?? '',
            Number(row.querySelector(`td[data-metric="${name}"]`)?.textContent?.replace(/\D/g, '') || 0),
          ]) as [string, number][],
        metric,
      );
  /** Waits for every part of the sources page to show the current query (screenshots show it whole). */
  const sourcesSettled = async () => {
    await page.locator('.sources-chart canvas').waitFor();
    await page.locator('.sources-heat-cell').first().waitFor();
    await page.locator('table.sources-customers, [data-missing="customers"]').first().waitFor();
    await page.waitForFunction(() => document.querySelector('.sources-part.stale') === null);
  };
  const total = async (metric: string) =>
    Number(
      ((await table().locator(`tfoot td[data-metric="${metric}"]`).textContent()) ?? '').replace(/\D/g, ''),
    );

  test('the sources report counts every inbound call the load placed, per channel', async () => {
    await page.getByRole('link', { name: 'Sources' }).click();
    await groupedBy('channel');
    assert.equal(await total('calls'), demo.callsPlaced);
    const perChannel = await column('calls');
    assert.equal(
      perChannel.reduce((sum, [, n]) => sum + n, 0),
      demo.callsPlaced,
      'the channels add up to the total',
    );
    await sourcesSettled();
    await screenshot('flow-sources');
  });

  test('the drill-down goes channel → source → campaign → keyword by clicks, each level adding up', async () => {
    const path: string[] = [];
    let parentCalls = await total('calls');
    for (const [level, next] of [
      ['channel', 'source'],
      ['source', 'campaign'],
      ['campaign', 'term'],
    ] as const) {
      // At the channel level only paid search goes all the way down to keywords.
      const rows = (await column('calls')).filter(([key]) =>
        level === 'channel' ? key === 'paid_search' : key,
      );
      const [key, rowCalls] = rows.sort((a, b) => b[1] - a[1])[0] ?? [];
      assert.ok(key !== undefined && rowCalls !== undefined, `a ${level} to open`);
      await table().locator(`tbody tr[data-key="${key}"] th a`).click();
      await groupedBy(next);
      assert.equal(await total('calls'), rowCalls, `${key}: its ${next}s add up to its calls`);
      assert.ok(rowCalls <= parentCalls);
      parentCalls = rowCalls;
      path.push(key);
    }
    assert.equal(await table().locator('tbody a').count(), 0, 'keywords are the last level');
    const crumbs = await page.locator('.sources-crumbs > *').allTextContents();
    assert.deepEqual(crumbs, ['All channels', 'Paid search', path[1], path[2]]);
    await sourcesSettled();
    await screenshot('flow-sources-drilldown');
  });

  test('the missed-calls page sums up the missed calls and shows the callbacks', async () => {
    await page.getByRole('link', { name: 'Missed calls' }).click();
    const tile = (name: string) => page.locator(`[data-tile="${name}"] strong`).textContent();
    await page.locator('table.missed-worklist tbody tr').first().waitFor();
    const missed = inbound().filter((call) => missedStatuses.includes(call.status));
    assert.equal(await tile('missed'), String(missed.length));
    assert.match(
      (await page.locator('[data-tile="missed"]').textContent()) ?? '',
      new RegExp(`Inbound calls: ${inbound().length}`),
    );
    const states = await page
      .locator('table.missed-worklist tbody tr')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-state')));
    assert.equal(
      states.length,
      missed.filter((call) => call.caller !== null).length,
      'every known caller listed',
    );
    if (demo.callbacks > 0) {
      assert.ok(
        states.some((state) => state === 'called_back' || state === 'attempted'),
        `${demo.callbacks} callbacks, states ${states.join()}`,
      );
    }
    await screenshot('flow-missed');
  });

  test('a costs CSV with one bad row stores the good one and names the bad one', async () => {
    const { timeZone, currency } = (await dashboard.api({ method: 'GET', url: '/api/v1/workspace' })) as {
      timeZone: string;
      currency: string;
    };
    const today = localSlot(new Date(), timeZone).day;
    await page.getByRole('link', { name: 'Costs' }).click();
    await page.locator('table.costs-uploads tr[data-upload-id]').first().waitFor();
    await page.locator('input[name="file"]').setInputFiles({
      name: 'extra.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        [
          'date,source,medium,campaign,keyword,cost,currency',
          `${today},google,cpc,implants_search,,500,${currency}`,
          `${today},google,cpc,implants_search,,lots,${currency}`,
        ].join('\n'),
      ),
    });
    await page.getByRole('button', { name: 'Upload' }).click();
    const result = page.locator('.costs-result');
    await result.waitFor();
    assert.equal(await result.getAttribute('data-rows-added'), '1');
    const error = result.locator('table.costs-errors tbody tr');
    assert.equal(await error.count(), 1);
    assert.equal(await error.getAttribute('data-row'), '3', 'the header is row 1');
    assert.equal(await error.locator('td').nth(1).textContent(), 'cost');
    await screenshot('flow-costs-error');
  });

  test('the pools page lists the demo pool, which opens to its figures and charts', async () => {
    await page.getByRole('link', { name: 'Pools' }).click();
    const row = page.locator(`table.pools-list tr[data-pool-id="${demo.poolId}"]`);
    await row.waitFor();
    assert.equal(await row.locator('[data-field="size"]').textContent(), '40');
    assert.match((await row.textContent()) ?? '', /Demo pool/);
    await screenshot('flow-pools');
    await row.locator('a').click();
    await page.waitForURL(new RegExp(`/pools/${demo.poolId}$`));
    await page.locator('[data-chart="utilisation"] canvas').waitFor();
    assert.equal(await page.locator('[data-figure="size"] strong').first().textContent(), '40');
    await screenshot('flow-pool');
  });

  test('the settings page lists the demo site', async () => {
    await page.getByRole('link', { name: 'Settings' }).click();
    const row = page.locator(`tr[data-site-id="${demo.siteId}"]`);
    await row.waitFor();
    assert.match((await row.textContent()) ?? '', /Demo clinic/);
    await screenshot('flow-settings');
  });

  test('an analyst sees callers masked on the page and in the exported CSV', async () => {
    await dashboard.addMember(analyst.email, analyst.password, 'analyst');
    const { page: analystPage, errors } = await dashboard.newPage();
    await dashboard.logIn(analystPage, analyst.email, analyst.password);
    await analystPage
      .locator('table.calls tbody tr')
      .nth(calls.length - 1)
      .waitFor();
    assert.doesNotMatch((await analystPage.locator('table.calls tbody').textContent()) ?? '', fullCaller);
    const href = await analystPage.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
    // Fetched with the page's cookies, as following the link would.
    const response = await analystPage.request.get(`${dashboard.origin}${href}`);
    const csv = await response.text();
    assert.equal(response.status(), 200, csv);
    assert.equal(csv.trim().split('\n').length, calls.length + 1, 'a header and a line per call');
    assert.doesNotMatch(csv, fullCaller);
    const known = inbound().find((call) => call.caller !== null)?.caller ?? null;
    const masked = maskPhone(known);
    assert.ok(masked && csv.includes(masked), `the caller shows as ${masked}`);
    assert.deepEqual(errors, [], 'no script errors or CSP violations for the analyst');
    await analystPage.context().close();
  });

  test('the sources report speaks Russian', async () => {
    await page.getByRole('link', { name: 'Sources' }).click();
    await groupedBy('channel');
    await page.getByLabel('Language').selectOption('ru');
    await page.getByRole('heading', { name: 'Источники' }).waitFor();
    await table().getByRole('link', { name: 'Контекстная реклама' }).waitFor();
    // The seeded workspace counts in roubles: Russian groups digits with spaces and uses a decimal comma.
    const cost = (await table().locator('tfoot td[data-metric="cost"]').textContent()) ?? '';
    assert.match(cost, /^\d{1,3}(\s\d{3})*,\d{2}\s₽$/u);
    await sourcesSettled();
    await screenshot('flow-sources-ru');
    assert.deepEqual(pageErrors, [], 'no script errors or CSP violations');
  });
});
