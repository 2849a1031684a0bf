import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createSite, seedWorkspace, startTestApp, type TestApp } from '../../testing/test-app.ts';

describe('pools and static numbers', () => {
  let t: TestApp;
  let headers: Record<string, string>;
  let siteId: string;

  before(async () => {
    t = await startTestApp('pglite');
    ({ headers } = await seedWorkspace(t));
    siteId = (await createSite(t, headers, ['+74951234567', '+74957654321'])).id;
  });
  after(() => t.close());

  const post = (url: string, payload: object) => t.app.inject({ method: 'POST', url, headers, payload });

  test('a pool must replace one of the site’s own business numbers', async () => {
    const response = await post('/api/v1/pools', {
      siteId,
      name: 'Wrong',
      businessNumber: '+74950001122',
      numbers: ['+74950000001'],
    });
    assert.equal(response.statusCode, 400);
    assert.equal(response.json().error.code, 'VALIDATION_FAILED');
    assert.match(response.json().error.message, /not one of the site’s numbers/);
  });

  test('a number already tracked in the workspace is refused, naming the number', async () => {
    const first = await post('/api/v1/pools', {
      siteId,
      name: 'Sales',
      businessNumber: '8 495 123-45-67',
      numbers: ['+74950000001', '+74950000002'],
    });
    assert.equal(first.statusCode, 201, first.body);
    const clash = await post('/api/v1/pools', {
      siteId,
      name: 'Again',
      businessNumber: '+74957654321',
      numbers: ['+74950000009', '+7 495 000-00-02'],
    });
    assert.equal(clash.statusCode, 409);
    assert.equal(clash.json().error.code, 'NUMBER_TAKEN');
    assert.deepEqual(clash.json().error.details, { number: '+74950000002' });
    const staticClash = await post('/api/v1/numbers', { siteId, number: '+74950000001', channel: 'offline' });
    assert.equal(staticClash.statusCode, 409);
    assert.equal(staticClash.json().error.code, 'NUMBER_TAKEN');
  });

  test('a static number replaces the site’s first business number unless told otherwise', async () => {
    const plain = await post('/api/v1/numbers', {
      siteId,
      number: '+74950000050',
      channel: 'display',
      source: 'Banner',
    });
    assert.equal(plain.statusCode, 201, plain.body);
    assert.equal(plain.json().source, 'banner');
    const wrong = await post('/api/v1/numbers', {
      siteId,
      number: '+74950000051',
      businessNumber: '+74950001122',
      channel: 'display',
    });
    assert.equal(wrong.statusCode, 400);
    assert.equal(wrong.json().error.code, 'VALIDATION_FAILED');
  });
});
