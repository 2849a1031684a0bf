/**
 * `npm run bench:reports`: the sources drill-down over 90 days with period comparison, timed cold on
 * 1,000,000 sessions and 50,000 calls, on PostgreSQL (with DATABASE_URL) and on PGlite, against the
 * 1 s target. Data goes in through the product's write paths; see bench/README.md for what "cold" means.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { CallEvent, Channel } from '@calltrail/core';
import type { ReportGroupBy } from '@calltrail/protocol';
import { sql } from 'drizzle-orm';
import { deriveCall } from '../packages/server/src/calls/derive-call.ts';
import { saveCostUpload } from '../packages/server/src/costs/cost-store.ts';
import {
  type Database,
  type DatabaseTarget,
  type Db,
  openDatabase,
} from '../packages/server/src/db/database.ts';
import { newId } from '../packages/server/src/ids.ts';
import { createThrowawayDatabase } from '../packages/server/src/load/throwaway-database.ts';
import { customersReport } from '../packages/server/src/reports/customers-report.ts';
import { missedCalls } from '../packages/server/src/reports/missed-calls.ts';
import { addSessions, type FixtureSession } from '../packages/server/src/reports/report-fixtures.ts';
import type { SourcesScope } from '../packages/server/src/reports/sources-counts.ts';
import { sourcesReport } from '../packages/server/src/reports/sources-report.ts';
import { recordCallEvent, storedEvent } from '../packages/server/src/stores/sql/calls.ts';
import { benchSite } from './bench-site.ts';

const { values } = parseArgs({
  options: {
    sessions: { type: 'string', default: '1000000' },
    calls: { type: 'string', default: '50000' },
    'pglite-sessions': { type: 'string' },
    /**
     * Each call is its own transaction through recordCallEvent, ~20 ms apiece on PGlite's one
     * connection: 50,000 would take ~17 minutes to seed. The report prints the seeding rate.
     */
    'pglite-calls': { type: 'string', default: '5000' },
    skip: { type: 'string', multiple: true, default: [] },
    /** Keep the seeded PostgreSQL database (its URL is printed) to study the queries with EXPLAIN. */
    keep: { type: 'boolean', default: false },
  },
});
const targetMs = 1000;
const dayMs = 86_400_000;
/** Sessions spread over 120 days: the 90-day period and the 30 newest days of the comparison period. */
const spanDays = 120;
const end = Date.parse('2026-01-01T00:00:00Z');
const period = { from: new Date(end - 90 * dayMs), to: new Date(end) };
const comparePeriod = { from: new Date(end - 180 * dayMs), to: new Date(end - 90 * dayMs) };

/** A seeded PRNG, so every run writes the same data (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Touch {
  channel: Channel;
  source?: string;
  medium?: string;
  campaign?: string;
  term?: string;
}

/** Paid search: 2 engines × 20 campaigns × 25 keywords; the rest as a small site's mix. */
function touchOf(r: () => number): Touch {
  const x = r();
  const pick = (n: number) => Math.floor(r() * n);
  if (x < 0.35) {
    const source = r() < 0.6 ? 'google' : 'yandex';
    return {
      channel: 'paid_search',
      source,
      medium: 'cpc',
      campaign: `campaign-${String(pick(20)).padStart(2, '0')}`,
      term: `keyword-${pick(25)}`,
    };
  }
  if (x < 0.6)
    return { channel: 'organic_search', source: r() < 0.6 ? 'google' : 'yandex', medium: 'organic' };
  if (x < 0.8) return { channel: 'direct' };
  if (x < 0.9) return { channel: 'paid_social', source: 'vk', medium: 'cpc', campaign: `social-${pick(10)}` };
  return { channel: 'referral', source: `site-${pick(200)}.example`, medium: 'referral' };
}

interface Seeded {
  workspaceId: string;
  seedSeconds: { sessions: number; calls: number; costs: number };
}

