/**
 * A workspace with a site, a pool and one telephony connection, for provider tests: they post the
 * provider's own requests to the connection's webhook URL and read the call records back.
 */
import assert from 'node:assert/strict';
import type { CallRecord, TelephonyConnection } from '@calltrail/protocol';
import type { LightMyRequestResponse } from 'fastify';
import type { FakeClock } from './fake-clock.ts';
import { createSite, seedWorkspace, startTestApp, type TestApp } from './test-app.ts';
import type { DatabaseKind } from './test-database.ts';

export interface TelephonyHarness {
  t: TestApp;
  headers: Record<string, string>;
  connection: TelephonyConnection;
  /** The path (with the connection's token) of a webhook URL, e.g. `voice` or `events/summary`. */
  path(subpath?: string): string;
  /** The full public URL of the same, as the provider is given it (what signatures cover). */
  url(subpath?: string): string;
  /** Posts a form body, as most providers do. */
  postForm(
    subpath: string,
    fields: Record<string, string>,
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse>;
  calls(): Promise<CallRecord[]>;
  /** The one call with this provider call id; fails the test when there is none. */
  call(providerCallId: string): Promise<CallRecord>;
  close(): Promise<void>;
}

export const harnessPoolNumbers = ['+74950000001', '+74950000002'];
export const harnessBusinessNumber = '+74951234567';

export async function telephonyHarness(options: {
  kind?: DatabaseKind;
  clock?: FakeClock;
  provider: string;
  credentials: Record<string, unknown>;
  settings?: Record<string, unknown>;
  env?: Record<string, string>;
}): Promise<TelephonyHarness> {
  const t = await startTestApp(options.kind ?? 'pglite', options.clock, options.env);
  const { headers } = await seedWorkspace(t);
  const site = await createSite(t, headers, [harnessBusinessNumber]);
  const pool = await t.app.inject({
    method: 'POST',
    url: '/api/v1/pools',
    headers,
    payload: {
      siteId: site.id,
      name: 'Pool',
      businessNumber: harnessBusinessNumber,
      numbers: harnessPoolNumbers,
    },
  });
  assert.equal(pool.statusCode, 201, pool.body);
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/v1/telephony/connections',
    headers,
    payload: {
      provider: options.provider,
      name: options.provider,
      credentials: options.credentials,
      ...(options.settings && { settings: options.settings }),
    },
  });
  assert.equal(created.statusCode, 201, created.body);
  const connection = created.json() as TelephonyConnection;
  const token = /\/hooks\/v1\/[^/]+\/([^/?]+)/.exec(connection.webhookUrls[0]?.url ?? '')?.[1];
  const path = (subpath = '') =>
    `/hooks/v1/${options.provider}/${token ?? 'no-webhooks'}${subpath ? `/${subpath}` : ''}`;
  const calls = async () => {
    const response = await t.app.inject({ url: '/api/v1/calls?limit=100', headers });
    assert.equal(response.statusCode, 200, response.body);
    return response.json().items as CallRecord[];
  };
  return {
    t,
    headers,
    connection,
    path,
    url: (subpath) => `${t.config.publicUrl}${path(subpath)}`,
    postForm: (subpath, fields, extra = {}) =>
      t.app.inject({
        method: 'POST',
        url: path(subpath),
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...extra },
        payload: new URLSearchParams(fields).toString(),
      }),
    calls,
    async call(providerCallId) {
      const found = (await calls()).filter((c) => c.providerCallId === providerCallId);
      assert.equal(found.length, 1, `one call ${providerCallId}, found ${found.length}`);
      return found[0]!;
    },
    close: () => t.close(),
  };
}
