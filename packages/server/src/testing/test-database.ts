/**
 * Test databases: PGlite always (cloned from a migrated template, 0.5 s instead of 4 s), and
 * PostgreSQL when DATABASE_URL is set, each test getting its own throwaway database. On CI a
 * missing DATABASE_URL is an error, never a silent skip.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Database, openDatabase } from '../db/database.ts';

export type DatabaseKind = 'pglite' | 'postgres';

export interface DatabaseChoice {
  kind: DatabaseKind;
  /** Why this kind is skipped here, or false. */
  skip: string | false;
}

export function databaseChoices(env: NodeJS.ProcessEnv = process.env): DatabaseChoice[] {
  const postgresMissing = !env.DATABASE_URL;
  if (postgresMissing && env.CI) {
    throw new Error('DATABASE_URL must be set on CI: the storage tests must run on PostgreSQL too');
  }
  return [
    { kind: 'pglite', skip: false },
    { kind: 'postgres', skip: postgresMissing ? 'DATABASE_URL is not set: PostgreSQL tests skipped' : false },
  ];
}

let template: Promise<Blob> | null = null;

async function pgliteTemplate(): Promise<Blob> {
  template ??= (async () => {
    const database = await openDatabase({ kind: 'pglite', dataDir: null });
    await database.migrate();
    const blob = await database.dump!();
    await database.close();
    return blob;
  })();
  return template;
}

/** A fresh, migrated database of the given kind; close() also drops a PostgreSQL one. */
export async function openTestDatabase(kind: DatabaseKind): Promise<Database> {
  if (kind === 'pglite') {
    return openDatabase({ kind: 'pglite', dataDir: null, template: await pgliteTemplate() });
  }
  const baseUrl = process.env.DATABASE_URL;
  if (!baseUrl) throw new Error('DATABASE_URL is not set');
  const name = `calltrail_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ kind: 'postgres', url: url.toString() });
  await database.migrate();
  return {
    ...database,
    close: async () => {
      await database.close();
      const dropper = new pg.Client({ connectionString: baseUrl });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}
