/**
 * A Calltrail server to measure: `calltrail start` in a child process on a fresh database (a throwaway
 * PostgreSQL database when DATABASE_URL is set, else PGlite in a temporary directory), with the rate
 * limit off, and a site whose pool the load runs against. close() leaves nothing behind.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deletePoolKeys } from '../packages/server/src/load/redis-pool-keys.ts';
import { type ServerProcess, startServerProcess } from '../packages/server/src/load/server-process.ts';
import { createLoadSite, type LoadSite, logInAsOwner } from '../packages/server/src/load/site-setup.ts';
import { createThrowawayDatabase } from '../packages/server/src/load/throwaway-database.ts';

export interface CalltrailTarget {
  server: ServerProcess;
  /** The leases store the server reported: memory or redis. */
  leases: string;
  /** Creates another site with its own pool, so a run starts on a pool nobody used. */
  newSite(poolSize: number): Promise<LoadSite>;
  close(): Promise<void>;
}

const owner = { email: 'bench@localhost', password: 'benchmark owner password' };

export async function startCalltrail(options: {
  databaseUrl: string | null;
  redisUrl: string | null;
}): Promise<CalltrailTarget> {
  // The server stops first (flushing its lease history), then its pools' Redis keys and its database go.
  let server: ServerProcess | null = null;
  const poolKeys: (() => Promise<unknown>)[] = [];
  const storage: (() => Promise<unknown>)[] = [];
  const cleanUp = async () => {
    await server?.stop();
    for (const cleanup of [...poolKeys, ...storage]) await cleanup().catch(() => {});
  };
  try {
    const env: Record<string, string> = {
      SNIPPET_RATE_LIMIT: '0',
      LOG_LEVEL: 'warn',
      CALLTRAIL_ADMIN_EMAIL: owner.email,
      CALLTRAIL_ADMIN_PASSWORD: owner.password,
    };
    if (options.databaseUrl) {
      const database = await createThrowawayDatabase(options.databaseUrl, 'calltrail_bench');
      storage.push(database.drop);
      env.DATABASE_URL = database.url;
    } else {
      const dataDir = mkdtempSync(join(tmpdir(), 'calltrail-bench-'));
      storage.push(async () => rmSync(dataDir, { recursive: true, force: true }));
      env.DATA_DIR = dataDir;
    }
    if (options.redisUrl) env.REDIS_URL = options.redisUrl;
    const started = await startServerProcess({ env });
    server = started;
    const headers = await logInAsOwner(started.url, owner);
    const leases = /leases: (\w+)/.exec(started.output())?.[1] ?? 'unknown';
    let numbersUsed = 0;
    return {
      server: started,
      leases,
      newSite: async (poolSize) => {
        const site = await createLoadSite(started.url, headers, { poolSize, firstNumber: numbersUsed });
        numbersUsed += poolSize;
        const { redisUrl } = options;
        if (redisUrl) poolKeys.push(() => deletePoolKeys(redisUrl, site.poolId));
        return site;
      },
      close: cleanUp,
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}