async function seed(database: Database, sessionCount: number, callCount: number): Promise<Seeded> {
  const { db } = database;
  const now = new Date(end);
  const { workspaceId, siteId } = await benchSite(db, {
    timeZone: 'Europe/Moscow',
    currency: 'RUB',
    businessNumbers: ['+74951234567'],
    now,
  });
  const r = random(6);
  const scope = { workspaceId: workspaceId, siteId };

  // Sessions, in the tracking journal's batches; about 40 % come from returning visitors.
  let t0 = performance.now();
  const known = new Set<string>();
  const visitors: string[] = [];
  const sessions: { id: string; visitorId: string; startedAt: Date }[] = [];
  const batchSize = 5000;
  for (let i = 0; i < sessionCount; i += batchSize) {
    const batch: FixtureSession[] = [];
    for (let j = i; j < Math.min(sessionCount, i + batchSize); j++) {
      const returning = visitors.length > 0 && r() < 0.4;
      const visitorId = returning ? (visitors[Math.floor(r() * visitors.length)] as string) : newId('vis');
      if (!returning) visitors.push(visitorId);
      // In time order, so a visitor's first session is the first written.
      const startedAt = new Date(end - spanDays * dayMs + Math.floor((j / sessionCount) * spanDays * dayMs));
      const s = {
        id: newId('ses'),
        visitorId,
        startedAt,
        ...touchOf(r),
        landingPage: `https://bench.example/p${Math.floor(r() * 50)}`,
      };
      batch.push(s);
      sessions.push({ id: s.id, visitorId, startedAt });
    }
    await addSessions(db, scope, batch, known);
  }
  const sessionsS = (performance.now() - t0) / 1000;

  // Calls, each event through recordCallEvent with the product's deriveCall. The benchmark writes no
  // lease history, so the attribution deriveCall finds (none) is replaced by the session that "called".
  t0 = performance.now();
  const callers = Math.round(callCount * 0.85);
  const plans = Array.from({ length: callCount }, (_, i) => {
    const session = sessions[Math.floor(r() * sessions.length)] as (typeof sessions)[number];
    const startedAt = new Date(session.startedAt.getTime() + 60_000 + Math.floor(r() * 600_000));
    const caller = `+7916${String(i < callers ? i : Math.floor(r() * callers)).padStart(7, '0')}`;
    return { session, startedAt, caller, answered: r() < 0.8, wait: 3 + Math.floor(r() * 40) };
  });
  const workers = database.kind === 'postgres' ? 8 : 1;
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      for (const p of plans) {
        // A caller's calls stay on one worker: their refolds lock each other's rows.
        if (Number(p.caller.slice(-3)) % workers !== w) continue;
        const providerCallId = newId('call');
        const at = (s: number) => new Date(p.startedAt.getTime() + s * 1000);
        // One final summary per call, as Mango's summary or Asterisk's CDR is: the fewest writes a
        // real call takes (ringing, answered and ended each cost a transaction too).
        const event: CallEvent = {
          kind: 'summary',
          at: at(p.wait + 120),
          receivedAt: at(p.wait + 120),
          direction: 'inbound',
          from: p.caller,
          to: '+74950000000',
          summary: {
            startedAt: p.startedAt,
            answeredAt: p.answered ? at(p.wait) : null,
            endedAt: at(p.wait + 120),
            status: p.answered ? 'completed' : 'missed',
          },
        };
        await recordCallEvent(
          db,
          {
            workspaceId: workspaceId,
            provider: 'generic',
            providerCallId,
            dedupeKey: event.kind,
            stored: storedEvent({}, event),
            now,
          },
          async (all, tx) => ({
            ...(await deriveCall(tx, workspaceId, all)),
            sessionId: p.session.id,
            visitorId: p.session.visitorId,
          }),
        );
      }
    }),
  );
  // Stands in for operators' annotations (the annotate use case is a route): a tenth of the calls
  // qualified with a deal.
  await db.execute(sql`
    update calls set qualified = true, deal_value = 1000 + (abs(hashtext(id)) % 9000)
    where workspace_id = ${workspaceId} and abs(hashtext(id)) % 10 = 0`);
  const callsS = (performance.now() - t0) / 1000;

  // A day's cost per campaign and keyword, through the cost upload's store.
  t0 = performance.now();
  const rows = [];
  for (let d = 0; d < spanDays; d++) {
    const day = new Date(end - (spanDays - d) * dayMs).toISOString().slice(0, 10);
    for (const source of ['google', 'yandex']) {
      for (let c = 0; c < 20; c++) {
        const campaign = `campaign-${String(c).padStart(2, '0')}`;
        rows.push({ day, source, medium: 'cpc', campaign, keyword: '', cost: 500, currency: 'RUB' });
        for (let k = 0; k < 5; k++) {
          rows.push({
            day,
            source,
            medium: 'cpc',
            campaign,
            keyword: `keyword-${k}`,
            cost: 100,
            currency: 'RUB',
          });
        }
      }
    }
  }
  await saveCostUpload(db, { workspaceId: workspaceId, fileName: 'bench.csv', rows, errors: [], now });
  const costsS = (performance.now() - t0) / 1000;
  return { workspaceId: workspaceId, seedSeconds: { sessions: sessionsS, calls: callsS, costs: costsS } };
}

const levels: { name: string; groupBy: ReportGroupBy; filters: Partial<SourcesScope> }[] = [
  { name: 'channels', groupBy: 'channel', filters: {} },
  { name: 'paid_search → sources', groupBy: 'source', filters: { channel: 'paid_search' } },
  {
    name: '… google → campaigns',
    groupBy: 'campaign',
    filters: { channel: 'paid_search', source: 'google' },
  },
  {
    name: '… campaign-07 → keywords',
    groupBy: 'term',
    filters: { channel: 'paid_search', source: 'google', campaign: 'campaign-07' },
  },
  { name: 'landing pages', groupBy: 'landingPage', filters: {} },
  { name: 'channels, first touch', groupBy: 'channel', filters: { touch: 'first' } },
];

