/** The providers listing: the schemas the dashboard builds its connect form from are the ones checked. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { TelephonyProvider } from '@calltrail/protocol';
import { providers } from '../../telephony/registry.ts';
import { seedWorkspace, startTestApp, type TestApp } from '../../testing/test-app.ts';

type FormSchema = TelephonyProvider['credentials'];

/** Values a form would be filled with; a patterned field needs one its pattern accepts. */
const samples: Record<string, unknown> = {
  accountSid: `AC${'0a'.repeat(16)}`,
  timeZone: 'Asia/Yekaterinburg',
};

function sampleOf(name: string, property: FormSchema['properties'][string]): unknown {
  const value = samples[name] ?? (property.type === 'integer' ? (property.minimum ?? 1) : `${name}-1`);
  if (property.pattern) assert.match(String(value), new RegExp(property.pattern), `sample for ${name}`);
  return value;
}

/** Exactly the required properties, filled in. */
function requiredOf(schema: FormSchema): Record<string, unknown> {
  return Object.fromEntries(
    (schema.required ?? []).map((name) => {
      const property = schema.properties[name];
      assert.ok(property, `${name} is required but not described`);
      return [name, sampleOf(name, property)];
    }),
  );
}

const without = (object: Record<string, unknown>, name: string) =>
  Object.fromEntries(Object.entries(object).filter(([key]) => key !== name));

describe('telephony providers', () => {
  let t: TestApp;
  let headers: Record<string, string>;
  let listed: TelephonyProvider[];
  before(async () => {
    t = await startTestApp('pglite');
    ({ headers } = await seedWorkspace(t));
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/telephony/providers', headers });
    assert.equal(response.statusCode, 200, response.body);
    listed = response.json().items;
  });
  after(() => t.close());

  const connect = (provider: string, credentials: object, settings: object) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/telephony/connections',
      headers,
      payload: { provider, name: provider, credentials, settings },
    });

  test('every provider the server speaks is listed, with its title and webhook paths', () => {
    assert.deepEqual(
      listed.map((provider) => provider.id),
      [...providers.keys()],
    );
    const mango = listed.find((provider) => provider.id === 'mango');
    assert.equal(mango?.title, 'Mango Office VPBX');
    assert.deepEqual(
      listed.find((provider) => provider.id === 'uis')?.webhookPaths.map((hook) => hook.subpath),
      ['call-incoming', 'call-answered', 'call-ended', 'call-lost', 'call-outgoing', 'recording'],
    );
  });

  test('every credential has a label, and exactly the secrets are write-only', () => {
    const secrets = listed.flatMap((provider) =>
      Object.entries(provider.credentials.properties).flatMap(([name, property]) => {
        assert.ok(property.title, `${provider.id} ${name} has a label`);
        return property.writeOnly ? [`${provider.id}.${name}`] : [];
      }),
    );
    assert.deepEqual(secrets, ['twilio.authToken', 'mango.apiSalt', 'zadarma.secret', 'asterisk.secret']);
  });

  test('a connection with exactly the listed required properties is accepted', async () => {
    for (const provider of listed) {
      const created = await connect(
        provider.id,
        requiredOf(provider.credentials),
        requiredOf(provider.settings),
      );
      assert.equal(created.statusCode, 201, `${provider.id}: ${created.body}`);
    }
  });

  test('a connection missing any listed required property is refused, naming it', async () => {
    let refusals = 0;
    for (const provider of listed) {
      const credentials = requiredOf(provider.credentials);
      const settings = requiredOf(provider.settings);
      for (const [field, missing] of [
        ...Object.keys(credentials).map((name) => ['credentials', name] as const),
        ...Object.keys(settings).map((name) => ['settings', name] as const),
      ]) {
        const refused = await connect(
          provider.id,
          field === 'credentials' ? without(credentials, missing) : credentials,
          field === 'settings' ? without(settings, missing) : settings,
        );
        assert.deepEqual(
          [refused.statusCode, refused.json().error.code],
          [400, 'VALIDATION_FAILED'],
          `${provider.id} without ${field}.${missing}`,
        );
        assert.match(refused.json().error.message, new RegExp(`${field}.*${missing}`));
        refusals++;
      }
    }
    // Twilio, Mango and Zadarma need two credentials each, Asterisk three and a time zone.
    assert.equal(refusals, 10);
  });

  test('analysts may read the listing; an unauthenticated caller may not', async () => {
    const analyst = await seedWorkspace(t, 'Other', 'analyst');
    const url = '/api/v1/telephony/providers';
    assert.equal((await t.app.inject({ method: 'GET', url, headers: analyst.headers })).statusCode, 200);
    assert.equal((await t.app.inject({ method: 'GET', url })).statusCode, 401);
  });
});
