/** Opens the database the configuration names, holding the PGlite data directory's lock while open. */
import { mkdirSync } from 'node:fs';
import { relative } from 'node:path';
import type { Config } from '../config.ts';
import { type Database, openDatabase } from '../db/database.ts';
import { lockDataDir } from './data-dir-lock.ts';

/** For people, never with credentials: `pglite at ./data` or `postgres at db.internal:5432/calltrail`. */
export function describeDatabase(config: Config, cwd = process.cwd()): string {
  if (config.databaseUrl) {
    const url = new URL(config.databaseUrl);
    return `postgres at ${url.host}${url.pathname}`;
  }
  const path = relative(cwd, config.dataDir);
  return `pglite at ${path === '' || path.startsWith('..') ? config.dataDir : `./${path}`}`;
}

/** Opened and migrated; close() also releases the lock. */
export async function openConfiguredDatabase(config: Config): Promise<Database> {
  if (config.databaseUrl) {
    const database = await openDatabase({ kind: 'postgres', url: config.databaseUrl });
    try {
      await database.migrate();
    } catch (error) {
      await database.close();
      throw error;
    }
    return database;
  }
  mkdirSync(config.dataDir, { recursive: true });
  const unlock = lockDataDir(config.dataDir);
  let database: Database | undefined;
  try {
    database = await openDatabase({ kind: 'pglite', dataDir: config.dataDir });
    await database.migrate();
  } catch (error) {
    await database?.close();
    unlock();
    throw error;
  }
  const opened = database;
  return {
    ...opened,
    close: async () => {
      try {
        await opened.close();
      } finally {
        unlock();
      }
    },
  };
}