/**
 * One report on a fresh connection (PostgreSQL: new pool and DISCARD ALL; PGlite: reopened from disk),
 * then again warm; prints both and the rows it answered.
 */
async function timeReport(target: DatabaseTarget, name: string, report: (db: Db) => Promise<number>) {
  const database = await openDatabase(target);
  try {
    if (database.kind === 'postgres') await database.db.execute(sql`discard all`);
    const t0 = performance.now();
    const rows = await report(database.db);
    const coldMs = performance.now() - t0;
    const t1 = performance.now();
    await report(database.db);
    const warmMs = performance.now() - t1;
    const verdict = coldMs < targetMs ? 'PASS' : 'MISS';
    console.log(
      `  ${name.padEnd(26)} cold ${coldMs.toFixed(0).padStart(5)} ms  warm ${warmMs.toFixed(0).padStart(5)} ms  ` +
        `${String(rows).padStart(3)} rows  ${verdict} (< ${targetMs} ms)`,
    );
  } finally {
    await database.close();
  }
}

async function timeLevels(target: DatabaseTarget, workspaceId: string): Promise<void> {
  for (const level of levels) {
    const scope: SourcesScope = {
      workspaceId,
      timeZone: 'Europe/Moscow',
      currency: 'RUB',
      groupBy: level.groupBy,
      touch: 'last',
      ...level.filters,
    };
    await timeReport(
      target,
      level.name,
      async (db) => (await sourcesReport(db, scope, period, comparePeriod)).rows.length,
    );
  }
  // The dashboard's other reports over the same 90 days, for scale (the 1 s target is the drill-down's).
  const now = new Date(end);
  await timeReport(
    target,
    'customers by first touch',
    async (db) =>
      (await customersReport(db, { workspaceId, groupBy: 'source', from: period.from, to: period.to, now }))
        .rows.length,
  );
  await timeReport(
    target,
    'missed-calls worklist',
    async (db) =>
      (await missedCalls(db, { workspaceId, from: period.from, to: period.to }, now)).items.length,
  );
}

async function run(
  kind: 'postgres' | 'pglite',
  sessionCount: number,
  callCount: number,
  note = '',
): Promise<void> {
  console.log(
    `\n${kind}: ${sessionCount.toLocaleString('en-US')} sessions, ${callCount.toLocaleString('en-US')} calls${note}`,
  );
  let target: DatabaseTarget;
  let cleanup: () => Promise<void>;
  if (kind === 'postgres') {
    const throwaway = await createThrowawayDatabase(process.env.DATABASE_URL as string, 'calltrail_bench');
    target = { kind: 'postgres', url: throwaway.url };
    cleanup = values.keep
      ? async () => console.log(`  kept ${throwaway.url} (drop it with: drop database ${throwaway.name})`)
      : () => throwaway.drop();
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'calltrail-bench-reports-'));
    target = { kind: 'pglite', dataDir: dir };
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }
  try {
    const database = await openDatabase(target);
    await database.migrate();
    const seeded = await seed(database, sessionCount, callCount);
    if (database.kind === 'postgres') await database.db.execute(sql`analyze`);
    await database.close();
    const s = seeded.seedSeconds;
    console.log(
      `  seeded in ${s.sessions.toFixed(0)} s (sessions) + ${s.calls.toFixed(0)} s (calls, ${((s.calls / callCount) * 1000).toFixed(1)} ms each) + ${s.costs.toFixed(1)} s (costs)`,
    );
    console.log(
      `  90 days (${period.from.toISOString().slice(0, 10)} … ) vs the 90 before, each level cold:`,
    );
    await timeLevels(target, seeded.workspaceId);
  } finally {
    await cleanup();
  }
}

const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
console.log(`reports benchmark: ${cpus().length} CPUs, Node ${process.version}, load average ${load()}`);
const sessionCount = Number(values.sessions);
const callCount = Number(values.calls);
if (process.env.DATABASE_URL && !values.skip.includes('postgres'))
  await run('postgres', sessionCount, callCount);
else console.log('\npostgres: SKIPPED (no DATABASE_URL)');
if (!values.skip.includes('pglite')) {
  const pgliteSessions = Number(values['pglite-sessions'] ?? sessionCount);
  const pgliteCalls = Number(values['pglite-calls']);
  const reduced =
    pgliteSessions !== sessionCount || pgliteCalls !== callCount
      ? ' (reduced: each call is a transaction on PGlite’s one connection; --pglite-calls and --pglite-sessions set the scale)'
      : '';
  await run('pglite', pgliteSessions, pgliteCalls, reduced);
}
console.log(`\nload average at the end: ${load()}`);
