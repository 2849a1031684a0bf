/**
 * The per-day session rollup against the sessions it counts: for random sessions over weeks that cross
 * daylight-saving changes, random periods (whole local days and ragged edges), every grouping and every
 * filter, the rollup's answer is the raw count's; inserts and cascading deletes keep it so.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Channel } from '@calltrail/core';
import { eq, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../db/database.ts';
import { sites, visitors } from '../db/schema.ts';
import { newId } from '../ids.ts';
import { rowsOf } from '../stores/sql/raw-rows.ts';
import { insertSite } from '../stores/sql/sites.ts';
import { createWorkspace } from '../stores/sql/workspaces.ts';
import { databaseChoices, openTestDatabase } from '../testing/test-database.ts';
import { addSessions, type FixtureSession } from './report-fixtures.ts';
import { instant, type ReportFilters, touchFilters } from './report-scope.ts';
import { rollupBounds, sessionTouches } from './session-rollup.ts';

const hourMs = 3_600_000;
/** Berlin and New York both move their clocks forward in March 2026 (the 29th and the 8th). */
const start = Date.parse('2026-02-25T00:00:00Z');
const spanHours = 24 * 40;
const groupings = ['day', 'site_id', 'channel', 'source', 'medium', 'campaign', 'term'] as const;

/** A seeded PRNG, so a failure can be replayed (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)] as T;
}

/** A small vocabulary, so groups collide; absent UTM values (null) are groups of their own. */
function randomSession(r: () => number, visitorId: string, startedAt: Date): FixtureSession {
  const channel = pick<Channel>(r, ['paid_search', 'organic_search', 'direct', 'referral']);
  const maybe = (list: string[]) => {
    const value = pick(r, [...list, '']);
    return value === '' ? {} : { value };
  };
  const source = maybe(['google', 'yandex']).value;
  const medium = maybe(['cpc', 'organic']).value;
  const campaign = maybe(['brand', 'spring']).value;
  const term = maybe(['clinic', 'dentist', 'x-ray']).value;
  return {
    id: newId('ses'),
    visitorId,
    startedAt,
    channel,
    ...(source === undefined ? {} : { source }),
    ...(medium === undefined ? {} : { medium }),
    ...(campaign === undefined ? {} : { campaign }),
    ...(term === undefined ? {} : { term }),
  };
}

