/**
 * Runs the connections of connector providers (Asterisk's AMI): one live connector per connection,
 * started with its decrypted credentials, storing what it reads through the same path as webhooks.
 * `sync()` follows the connections table: it starts new connections, restarts changed ones and stops
 * deleted ones. It runs at start and then periodically, so a change made through any server process
 * takes effect; call it after a change for the change to apply at once.
 */
import type { Connector } from '@calltrail/core';
import { Value } from 'typebox/value';
import type { SecretBox } from '../secrets/secret-box.ts';
import { connectionsOfProvider, type TelephonyConnectionRow } from '../stores/sql/telephony.ts';
import { openCredentials } from './connections.ts';
import type { ProviderDefinition } from './define-provider.ts';
import { providers as registry } from './registry.ts';
import { connectionSink, type StoreDeps } from './store-outcome.ts';

/** pino's shape, so the server's logger fits as is. */
export interface RunnerLogger {
  info(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface ConnectorRunnerDeps extends StoreDeps {
  secrets: SecretBox;
  logger: RunnerLogger;
  /** How often the connections table is compared with what runs; 10 s when unset. */
  syncIntervalMs?: number;
  /** The provider table; the registry's unless a test brings its own. */
  providers?: ReadonlyMap<string, ProviderDefinition>;
}

export interface ConnectorRunner {
  /** Brings the running connectors in line with the connections table. */
  sync(): Promise<void>;
  /** The ids of the connections whose connector runs. */
  running(): string[];
  /** Stops syncing and closes every connector, each once it delivered what it had read. */
  stop(): Promise<void>;
}

interface Running {
  /**
   * What the connector was started from: new credentials (sealed afresh on every change) or
   * settings restart it; a new name does not.
   */
  version: string;
  /** Null when the connection could not be started (its credentials cannot be opened, say). */
  connector: Connector | null;
}

const versionOf = (row: TelephonyConnectionRow) => `${row.credentials}|${JSON.stringify(row.settings)}`;

export function startConnectorRunner(deps: ConnectorRunnerDeps): ConnectorRunner {
  const providers = deps.providers ?? registry;
  const connectorProviders = [...providers.values()].filter(
    (definition) => definition.provider.kind === 'connector',
  );
  const running = new Map<string, Running>();
  let stopped = false;
  let syncing: Promise<void> = Promise.resolve();

  const start = (row: TelephonyConnectionRow, definition: ProviderDefinition): Connector | null => {
    const details = { connectionId: row.id, workspaceId: row.workspaceId, provider: row.provider };
    const { provider } = definition;
    if (provider.kind !== 'connector') return null;
    try {
      const credentials = openCredentials(row, deps.secrets);
      if (
        !Value.Check(definition.credentials, credentials) ||
        !Value.Check(definition.settings, row.settings)
      ) {
        deps.logger.error(
          details,
          'connector not started: its credentials or settings do not fit the provider',
        );
        return null;
      }
      const connector = provider.connect(
        { credentials: credentials as never, settings: row.settings as never },
        connectionSink(deps, row),
        (message, extra) => deps.logger.info({ ...details, ...extra }, message),
      );
      deps.logger.info(details, 'connector started');
      return connector;
    } catch (error) {
      deps.logger.error({ ...details, err: error }, 'connector not started');
      return null;
    }
  };

  const stopOne = async (id: string) => {
    const entry = running.get(id);
    running.delete(id);
    await entry?.connector?.close();
  };

  const syncOnce = async () => {
    const rows = new Map<string, { row: TelephonyConnectionRow; definition: ProviderDefinition }>();
    for (const definition of connectorProviders) {
      for (const row of await connectionsOfProvider(deps.db, definition.id))
        rows.set(row.id, { row, definition });
    }
    if (stopped) return;
    for (const [id, entry] of running) {
      const wanted = rows.get(id);
      if (!wanted || versionOf(wanted.row) !== entry.version) await stopOne(id);
    }
    for (const [id, { row, definition }] of rows) {
      if (stopped || running.has(id)) continue;
      running.set(id, { version: versionOf(row), connector: start(row, definition) });
    }
  };

  const sync = () => {
    // One sync at a time: two at once would start the same connection twice.
    syncing = syncing.then(syncOnce).catch((error: unknown) => {
      deps.logger.error({ err: error }, 'connector sync failed; retrying at the next sync');
    });
    return syncing;
  };

  void sync();
  const timer = setInterval(() => void sync(), deps.syncIntervalMs ?? 10_000);
  return {
    sync,
    running: () => [...running].filter(([, entry]) => entry.connector !== null).map(([id]) => id),
    async stop() {
      stopped = true;
      clearInterval(timer);
      await syncing;
      await Promise.all([...running.keys()].map(stopOne));
    },
  };
}
