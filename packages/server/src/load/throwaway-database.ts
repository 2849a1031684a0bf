/**
 * A PostgreSQL database made for one benchmark or multi-process test and dropped after it, on the
 * server DATABASE_URL names: the processes under test migrate it themselves when they start.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface ThrowawayDatabase {
  /** DATABASE_URL for the processes that use it. */
  url: string;
  name: string;
  /** Drops it, closing any connection still open. */
  drop(): Promise<void>;
}

async function run(baseUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function createThrowawayDatabase(baseUrl: string, prefix: string): Promise<ThrowawayDatabase> {
  if (!/^[a-z_]+$/.test(prefix)) throw new Error(`the prefix must be lowercase letters, got "${prefix}"`);
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await run(baseUrl, `create database ${name}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => run(baseUrl, `drop database if exists ${name} with (force)`),
  };
}