for (const choice of databaseChoices()) {
  describe(`session rollup on ${choice.kind}`, { skip: choice.skip }, () => {
    let database: Database;
    const workspaces: { id: string; timeZone: string; siteIds: string[] }[] = [];
    const r = random(42);

    const newSite = async (workspaceId: string) => {
      const id = newId('site');
      await insertSite(database.db, {
        id,
        workspaceId,
        key: newId('site'),
        name: 'Clinic',
        domains: [`${id}.example`],
        businessNumbers: ['+74951234567'],
        consentMode: 'none',
        consentCookie: null,
        extraParams: [],
        extraCookies: [],
        swapAttributes: [],
        createdAt: new Date(start),
      });
      return id;
    };

    /** Sessions in batches (as the journal writes them), some of returning visitors. */
    const seedSessions = async (workspaceId: string, siteId: string, count: number) => {
      const known = new Set<string>();
      const visitorIds: string[] = [];
      for (let written = 0; written < count; written += 50) {
        const batch: FixtureSession[] = [];
        for (let i = 0; i < 50; i++) {
          const returning = visitorIds.length > 0 && r() < 0.3;
          const visitorId = returning ? pick(r, visitorIds) : newId('vis');
          if (!returning) visitorIds.push(visitorId);
          // Whole minutes, and some exactly on local midnights and the hours around the clock change.
          const minute = r() < 0.1 ? 0 : Math.floor(r() * 60);
          const startedAt = new Date(start + Math.floor(r() * spanHours) * hourMs + minute * 60_000);
          batch.push(randomSession(r, visitorId, startedAt));
        }
        await addSessions(database.db, { workspaceId, siteId }, batch, known);
      }
    };

    before(async () => {
      database = await openTestDatabase(choice.kind);
      for (const timeZone of ['Europe/Berlin', 'America/New_York', 'Asia/Kathmandu']) {
        const workspace = await createWorkspace(
          database.db,
          { name: timeZone, timeZone, currency: 'EUR' },
          new Date(start),
        );
        const siteIds = [await newSite(workspace.id), await newSite(workspace.id)];
        for (const siteId of siteIds) await seedSessions(workspace.id, siteId, 300);
        workspaces.push({ id: workspace.id, timeZone, siteIds });
      }
    });
    after(() => database.close());

    const grouped = async (column: string, source: SQL): Promise<Map<string, number>> => {
      const col = sql.raw(column);
      const result = await database.db.execute(sql`
        select coalesce(s.${col}::text, '∅') as k, sum(s.sessions)::int as n from ${source} s group by 1`);
      return new Map(rowsOf(result).map((row) => [String(row.k), Number(row.n)]));
    };

    const raw = (
      workspace: { id: string; timeZone: string },
      from: Date,
      to: Date,
      filters: ReportFilters,
    ) => sql`(
      select s.*, (s.started_at at time zone ${workspace.timeZone})::date as day, 1 as sessions from sessions s
      where s.workspace_id = ${workspace.id} and s.started_at >= ${instant(from)} and s.started_at < ${instant(to)}
        ${touchFilters('s', filters)}
    )`;

    const localMidnight = async (timeZone: string, day: string): Promise<Date> => {
      const result = await database.db.execute(
        sql`select ((${day}::date)::timestamp at time zone ${timeZone}) as at`,
      );
      return new Date(String(rowsOf(result)[0]?.at));
    };

    const randomFilters = (siteIds: string[]): ReportFilters => {
      const filters: ReportFilters = {};
      if (r() < 0.3) filters.siteId = pick(r, siteIds);
      if (r() < 0.3) filters.channel = pick(r, ['paid_search', 'organic_search', 'direct']);
      if (r() < 0.3) filters.source = pick(r, ['google', 'yandex']);
      if (r() < 0.2) filters.campaign = pick(r, ['brand', 'spring']);
      return filters;
    };

    test('every grouping and filter over random periods counts what the sessions count', async () => {
      let compared = 0;
      let servedByRollup = 0;
      for (let round = 0; round < 40; round++) {
        const workspace = workspaces[round % workspaces.length] as (typeof workspaces)[number];
        let from: Date;
        let to: Date;
        if (round % 2 === 0) {
          // Whole local days, the kind of period the dashboard asks for.
          const first = new Date(start + Math.floor(r() * 30) * 24 * hourMs).toISOString().slice(0, 10);
          const last = new Date(Date.parse(first) + Math.floor(r() * 14) * 24 * hourMs)
            .toISOString()
            .slice(0, 10);
          from = await localMidnight(workspace.timeZone, first);
          to = await localMidnight(workspace.timeZone, last);
        } else {
          from = new Date(start - 5 * hourMs + Math.floor(r() * spanHours * 60) * 60_000);
          to = new Date(from.getTime() + Math.floor(r() * 20 * 24 * 60) * 60_000);
        }
        const filters = randomFilters(workspace.siteIds);
        const scope = { workspaceId: workspace.id, timeZone: workspace.timeZone };
        const bounds = await rollupBounds(database.db, scope, from, to);
        if (bounds.days !== null) servedByRollup++;
        for (const column of groupings) {
          const expected = await grouped(column, raw(workspace, from, to, filters));
          const actual = await grouped(column, sessionTouches(scope, bounds, filters));
          assert.deepEqual(
            actual,
            expected,
            `${workspace.timeZone} ${from.toISOString()}…${to.toISOString()} by ${column} ${JSON.stringify(filters)}`,
          );
          compared++;
        }
      }
      assert.equal(compared, 40 * groupings.length);
      assert.ok(servedByRollup > 10, 'most periods span whole days the rollup serves');
    });

    test('the rollup holds each local day’s sessions, also after sessions are deleted by cascade', async () => {
      const recount = async () => {
        const result = await database.db.execute(sql`
          select
            (select count(*)::int from (
              select s.workspace_id, (s.started_at at time zone w.time_zone)::date as day, s.site_id, s.channel,
                s.source, s.medium, s.campaign, s.term, count(*)::int as sessions
              from sessions s join workspaces w on w.id = s.workspace_id
              group by 1, 2, 3, 4, 5, 6, 7, 8
              except all
              select workspace_id, day, site_id, channel, source, medium, campaign, term, sessions from session_days
            ) missing) as missing,
            (select count(*)::int from session_days) as days`);
        const row = rowsOf(result)[0] ?? {};
        return { missing: Number(row.missing), days: Number(row.days) };
      };
      const before = await recount();
      assert.equal(before.missing, 0);

      const [berlin, newYork] = workspaces as [(typeof workspaces)[number], (typeof workspaces)[number]];
      await database.db.delete(sites).where(eq(sites.id, berlin.siteIds[0] as string));
      const someVisitor = rowsOf(
        await database.db.execute(
          sql`select visitor_id from sessions where workspace_id = ${newYork.id} limit 1`,
        ),
      )[0]?.visitor_id;
      await database.db.delete(visitors).where(eq(visitors.id, String(someVisitor)));
      const afterDeletes = await recount();
      assert.equal(afterDeletes.missing, 0);
      assert.ok(afterDeletes.days < before.days, 'the emptied days are gone, not left at zero');
      const zeros = await database.db.execute(
        sql`select count(*)::int as n from session_days where sessions <= 0`,
      );
      assert.equal(Number(rowsOf(zeros)[0]?.n), 0);
    });

    test('a session’s counted columns cannot be changed behind the rollup’s back', async () => {
      const workspace = workspaces[2] as (typeof workspaces)[number];
      const session = rowsOf(
        await database.db.execute(sql`select id from sessions where workspace_id = ${workspace.id} limit 1`),
      )[0];
      await assert.rejects(
        database.db.execute(sql`update sessions set channel = 'referral' where id = ${String(session?.id)}`),
        // drizzle wraps the database's error; its cause carries the trigger's message.
        (error: unknown) =>
          error instanceof Error && /counted in session_days/.test(String((error.cause as Error)?.message)),
      );
      await database.db.execute(
        sql`update sessions set page_views = page_views + 1 where id = ${String(session?.id)}`,
      );
    });
  });
}
