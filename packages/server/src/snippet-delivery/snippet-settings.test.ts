import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SiteRow } from '../stores/sql/sites.ts';
import { snippetSettings } from './snippet-settings.ts';

const site: SiteRow = {
  id: 'site_1',
  workspaceId: 'ws_1',
  key: 'site_key',
  name: 'Shop',
  domains: ['shop.example', '*.shop.example'],
  businessNumbers: ['+74951234567', '+14155550134', '+442079460018', '+4930123456'],
  consentMode: 'none',
  consentCookie: null,
  extraParams: [],
  extraCookies: [],
  swapAttributes: [],
  createdAt: new Date('2026-01-05T10:00:00Z'),
};

test('each business number carries its calling code length and national prefix', () => {
  assert.deepEqual(snippetSettings(site, 'calltrail.example').n, [
    { e: '+74951234567', c: 1, p: '8' },
    { e: '+14155550134', c: 1, p: '1' },
    { e: '+442079460018', c: 2, p: '0' },
    { e: '+4930123456', c: 2, p: '0' },
  ]);
});

test('a site with nothing optional has only its key and numbers, not empty keys', () => {
  assert.deepEqual(Object.keys(snippetSettings(site, 'calltrail.example')), ['k', 'n']);
});

test('waiting for consent names the consent cookie, or sends an empty c when there is none', () => {
  const waiting = { ...site, consentMode: 'wait' };
  assert.deepEqual(snippetSettings(waiting, 'calltrail.example').c, {});
  assert.deepEqual(snippetSettings({ ...waiting, consentCookie: 'cookie_ok' }, 'calltrail.example').c, {
    ck: 'cookie_ok',
  });
});

test('a consent cookie without the wait mode is not sent', () => {
  assert.equal(snippetSettings({ ...site, consentCookie: 'cookie_ok' }, 'calltrail.example').c, undefined);
});

test('extra parameters, cookies and attributes are sent under their short keys', () => {
  const settings = snippetSettings(
    { ...site, extraParams: ['ref'], extraCookies: ['roistat_visit'], swapAttributes: ['data-phone'] },
    'calltrail.example',
  );
  assert.deepEqual(
    { xq: settings.xq, xc: settings.xc, a: settings.a },
    { xq: ['ref'], xc: ['roistat_visit'], a: ['data-phone'] },
  );
});

test('served from a subdomain of the site, the script is told the server keeps the visitor cookie', () => {
  assert.equal(snippetSettings(site, 'ct.shop.example').vc, 1);
  assert.equal(snippetSettings(site, 'shop.example').vc, undefined);
  assert.equal(snippetSettings(site, 'calltrail.example').vc, undefined);
});
