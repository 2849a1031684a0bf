/**
 * `node --import tsx bench/session-batch.ts`: what the per-day session rollup costs the tracking journal's batch
 * write. The same batches of new sessions (`insertSessions`, as a flush writes them) go in with the
 * rollup's triggers on and off, alternating so that load on the machine and the tables' growth fall on
 * both alike; it prints the median time of a batch each way, on PostgreSQL (with DATABASE_URL) and PGlite.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { type DatabaseTarget, openDatabase } from '../packages/server/src/db/database.ts';
import { newId } from '../packages/server/src/ids.ts';
import { createThrowawayDatabase } from '../packages/server/src/load/throwaway-database.ts';
import { addSessions, type FixtureSession } from '../packages/server/src/reports/report-fixtures.ts';
import { benchSite } from './bench-site.ts';

const { values } = parseArgs({
  options: {
    batch: { type: 'string', default: '200' },
    rounds: { type: 'string', default: '100' },
    skip: { type: 'string', multiple: true, default: [] },
  },
});
const batchSize = Number(values.batch);
const rounds = Number(values.rounds);
const triggers = ['sessions_days_insert'];

function median(list: number[]): number {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function measure(target: DatabaseTarget): Promise<{ on: number; off: number }> {
  const database = await openDatabase(target);
  try {
    await database.migrate();
    const { db } = database;
    const now = new Date();
    const { workspaceId, siteId } = await benchSite(db, {
      timeZone: 'Europe/Berlin',
      currency: 'EUR',
      businessNumbers: [],
      now,
    });
    const known = new Set<string>();
    const batchAt = (round: number): FixtureSession[] =>
      Array.from({ length: batchSize }, (_, i) => ({
        id: newId('ses'),
        visitorId: newId('vis'),
        startedAt: new Date(now.getTime() + round * 1000 + i),
        channel: i % 3 === 0 ? 'paid_search' : 'organic_search',
        source: i % 2 === 0 ? 'google' : 'yandex',
        medium: i % 3 === 0 ? 'cpc' : 'organic',
        ...(i % 3 === 0 ? { campaign: `campaign-${i % 20}`, term: `keyword-${i % 25}` } : {}),
        landingPage: `https://bench.example/p${i % 50}?gclid=${i}-${round}`,
      }));
    const times = { on: [] as number[], off: [] as number[] };
    for (let round = 0; round < rounds; round++) {
      const on = round % 2 === 0;
      for (const name of triggers) {
        await db.execute(sql.raw(`alter table sessions ${on ? 'enable' : 'disable'} trigger ${name}`));
      }
      const batch = batchAt(round);
      const t0 = performance.now();
      await addSessions(db, { workspaceId: workspaceId, siteId }, batch, known);
      (on ? times.on : times.off).push(performance.now() - t0);
    }
    return { on: median(times.on), off: median(times.off) };
  } finally {
    await database.close();
  }
}

async function run(kind: 'postgres' | 'pglite'): Promise<void> {
  let target: DatabaseTarget;
  let cleanup: () => Promise<void>;
  if (kind === 'postgres') {
    const throwaway = await createThrowawayDatabase(process.env.DATABASE_URL as string, 'calltrail_bench');
    target = { kind: 'postgres', url: throwaway.url };
    cleanup = () => throwaway.drop();
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'calltrail-bench-batch-'));
    target = { kind: 'pglite', dataDir: dir };
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }
  try {
    const { on, off } = await measure(target);
    console.log(
      `${kind.padEnd(8)} batch of ${batchSize} sessions, median of ${rounds / 2} each: ` +
        `${off.toFixed(1)} ms without the rollup, ${on.toFixed(1)} ms with it (${(((on - off) / off) * 100).toFixed(0)} %)`,
    );
  } finally {
    await cleanup();
  }
}

if (process.env.DATABASE_URL && !values.skip.includes('postgres')) await run('postgres');
else console.log('postgres: SKIPPED (no DATABASE_URL)');
if (!values.skip.includes('pglite')) await run('pglite');
