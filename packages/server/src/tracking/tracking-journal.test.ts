import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Lease } from '@calltrail/core';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { leases, pageViews, poolHours, sessions, visitors } from '../db/schema.ts';
import type { SessionRow } from '../stores/sql/sessions.ts';
import { sessionRow } from '../testing/session-row.ts';
import { createSite, seedWorkspace, startTestApp, type TestApp } from '../testing/test-app.ts';
import { databaseChoices } from '../testing/test-database.ts';
import { TrackingJournal } from './tracking-journal.ts';

const t0 = new Date('2026-01-05T10:00:00Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

for (const choice of databaseChoices()) {
  describe(`the tracking journal on ${choice.kind}`, { skip: choice.skip }, () => {
    let t: TestApp;
    let workspaceId: string;
    let poolId: string;
    let siteId: string;
    const noErrors = (error: unknown) => assert.fail(String(error));
    const batched = { flushMs: 60_000, sessionsBeforeReply: false, onError: noErrors };

    before(async () => {
      t = await startTestApp(choice.kind);
      const seeded = await seedWorkspace(t);
      workspaceId = seeded.workspaceId;
      const site = await createSite(t, seeded.headers);
      siteId = site.id;
      const pool = await t.app.inject({
        method: 'POST',
        url: '/api/v1/pools',
        headers: seeded.headers,
        payload: { siteId: site.id, name: 'All', businessNumber: '+74951234567', numbers: ['+74950000001'] },
      });
      poolId = pool.json().id;
    });
    after(() => t.close());

    let counter = 0;
    const lease = (over: Partial<Lease> = {}): Lease => ({
      id: `lse_journal_${++counter}`,
      poolId,
      number: '+74950000001',
      sessionId: `ses_${counter}`,
      visitorId: `vis_${counter}`,
      startedAt: t0,
      lastActivityAt: t0,
      holdMs: 30 * 60_000,
      confirmed: false,
      previousLeaseId: null,
      reusedFromSessionId: null,
      ...over,
    });
    const row = async (id: string) => (await t.database.db.select().from(leases).where(eq(leases.id, id)))[0];

    test('writes nothing until it flushes, then one row with the lease’s latest state', async () => {
      const journal = new TrackingJournal(t.database.db, batched);
      const first = lease();
      await journal.record(workspaceId, first);
      await journal.record(workspaceId, { ...first, lastActivityAt: at(8), confirmed: true });
      await journal.record(workspaceId, { ...first, lastActivityAt: at(38), confirmed: true });
      assert.equal(await row(first.id), undefined);
      assert.equal(journal.pending, 1);
      await journal.flush();
      const saved = await row(first.id);
      assert.deepEqual(saved?.lastActivityAt, at(38));
      assert.equal(saved?.confirmed, true);
      assert.equal(journal.pending, 0);
    });

    test('merges batches from several processes in any order without losing progress', async () => {
      const a = new TrackingJournal(t.database.db, batched);
      const b = new TrackingJournal(t.database.db, batched);
      const shared = lease();
      await a.record(workspaceId, { ...shared, lastActivityAt: at(60), confirmed: true }, at(70));
      await a.flush();
      // A slower process flushes an older state afterwards.
      await b.record(workspaceId, { ...shared, lastActivityAt: at(30), confirmed: false });
      await b.flush();
      const saved = await row(shared.id);
      assert.deepEqual(saved?.lastActivityAt, at(60));
      assert.equal(saved?.confirmed, true);
      assert.deepEqual(saved?.releasedAt, at(70));
    });

    test('keeps what a failed flush held and writes it with the next one', async () => {
      let failNext = true;
      const flaky = new Proxy(t.database.db, {
        get(target, property, receiver) {
          if (property === 'transaction' && failNext) {
            failNext = false;
            return async () => {
              throw new Error('connection lost');
            };
          }
          return Reflect.get(target, property, receiver);
        },
      }) as Db;
      const journal = new TrackingJournal(flaky, batched);
      const kept = lease();
      await journal.record(workspaceId, kept);
      await journal.countServed(workspaceId, poolId, at(0), 'fresh');
      await assert.rejects(journal.flush(), /connection lost/);
      await journal.record(workspaceId, { ...kept, lastActivityAt: at(5), confirmed: true });
      await journal.flush();
      assert.deepEqual((await row(kept.id))?.lastActivityAt, at(5));
      const [hour] = await t.database.db.select().from(poolHours).where(eq(poolHours.poolId, poolId));
      assert.equal(hour?.sessions, 1);
    });

    test('adds per-hour service counts to what earlier flushes wrote', async () => {
      const journal = new TrackingJournal(t.database.db, batched);
      const later = new Date('2026-01-05T15:20:00Z');
      await journal.countServed(workspaceId, poolId, later, 'fresh');
      await journal.countServed(workspaceId, poolId, later, 'fallback');
      await journal.flush();
      await journal.countServed(workspaceId, poolId, new Date('2026-01-05T15:59:59Z'), 'reused');
      await journal.countServed(workspaceId, poolId, later, 'overflow');
      await journal.stop();
      const rows = await t.database.db.select().from(poolHours).where(eq(poolHours.poolId, poolId));
      const hour = rows.find((r) => r.hour.getTime() === new Date('2026-01-05T15:00:00Z').getTime());
      assert.deepEqual(
        hour && [hour.sessions, hour.leased, hour.fallbacks, hour.overflows, hour.reused],
        [4, 2, 1, 1, 1],
      );
    });

    test('writes new sessions and moves their visitor’s first, last and last-touch sessions', async () => {
      const journal = new TrackingJournal(t.database.db, batched);
      const session = (id: string, channel: string, startedAt: Date): SessionRow =>
        sessionRow({
          id,
          workspaceId,
          siteId,
          visitorId: 'vis_journal',
          startedAt,
          channel,
          landingPage: `https://clinic.example/${id}`,
        });
      const newVisitor = {
        id: 'vis_journal',
        workspaceId,
        siteId,
        firstSeenAt: t0,
        lastSeenAt: t0,
        firstSessionId: null,
        lastSessionId: null,
        lastTouchSessionId: null,
      };
      await journal.session({ session: session('ses_paid', 'paid_search', at(0)), newVisitor });
      await journal.session({ session: session('ses_direct1', 'direct', at(60)), newVisitor: null });
      await journal.activity(
        session('ses_direct1', 'direct', at(60)),
        at(90),
        'https://clinic.example/prices',
      );
      assert.equal(
        (await t.database.db.select().from(sessions).where(eq(sessions.id, 'ses_paid'))).length,
        0,
      );
      await journal.flush();
      await journal.session({ session: session('ses_direct2', 'direct', at(600)), newVisitor: null });
      await journal.stop();
      const [visitor] = await t.database.db.select().from(visitors).where(eq(visitors.id, 'vis_journal'));
      assert.deepEqual(
        [visitor?.firstSessionId, visitor?.lastSessionId, visitor?.lastTouchSessionId, visitor?.lastSeenAt],
        ['ses_paid', 'ses_direct2', 'ses_paid', at(600)],
      );
      const [direct] = await t.database.db.select().from(sessions).where(eq(sessions.id, 'ses_direct1'));
      assert.deepEqual([direct?.pageViews, direct?.exitPage], [2, 'https://clinic.example/prices']);
      const views = await t.database.db
        .select()
        .from(pageViews)
        .where(eq(pageViews.sessionId, 'ses_direct1'));
      assert.equal(views.length, 2);
    });
  });
}
