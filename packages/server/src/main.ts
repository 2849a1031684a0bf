/**
 * Runs Calltrail: opens and migrates the database, creates the first owner on an empty install,
 * restores live leases, listens, and shuts down gracefully. The only file that opens a socket.
 */
import { randomBytes } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { systemClock } from '@calltrail/core';
import type { FastifyInstance } from 'fastify';
import { createFirstOwner } from './accounts/first-owner.ts';
import { buildApp } from './app.ts';
import { describeDatabase, openConfiguredDatabase } from './cli/configured-database.ts';
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import { restoreLeases } from './leasing/restore-leases.ts';
import { describeRecordingStore, openRecordingStore } from './recordings/open-recording-store.ts';
import { startRecordingsWorker } from './recordings/recordings-worker.ts';
import { keyFromFile, SecretBox } from './secrets/secret-box.ts';
import { openLeaseStore } from './stores/open-lease-store.ts';
import { startConnectorRunner } from './telephony/connectors.ts';
import { startPoolAlertsWorker } from './workers/pool-alerts.ts';

export interface Output {
  write(text: string): unknown;
}

export interface RunningServer {
  app: FastifyInstance;
  database: Database;
  /** Finishes in-flight requests (new ones get 503), then closes the database. */
  close(): Promise<void>;
}

const shutdownTimeoutMs = 10_000;

async function firstRun(config: Config, database: Database, out: Output): Promise<void> {
  const email = config.adminEmail ?? 'admin@localhost';
  const password = config.adminPassword ?? randomBytes(12).toString('base64url');
  const created = await createFirstOwner(database.db, { email, password }, systemClock.now());
  if (!created) return;
  out.write(
    [
      '',
      `First run: created the workspace "${created.workspace.name}" and its owner.`,
      `  URL:      ${config.publicUrl}`,
      `  Email:    ${email}`,
      `  Password: ${password}${config.adminPassword ? '  (from CALLTRAIL_ADMIN_PASSWORD)' : '  (generated: save it now, it is not shown again)'}`,
      `Log in at ${config.publicUrl}/api/docs or POST /api/v1/auth/login`,
      '',
      '',
    ].join('\n'),
  );
}

/** Starts listening on config.host:config.port; resolves once the server accepts connections. */
export async function startServer(config: Config, out: Output): Promise<RunningServer> {
  const secrets = new SecretBox(config.secretKey ?? keyFromFile(join(config.dataDir, 'secret.key')));
  const recordingStore = openRecordingStore(config.recordings);
  const database = await openConfiguredDatabase(config);
  let app: FastifyInstance | undefined;
  let leaseStore: Awaited<ReturnType<typeof openLeaseStore>> | undefined;
  // Started once the app listens; a connection changed through the API syncs it at once.
  let connectors: ReturnType<typeof startConnectorRunner> | undefined;
  try {
    await firstRun(config, database, out);
    leaseStore = await openLeaseStore(config);
    const leases = leaseStore.store;
    app = await buildApp({
      config,
      database,
      clock: systemClock,
      leases,
      secrets,
      recordings: recordingStore,
      onConnectionsChanged: () => void connectors?.sync(),
      logger: { level: config.logLevel },
    });
    const restored = await restoreLeases(database, leases, systemClock.now());
    app.log.info({ restored }, 'live leases restored');
    await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    await app?.close();
    await leaseStore?.close();
    await database.close();
    throw error;
  }
  out.write(
    `Calltrail listening on ${config.publicUrl} (database: ${describeDatabase(config)}, leases: ${leaseStore.kind})\n`,
  );
  const running = app;
  const openLeases = leaseStore;
  const poolAlerts = startPoolAlertsWorker({
    db: database.db,
    clock: systemClock,
    onRun: ({ alerts }) => {
      const raised = alerts.filter((alert) => alert.raised).map(({ row }) => row);
      if (raised.length > 0) running.log.warn({ alerts: raised }, 'pool alerts raised');
    },
    onError: (error) => running.log.error({ err: error }, 'pool alert evaluation failed'),
  });
  const recordings = startRecordingsWorker({
    db: database.db,
    store: recordingStore,
    secrets,
    clock: systemClock,
    onRun: (result) => running.log.info(result, 'recordings fetched or expired'),
    onError: (error) => running.log.error({ err: error }, 'recordings run failed'),
  });
  running.log.info(`recordings are kept in ${describeRecordingStore(config.recordings)}`);
  // PBX connections of connector providers (Asterisk AMI) live as long as the server.
  const runner = startConnectorRunner({
    db: database.db,
    clock: systemClock,
    secrets,
    logger: running.log,
    flushLeaseHistory: () => running.flushLeaseHistory(),
  });
  connectors = runner;
  return {
    app: running,
    database,
    close: async () => {
      try {
        await poolAlerts.stop();
        await recordings.stop();
        // Before the database closes: each connector stores what it has read.
        await runner.stop();
        await running.close();
      } finally {
        await openLeases.close();
        await database.close();
      }
    },
  };
}

/**
 * `calltrail start`: serves until SIGINT or SIGTERM, then closes gracefully within 10 s; a second
 * signal or the deadline ends the process at once. Resolves with the exit code.
 */
export async function runServer(
  config: Config,
  out: Output,
  signals: Pick<EventEmitter, 'once' | 'off'> = process,
): Promise<number> {
  const server = await startServer(config, out);
  const signal = await new Promise<string>((resolve) => {
    const onSignal = (name: string) => {
      signals.off('SIGINT', onSignal);
      signals.off('SIGTERM', onSignal);
      resolve(name);
    };
    signals.once('SIGINT', onSignal);
    signals.once('SIGTERM', onSignal);
  });
  out.write(`${signal}: finishing requests in flight, then stopping\n`);
  const forceExit = () => process.exit(1);
  signals.once('SIGINT', forceExit);
  signals.once('SIGTERM', forceExit);
  const deadline = setTimeout(() => {
    out.write(`Could not stop within ${shutdownTimeoutMs / 1000} s: exiting anyway\n`);
    process.exit(1);
  }, shutdownTimeoutMs);
  // The deadline must not itself keep a cleanly stopped process alive.
  deadline.unref();
  try {
    await server.close();
  } finally {
    clearTimeout(deadline);
    signals.off('SIGINT', forceExit);
    signals.off('SIGTERM', forceExit);
  }
  out.write('Calltrail stopped\n');
  return 0;
}
