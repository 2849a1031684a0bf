/** A Calltrail app on a fresh test database, with a fake clock and helpers to bootstrap tenants. */
import { randomBytes } from 'node:crypto';
import { type LeaseStore, MemoryLeaseStore } from '@calltrail/core';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.ts';
import { type Config, loadConfig } from '../config.ts';
import type { Database } from '../db/database.ts';
import { openRecordingStore } from '../recordings/open-recording-store.ts';
import { SecretBox } from '../secrets/secret-box.ts';
import { createApiToken } from '../stores/sql/users.ts';
import { createWorkspace } from '../stores/sql/workspaces.ts';
import { type FakeClock, fakeClock } from './fake-clock.ts';
import { type DatabaseKind, openTestDatabase } from './test-database.ts';

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  clock: FakeClock;
  config: Config;
  leases: LeaseStore;
  close(): Promise<void>;
}

/** `env` overrides settings; lease history is written before each reply unless it says otherwise. */
export async function startTestApp(
  kind: DatabaseKind,
  clock: FakeClock = fakeClock(),
  env: Record<string, string> = {},
): Promise<TestApp> {
  const database = await openTestDatabase(kind);
  const config = loadConfig({ PUBLIC_URL: 'https://calltrail.test', TRACKING_FLUSH_MS: '0', ...env });
  const leases = new MemoryLeaseStore();
  const app = await buildApp({
    config,
    database,
    clock,
    leases,
    secrets: testSecrets(),
    recordings: openRecordingStore(config.recordings),
  });
  return {
    app,
    database,
    clock,
    config,
    leases,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

/** A secret box with a fresh key, as a new install would have. */
export function testSecrets(): SecretBox {
  return new SecretBox(randomBytes(32));
}

/** A workspace with an owner API token, created through the data layer (as the CLI does). */
export async function seedWorkspace(
  test: TestApp,
  name = 'Clinic',
  role: 'owner' | 'admin' | 'analyst' | 'operator' = 'owner',
): Promise<{ workspaceId: string; token: string; webhookSecret: string; headers: Record<string, string> }> {
  const workspace = await createWorkspace(
    test.database.db,
    { name, timeZone: 'Europe/Moscow', currency: 'RUB' },
    test.clock.now(),
  );
  const { token } = await createApiToken(
    test.database.db,
    { workspaceId: workspace.id, name: 'test', role },
    test.clock.now(),
  );
  return {
    workspaceId: workspace.id,
    token,
    webhookSecret: workspace.webhookSecret,
    headers: { authorization: `Bearer ${token}` },
  };
}

/** Headers of a fresh API token with `role` in the workspace, for tests of what each role may do. */
export async function roleHeaders(
  test: TestApp,
  workspaceId: string,
  role: 'owner' | 'admin' | 'analyst' | 'operator',
): Promise<Record<string, string>> {
  const { token } = await createApiToken(
    test.database.db,
    { workspaceId, name: role, role },
    test.clock.now(),
  );
  return { authorization: `Bearer ${token}` };
}

/** A site on clinic.example created through the REST API, for tests whose subject is something else. */
export async function createSite(
  test: TestApp,
  headers: Record<string, string>,
  businessNumbers: string[] = ['+74951234567'],
): Promise<{ id: string; key: string }> {
  const response = await test.app.inject({
    method: 'POST',
    url: '/api/v1/sites',
    headers,
    payload: { name: 'Clinic', domains: ['clinic.example'], businessNumbers },
  });
  if (response.statusCode !== 201) throw new Error(`creating the test site failed: ${response.body}`);
  return response.json();
}
