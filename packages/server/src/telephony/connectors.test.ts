/**
 * Specification of the connector runner: it starts a connector for each connector connection, with
 * its decrypted credentials, stores what the connector reads, and follows the connections table as
 * connections are created, changed and deleted.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CallRecord } from '@calltrail/protocol';
import { newId, newSecret } from '../ids.ts';
import {
  deleteConnection,
  insertConnection,
  type TelephonyConnectionRow,
  updateConnection,
} from '../stores/sql/telephony.ts';
import { seedWorkspace, startTestApp, type TestApp, testSecrets } from '../testing/test-app.ts';
import { pbxTimeZone } from './asterisk/ami-fixtures.ts';
import { type AmiReplayServer, eventually, startAmiReplayServer } from './asterisk/ami-replay-server.ts';
import { answeredCall } from './asterisk/ami-scenarios.ts';
import { type ConnectorRunner, startConnectorRunner } from './connectors.ts';

const login = { username: 'calltrail', secret: 'amp111' };

describe('the connector runner', () => {
  let t: TestApp;
  let headers: Record<string, string>;
  let workspaceId: string;
  let server: AmiReplayServer;
  let runner: ConnectorRunner;
  const secrets = testSecrets();
  const logged: { details: object; message: string }[] = [];
  const logger = {
    info: (details: object, message: string) => logged.push({ details, message }),
    error: (details: object, message: string) => logged.push({ details, message }),
  };
  const call = answeredCall({ n: 1, start: new Date('2026-01-05T10:00:00.000Z') });

  const connectionRow = (credentials: Record<string, unknown>): TelephonyConnectionRow => ({
    id: newId('tel'),
    workspaceId,
    provider: 'asterisk',
    name: 'PBX',
    token: newSecret('hook'),
    credentials: secrets.seal(JSON.stringify(credentials)),
    settings: { timeZone: pbxTimeZone },
    lastEventAt: null,
    createdAt: t.clock.now(),
    updatedAt: t.clock.now(),
  });
  const logins = () => server.actions.filter((action) => action.get('Action') === 'Login');

  before(async () => {
    t = await startTestApp('pglite');
    ({ headers, workspaceId } = await seedWorkspace(t));
    server = await startAmiReplayServer({ ...login, sessions: [{ events: call.frames }] });
  });
  after(async () => {
    await runner?.stop();
    await server.close();
    await t.close();
  });

  let row: TelephonyConnectionRow;

  test('starts a connector for a connection with its credentials, and stores the calls it reads', async () => {
    row = connectionRow({ host: '127.0.0.1', port: server.port, ...login });
    await insertConnection(t.database.db, row);
    runner = startConnectorRunner({
      db: t.database.db,
      clock: t.clock,
      secrets,
      logger,
      syncIntervalMs: 60_000,
    });
    await runner.sync();
    assert.deepEqual(runner.running(), [row.id]);
    const stored = await eventually(async () => {
      const response = await t.app.inject({ url: '/api/v1/calls', headers });
      const [record] = response.json().items as CallRecord[];
      assert.equal(record?.status, 'completed');
      return record!;
    });
    assert.deepEqual([stored.providerCallId, stored.agent, stored.talkSeconds], [call.linkedid, '101', 60]);
    assert.equal(logins()[0]?.get('Username'), 'calltrail');
  });

  test('a connection whose credentials cannot be opened is logged and skipped, the others run on', async () => {
    const foreign = { ...connectionRow({}), credentials: testSecrets().seal('{}') };
    await insertConnection(t.database.db, foreign);
    await runner.sync();
    assert.deepEqual(runner.running(), [row.id]);
    assert.ok(logged.some((line) => line.message === 'connector not started'));
    await deleteConnection(t.database.db, workspaceId, foreign.id);
  });

  test('a connection whose credentials changed is restarted with the new ones', async () => {
    t.clock.advance({ minutes: 1 });
    row = {
      ...row,
      credentials: secrets.seal(
        JSON.stringify({ host: '127.0.0.1', port: server.port, ...login, username: 'ops' }),
      ),
      updatedAt: t.clock.now(),
    };
    await updateConnection(t.database.db, row);
    await runner.sync();
    await eventually(() => assert.equal(logins().at(-1)?.get('Username'), 'ops'));
    assert.equal(server.connections(), 2);
  });

  test('a deleted connection’s connector is stopped', async () => {
    await deleteConnection(t.database.db, workspaceId, row.id);
    await runner.sync();
    assert.deepEqual(runner.running(), []);
  });

  test('a new connection is picked up by the periodic sync, and stop() closes every connector', async () => {
    await runner.stop();
    runner = startConnectorRunner({ db: t.database.db, clock: t.clock, secrets, logger, syncIntervalMs: 20 });
    const later = connectionRow({ host: '127.0.0.1', port: server.port, ...login });
    await insertConnection(t.database.db, later);
    await eventually(() => assert.deepEqual(runner.running(), [later.id]));
    await runner.stop();
    assert.deepEqual(runner.running(), []);
  });
});
