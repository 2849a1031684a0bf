/**
 * The settings pages in Chromium: an owner creates a site and copies its snippet tags, imports
 * tracking numbers from CSV (a bad file is refused whole, with the row named), connects a
 * telephony provider and sees its webhook URL, edits a pool's rules, and creates an API token seen
 * only once, changes a member's role, removes a member after an inline confirmation and is refused
 * stepping down as the last owner; an analyst gets the same pages read-only and no members or tokens.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { browserSkip } from '@calltrail/server/testing/chromium';
import type { Page } from 'playwright-core';
import { type Dashboard, startDashboard } from './harness.ts';

const skip = browserSkip();
const owner = { email: 'owner@clinic.example', password: 'correct horse battery' };
const analyst = { email: 'analyst@clinic.example', password: 'staple battery horse' };

describe('the settings pages in Chromium', { skip }, () => {
  let dashboard: Dashboard;
  let page: Page;
  let pageErrors: string[];
  let siteId: string;

  before(async () => {
    dashboard = await startDashboard();
    await dashboard.addMember(owner.email, owner.password, 'owner');
    await dashboard.addMember(analyst.email, analyst.password, 'analyst');
    ({ page, errors: pageErrors } = await dashboard.newPage());
    await dashboard.logIn(page, owner.email, owner.password);
  });

  after(async () => {
    await dashboard?.close();
  });

  const tab = async (name: string) => {
    await page.click(`.settings-tabs a[data-tab="${name}"]`);
    await page.waitForURL(new RegExp(`/settings/${name}`));
  };
  const copyText = (selector: string) => page.locator(`${selector} textarea`).first().inputValue();

  test('a new site shows its snippet tags to copy, the pinned one with its integrity hash', async () => {
    await page.goto(`${dashboard.origin}/settings`);
    const form = page.locator('form[data-form="new-site"]');
    await form.getByLabel('Name').fill('Clinic <b>main</b>');
    await form.getByLabel(/^Domains/).fill('clinic.example, www.clinic.example');
    await form.getByLabel(/^Business numbers/).fill('+7 495 123-45-67');
    await form.getByRole('button', { name: 'Create site' }).click();
    await page.locator('[data-copy="script-tag"] textarea').waitFor();
    assert.match(page.url(), /\/settings\/sites\?site=/);
    siteId = new URL(page.url()).searchParams.get('site') ?? '';
    assert.match(await copyText('[data-copy="script-tag"]'), /^<script [^>]*src="[^"]+\.js"/);
    assert.match(await copyText('[data-copy="pinned-tag"]'), /integrity="sha384-/);
    // The name is text, not markup.
    assert.equal(
      await page.locator(`tr[data-site-id="${siteId}"] td`).first().textContent(),
      'Clinic <b>main</b>',
    );

    const settings = page.locator('form[data-form="site"]');
    await settings.locator('select[name="consentMode"]').selectOption('wait');
    await settings.getByLabel('Consent cookie').fill('cookie_ok');
    await settings.getByRole('button', { name: 'Save' }).click();
    await settings.getByText('Saved.').waitFor();
    const site = (await dashboard.api({ method: 'GET', url: `/api/v1/sites/${siteId}` })) as Record<
      string,
      unknown
    >;
    assert.deepEqual([site.consentMode, site.consentCookie], ['wait', 'cookie_ok']);
    await dashboard.screenshot(page, 'settings-sites');
  });

  test('a numbers CSV with one bad row imports nothing and names the row; a good one is listed', async () => {
    await tab('numbers');
    const form = page.locator('form[data-form="import-numbers"]');
    const csv = form.getByLabel('CSV text');
    await csv.fill(
      [
        'number,kind,channel,source,campaign,site',
        '+7 495 700-00-10,static,paid_search,google,spring,Clinic <b>main</b>',
        '+7 495 700-00-11,offline,,,radio,',
        '+7 495 700-00-1,offline,,,metro,',
      ].join('\n'),
    );
    await form.getByRole('button', { name: 'Import' }).click();
    await form.getByRole('alert').waitFor();
    assert.match((await form.getByRole('alert').textContent()) ?? '', /Row 4 \(number\)/);
    assert.equal(await page.locator('tr[data-number]').count(), 0, 'nothing was imported');

    await csv.fill(
      [
        'number,kind,channel,source,campaign,site',
        '+7 495 700-00-10,static,paid_search,google,spring,Clinic <b>main</b>',
        '+7 495 700-00-11,offline,,,radio,',
        '+7 495 700-00-12,offline,,,metro,',
      ].join('\n'),
    );
    await form.getByRole('button', { name: 'Import' }).click();
    await form.getByText('3 numbers imported.').waitFor();
    await page.locator('tr[data-number="+74957000012"]').waitFor();
    const cells = await page.locator('tr[data-number="+74957000010"] td').allTextContents();
    assert.deepEqual(cells.slice(0, 6), [
      '+74957000010',
      'Static',
      'Paid search',
      'google',
      'spring',
      'Clinic <b>main</b>',
    ]);
    assert.equal((await page.locator('tr[data-number="+74957000011"] td').allTextContents())[1], 'Offline');
    await dashboard.screenshot(page, 'settings-numbers');
  });

  test('a pool’s routing rule is edited in the form and saved through the API', async () => {
    const pool = (await dashboard.api({
      method: 'POST',
      url: '/api/v1/pools',
      payload: {
        siteId,
        name: 'Paid',
        businessNumber: '+74951234567',
        numbers: ['+74957000100', '+74957000101'],
      },
    })) as { id: string };
    await tab('pools');
    await page.click(`tr[data-pool-id="${pool.id}"] a`);
    const form = page.locator('form[data-form="pool"]');
    await form.getByRole('button', { name: 'Add rule' }).click();
    await form.getByLabel('Values (comma-separated)').fill('paid_search, paid_social');
    await form.getByLabel('Hold (minutes)').fill('20');
    await form.getByRole('button', { name: 'Save' }).click();
    await page.waitForFunction(
      () => document.querySelector('tr[data-pool-id] td:nth-child(6)')?.textContent === '1',
    );
    const saved = (await dashboard.api({ method: 'GET', url: `/api/v1/pools/${pool.id}` })) as Record<
      string,
      unknown
    >;
    assert.deepEqual(saved.rules, [
      { conditions: [{ field: 'channel', op: 'is', values: ['paid_search', 'paid_social'] }] },
    ]);
    assert.equal(saved.holdMinutes, 20);
    await dashboard.screenshot(page, 'settings-pools');
  });

  test('a telephony connection shows the webhook URL to paste, and never its credentials', async () => {
    await tab('telephony');
    const form = page.locator('form[data-form="new-connection"]');
    // The form is built from the server's schemas: types, required marks and secrets as validated.
    await form.getByLabel('Provider').selectOption('asterisk');
    const input = (label: string) => form.getByLabel(label, { exact: true });
    const shape = async (label: string) =>
      input(label).evaluate((field: HTMLInputElement) => [field.type, field.required]);
    assert.deepEqual(await shape('AMI port (5038 when empty)'), ['number', false]);
    assert.deepEqual(await shape('manager.conf secret'), ['password', true]);
    assert.deepEqual(await shape('Time zone of the PBX'), ['text', true]);
    await form.getByLabel('Provider').selectOption('twilio');
    assert.equal(await input('Account SID (AC…)').getAttribute('pattern'), '^AC[0-9a-fA-F]{32}$');
    await form.getByLabel('Provider').selectOption('mango');
    await form.getByLabel('Name').fill('Mango main');
    await form.getByLabel('Unique code (vpbx_api_key)').fill('vpbx-key-1');
    await form.getByLabel('Key for the signature (salt)').fill('very-secret-salt');
    await form.getByRole('button', { name: 'Connect' }).click();
    const card = page.locator('[data-connection-id]');
    await card.waitFor();
    assert.match(
      await copyText('[data-connection-id] [data-copy="webhook-url"]'),
      /^http:\/\/127\.0\.0\.1\/hooks\//,
    );
    assert.doesNotMatch((await page.locator('main').textContent()) ?? '', /very-secret-salt/);
    assert.match((await card.textContent()) ?? '', /No events received yet/);
    await dashboard.screenshot(page, 'settings-telephony');
  });

  test('an API token’s secret is shown once, then only its name is listed', async () => {
    await tab('tokens');
    const form = page.locator('form[data-form="new-token"]');
    await form.getByLabel('Name').fill('CRM export');
    await form.getByLabel('Role').selectOption('analyst');
    await form.getByRole('button', { name: 'Create token' }).click();
    const secret = await page.locator('[data-new-token] textarea').inputValue();
    assert.ok(secret.length > 20, secret);
    const me = await dashboard.app.inject({
      method: 'GET',
      url: '/api/v1/workspace',
      headers: { authorization: `Bearer ${secret}` },
    });
    assert.equal(me.statusCode, 200, 'the shown token works');
    await tab('users');
    await tab('tokens');
    await page.locator('tr[data-token-id]').first().waitFor();
    assert.equal(await page.locator('[data-new-token]').count(), 0);
    assert.doesNotMatch((await page.locator('main').textContent()) ?? '', new RegExp(secret));
  });

  test('a member added in the form is listed with their role', async () => {
    await tab('users');
    const form = page.locator('form[data-form="add-member"]');
    await form.getByLabel('Email').fill('operator@clinic.example');
    await form.getByLabel('Password (for a new user)').fill('operator password 1');
    await form.getByLabel('Role').selectOption('operator');
    await form.getByRole('button', { name: 'Add' }).click();
    const row = page.locator('table.settings-members tr', { hasText: 'operator@clinic.example' });
    await row.waitFor();
    assert.match((await row.textContent()) ?? '', /Operator/);
    await form.getByLabel('Email').fill('operator@clinic.example');
    await form.getByLabel('Role').selectOption('admin');
    await form.getByRole('button', { name: 'Add' }).click();
    assert.match((await form.getByRole('alert').textContent()) ?? '', /already a member/);
  });

  const memberRow = (email: string) => page.locator('table.settings-members tr', { hasText: email });
  const rolesByEmail = async () => {
    const list = (await dashboard.api({ method: 'GET', url: '/api/v1/members' })) as {
      items: { email: string; role: string }[];
    };
    return Object.fromEntries(list.items.map((member) => [member.email, member.role]));
  };

  test('a member’s role is saved as soon as it is picked', async () => {
    await page.getByLabel('Role of operator@clinic.example').selectOption('analyst');
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    assert.equal((await rolesByEmail())['operator@clinic.example'], 'analyst');
  });

  test('the last owner cannot step down: the refusal is shown and the role stays', async () => {
    const ownRole = page.getByLabel(`Role of ${owner.email}`);
    await ownRole.selectOption('admin');
    await page.getByRole('alert').filter({ hasText: 'A workspace keeps at least one owner' }).waitFor();
    await page.waitForFunction(
      (email) =>
        [...document.querySelectorAll<HTMLSelectElement>('table.settings-members select')].find(
          (select) => select.getAttribute('aria-label') === `Role of ${email}`,
        )?.value === 'owner',
      owner.email,
    );
    assert.equal((await rolesByEmail())[owner.email], 'owner');
  });

  test('removing a member asks first, inline, and No keeps them', async () => {
    const row = memberRow('operator@clinic.example');
    await row.getByRole('button', { name: 'Remove' }).click();
    assert.equal(
      await row.locator('[data-confirm-remove]').textContent(),
      'Remove operator@clinic.example?YesNo',
    );
    await row.getByRole('button', { name: 'No' }).click();
    await row.getByRole('button', { name: 'Remove' }).click();
    await dashboard.screenshot(page, 'settings-users-remove');
    await row.getByRole('button', { name: 'Yes' }).click();
    await row.waitFor({ state: 'detached' });
    assert.equal((await rolesByEmail())['operator@clinic.example'], undefined);
  });

  test('an analyst sees the settings read-only, without members and tokens', async () => {
    const { page: analystPage, errors } = await dashboard.newPage();
    await dashboard.logIn(analystPage, analyst.email, analyst.password);
    await analystPage.goto(`${dashboard.origin}/settings/tokens`);
    await analystPage.locator('table.settings-sites').waitFor();
    const tabs = await analystPage.locator('.settings-tabs a').allTextContents();
    assert.deepEqual(tabs, ['Sites', 'Numbers', 'Pools and rules', 'Telephony']);
    assert.equal(await analystPage.locator('form[data-form="new-site"]').count(), 0);
    await analystPage.click('.settings-tabs a[data-tab="numbers"]');
    await analystPage.locator('tr[data-number]').first().waitFor();
    assert.equal(await analystPage.locator('form[data-form="import-numbers"]').count(), 0);
    assert.deepEqual(errors, []);
    await analystPage.context().close();
  });

  test('no script error or CSP violation on the way', () => {
    assert.deepEqual(pageErrors, []);
  });
});
