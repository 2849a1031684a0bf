import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { snippetBuild } from '@calltrail/snippet/build';
import { seedWorkspace, startTestApp, type TestApp } from '../../testing/test-app.ts';
import { databaseChoices } from '../../testing/test-database.ts';

for (const choice of databaseChoices()) {
  describe(`site settings and install on ${choice.kind}`, { skip: choice.skip }, () => {
    let t: TestApp;
    let headers: Record<string, string>;
    let site: { id: string; key: string };

    before(async () => {
      t = await startTestApp(choice.kind);
      ({ headers } = await seedWorkspace(t));
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/v1/sites',
        headers,
        payload: { name: 'Clinic', domains: ['Clinic.Example'], businessNumbers: ['8 495 123-45-67'] },
      });
      assert.equal(created.statusCode, 400, 'domains are lower case');
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/v1/sites',
        headers,
        payload: { name: 'Clinic', domains: ['clinic.example'], businessNumbers: ['8 495 123-45-67'] },
      });
      assert.equal(response.statusCode, 201, response.body);
      site = response.json();
    });
    after(() => t.close());

    const patch = (payload: object) =>
      t.app.inject({ method: 'PATCH', url: `/api/v1/sites/${site.id}`, headers, payload });
    const settings = async () =>
      (await t.app.inject({ method: 'GET', url: `/s/v1/config/${site.key}` })).json();

    test('a new site has no snippet settings beyond its numbers', async () => {
      const response = await t.app.inject({ method: 'GET', url: `/api/v1/sites/${site.id}`, headers });
      assert.deepEqual(
        (({ consentMode, consentCookie, extraParams, extraCookies, swapAttributes }) => ({
          consentMode,
          consentCookie,
          extraParams,
          extraCookies,
          swapAttributes,
        }))(response.json()),
        { consentMode: 'none', consentCookie: null, extraParams: [], extraCookies: [], swapAttributes: [] },
      );
    });

    test('a patch changes only the fields it names, and the next script shows them at once', async () => {
      assert.deepEqual(await settings(), { k: site.key, n: [{ e: '+74951234567', c: 1, p: '8' }] });
      const response = await patch({
        consentMode: 'wait',
        consentCookie: 'cookie_ok',
        extraParams: ['ref', 'ref', 'partner.id'],
        extraCookies: ['roistat_visit'],
        swapAttributes: ['data-phone'],
        businessNumbers: ['+7 (495) 123-45-67', '8 800 555-35-35'],
      });
      assert.equal(response.statusCode, 200, response.body);
      const body = response.json();
      assert.equal(body.name, 'Clinic');
      assert.deepEqual(body.domains, ['clinic.example']);
      assert.deepEqual(body.businessNumbers, ['+74951234567', '+78005553535']);
      assert.deepEqual(body.extraParams, ['ref', 'partner.id']);
      assert.deepEqual(await settings(), {
        k: site.key,
        n: [
          { e: '+74951234567', c: 1, p: '8' },
          { e: '+78005553535', c: 1, p: '8' },
        ],
        c: { ck: 'cookie_ok' },
        xq: ['ref', 'partner.id'],
        xc: ['roistat_visit'],
        a: ['data-phone'],
      });
      const script = await t.app.inject({ method: 'GET', url: `/s/${site.key}.js` });
      assert.ok(script.body.includes('"xc":["roistat_visit"]'));
    });

    test('null clears the consent cookie and empty lists clear the extras', async () => {
      const response = await patch({
        consentCookie: null,
        extraParams: [],
        extraCookies: [],
        swapAttributes: [],
      });
      assert.equal(response.statusCode, 200, response.body);
      assert.equal(response.json().consentCookie, null);
      assert.equal(response.json().consentMode, 'wait');
      const { c, xq, xc, a } = await settings();
      assert.deepEqual({ c, xq, xc, a }, { c: {}, xq: undefined, xc: undefined, a: undefined });
    });

    for (const [why, payload] of [
      ['a parameter name with a space', { extraParams: ['utm source'] }],
      ['a cookie name of 65 characters', { extraCookies: ['c'.repeat(65)] }],
      ['21 parameters', { extraParams: Array.from({ length: 21 }, (_, i) => `p${i}`) }],
      ['an attribute outside data-*', { swapAttributes: ['onclick'] }],
      ['an upper-case attribute', { swapAttributes: ['data-Phone'] }],
      ['11 attributes', { swapAttributes: Array.from({ length: 11 }, (_, i) => `data-p${i}`) }],
      ['a consent cookie with a semicolon', { consentCookie: 'a;b' }],
      ['an unknown consent mode', { consentMode: 'later' }],
      ['a field that does not exist', { extraParam: ['ref'] }],
    ] as const) {
      test(`a patch with ${why} is refused with VALIDATION_FAILED`, async () => {
        const response = await patch(payload);
        assert.equal(response.statusCode, 400);
        assert.equal(response.json().error.code, 'VALIDATION_FAILED');
      });
    }

    test('a business number that is no number is refused with its own code', async () => {
      const response = await patch({ businessNumbers: ['call us'] });
      assert.equal(response.statusCode, 400);
      assert.equal(response.json().error.code, 'INVALID_PHONE_NUMBER');
    });

    test('an analyst may read the install tags but not change the site', async () => {
      const token = await t.app.inject({
        method: 'POST',
        url: '/api/v1/tokens',
        headers,
        payload: { name: 'reports', role: 'analyst' },
      });
      const analyst = { authorization: `Bearer ${token.json().token}` };
      const change = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/sites/${site.id}`,
        headers: analyst,
        payload: { name: 'Mine' },
      });
      assert.equal(change.statusCode, 403);
      assert.equal(change.json().error.code, 'FORBIDDEN');
      const install = await t.app.inject({
        method: 'GET',
        url: `/api/v1/sites/${site.id}/install`,
        headers: analyst,
      });
      assert.equal(install.statusCode, 200, install.body);
    });

    test('the install tags name the keyed script and the pinned build with its integrity hash', async () => {
      const build = await snippetBuild();
      const response = await t.app.inject({
        method: 'GET',
        url: `/api/v1/sites/${site.id}/install`,
        headers,
      });
      assert.equal(response.statusCode, 200, response.body);
      const scriptUrl = `https://calltrail.test/s/${site.key}.js`;
      const pinnedUrl = `https://calltrail.test/s/v/${build.buildId}/calltrail.min.js`;
      assert.deepEqual(response.json(), {
        buildId: build.buildId,
        scriptUrl,
        scriptTag: `<script async src="${scriptUrl}"></script>`,
        pinnedUrl,
        pinnedTag: `<script async src="${pinnedUrl}" data-site="${site.key}" integrity="${build.integrity}" crossorigin="anonymous"></script>`,
        integrity: build.integrity,
        settingsUrl: `https://calltrail.test/s/v1/config/${site.key}`,
      });
      const pinned = await t.app.inject({ method: 'GET', url: new URL(pinnedUrl).pathname });
      assert.equal(pinned.statusCode, 200);
    });
  });
}
