/**
 * Specification of the call record's caller history: first-time and repeat callers, the previous
 * call, the caller's visitor, and the evidence they give attribution. Runs on every database.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { CallEvent } from '@calltrail/core';
import { and, eq } from 'drizzle-orm';
import { calls, leases, sessions, visitors } from '../db/schema.ts';
import { createSite, seedWorkspace, startTestApp, type TestApp } from '../testing/test-app.ts';
import { databaseChoices } from '../testing/test-database.ts';
import { type IngestDeps, ingestCallEvent } from './ingest-call-event.ts';

const day = 86_400_000;
const t0 = new Date('2026-01-05T10:00:00.000Z').getTime();
const at = (ms: number) => new Date(t0 + ms);

interface Ring {
  callId: string;
  from: string;
  to?: string;
  at: Date;
  kind?: CallEvent['kind'];
}

for (const choice of databaseChoices()) {
  describe(`caller history on ${choice.kind}`, { skip: choice.skip }, () => {
    let t: TestApp;
    let workspaceId: string;
    let headers: Record<string, string>;
    let deps: IngestDeps;

    before(async () => {
      t = await startTestApp(choice.kind);
    });
    after(() => t.close());
    beforeEach(async () => {
      // A workspace per test: each test's calls are its own caller history.
      ({ workspaceId, headers } = await seedWorkspace(t));
      deps = { db: t.database.db, clock: t.clock };
    });

    const ring = (event: Ring) =>
      ingestCallEvent(deps, {
        workspaceId,
        provider: 'generic',
        providerCallId: event.callId,
        dedupeKey: `${event.callId}:${event.kind ?? 'ringing'}`,
        raw: {},
        event: {
          kind: event.kind ?? 'ringing',
          at: event.at,
          receivedAt: t.clock.now(),
          direction: 'inbound',
          from: event.from,
          to: event.to ?? '+74950000001',
        },
      });

    /** Each call's flags by provider call id, ids replaced by provider call ids. */
    const flags = async () => {
      const rows = await t.database.db.select().from(calls).where(eq(calls.workspaceId, workspaceId));
      const byId = new Map(rows.map((r) => [r.id, r.providerCallId]));
      return Object.fromEntries(
        rows.map((r) => [
          r.providerCallId,
          {
            firstTime: r.firstTime,
            repeat: r.repeat,
            previous: r.previousCallId === null ? null : byId.get(r.previousCallId),
          },
        ]),
      );
    };
    const first = { firstTime: true, repeat: false, previous: null };
    const repeatOf = (previous: string) => ({ firstTime: false, repeat: true, previous });
    const returningAfter = (previous: string) => ({ firstTime: false, repeat: false, previous });

    test('a caller’s first call is first-time, and one ten days later is a repeat of it', async () => {
      await ring({ callId: 'a', from: '+7 916 123-45-67', at: at(0) });
      await ring({ callId: 'b', from: '89161234567', at: at(10 * day) });
      assert.deepEqual(await flags(), { a: first, b: repeatOf('a') });
    });

    test('the repeat window includes its edge: 30 days is a repeat, a millisecond more is not', async () => {
      await ring({ callId: 'a', from: '+79161234567', at: at(0) });
      await ring({ callId: 'b', from: '+79161234567', at: at(30 * day) });
      await ring({ callId: 'c', from: '+79161234567', at: at(60 * day + 1) });
      assert.deepEqual(await flags(), { a: first, b: repeatOf('a'), c: returningAfter('b') });
    });

    test('withheld callers never match, neither each other nor anyone', async () => {
      await ring({ callId: 'a', from: 'anonymous', at: at(0) });
      await ring({ callId: 'b', from: 'anonymous', at: at(60_000) });
      await ring({ callId: 'c', from: '', at: at(120_000) });
      await ring({ callId: 'd', from: '+79161234567', at: at(180_000) });
      assert.deepEqual(await flags(), { a: first, b: first, c: first, d: first });
    });

    test('different callers do not match, and neither do other workspaces’ calls', async () => {
      await ring({ callId: 'a', from: '+79161234567', at: at(0) });
      const other = workspaceId;
      ({ workspaceId } = await seedWorkspace(t, 'Other'));
      await ring({ callId: 'x', from: '+79161234567', at: at(day) });
      assert.deepEqual(await flags(), { x: first });
      workspaceId = other;
      await ring({ callId: 'b', from: '+79031112233', at: at(day) });
      assert.deepEqual(await flags(), { a: first, b: first });
    });

    test('an earlier call that arrives late becomes the history of the calls after it', async () => {
      await ring({ callId: 'c', from: '+79161234567', at: at(5 * day) });
      await ring({ callId: 'b', from: '+79161234567', at: at(3 * day) });
      assert.deepEqual(await flags(), { b: first, c: repeatOf('b') });
      await ring({ callId: 'a', from: '+79161234567', at: at(0) });
      assert.deepEqual(await flags(), { a: first, b: repeatOf('a'), c: repeatOf('b') });
    });

    test('an event that moves a call’s start moves its place in the caller’s history', async () => {
      // The provider's "ended" of call b comes first and stands in for its start until "ringing" arrives.
      await ring({ callId: 'a', from: '+79161234567', at: at(day) });
      await ring({ callId: 'b', from: '+79161234567', at: at(day + 60_000), kind: 'ended' });
      assert.deepEqual(await flags(), { a: first, b: repeatOf('a') });
      await ring({ callId: 'b', from: '+79161234567', at: at(0) });
      assert.deepEqual(await flags(), { a: repeatOf('b'), b: first });
    });

    test('a caller revealed by a later event joins their history', async () => {
      await ring({ callId: 'a', from: '+79161234567', at: at(0) });
      await ring({ callId: 'b', from: '', at: at(day), kind: 'ended' });
      assert.deepEqual(await flags(), { a: first, b: first });
      await ring({ callId: 'b', from: '+79161234567', at: at(day) });
      assert.deepEqual(await flags(), { a: first, b: repeatOf('a') });
    });

    test('the workspace’s repeat window decides what counts as a repeat', async () => {
      const patch = await t.app.inject({
        method: 'PATCH',
        url: '/api/v1/workspace',
        headers,
        payload: { repeatWindowDays: 1 },
      });
      assert.equal(patch.statusCode, 200, patch.body);
      await ring({ callId: 'a', from: '+79161234567', at: at(0) });
      await ring({ callId: 'b', from: '+79161234567', at: at(day) });
      await ring({ callId: 'c', from: '+79161234567', at: at(2 * day + 1) });
      assert.deepEqual(await flags(), { a: first, b: repeatOf('a'), c: returningAfter('b') });
    });

    describe('with a pool number and lease history', () => {
      const number = '+74950000001';
      let site: { id: string };
      let poolId: string;

      beforeEach(async () => {
        site = await createSite(t, headers);
        const pool = await t.app.inject({
          method: 'POST',
          url: '/api/v1/pools',
          headers,
          payload: { siteId: site.id, name: 'Main', businessNumber: '+74951234567', numbers: [number] },
        });
        assert.equal(pool.statusCode, 201, pool.body);
        poolId = pool.json().id;
      });

      /** A visitor's session and its confirmed 30-minute lease of the number, active from `from` to `to`. */
      const leaseRow = (name: string, from: Date, to: Date) => ({
        visitor: {
          id: `vis_${name}_${workspaceId}`,
          workspaceId,
          siteId: site.id,
          firstSeenAt: from,
          lastSeenAt: to,
        },
        session: {
          id: `ses_${name}_${workspaceId}`,
          workspaceId,
          siteId: site.id,
          visitorId: `vis_${name}_${workspaceId}`,
          startedAt: from,
          lastActivityAt: to,
          landingPage: 'https://clinic.example/',
          exitPage: 'https://clinic.example/',
          channel: 'paid_search',
          source: 'yandex',
          clickIds: {},
          extras: {},
        },
        lease: {
          id: `lea_${name}_${workspaceId}`,
          workspaceId,
          poolId,
          number,
          sessionId: `ses_${name}_${workspaceId}`,
          visitorId: `vis_${name}_${workspaceId}`,
          startedAt: from,
          lastActivityAt: to,
          holdSeconds: 30 * 60,
          confirmed: true,
        },
      });
      const insert = async (row: ReturnType<typeof leaseRow>) => {
        await t.database.db.insert(visitors).values(row.visitor);
        await t.database.db.insert(sessions).values(row.session);
        await t.database.db.insert(leases).values(row.lease);
      };
      const callRow = async (providerCallId: string) => {
        const [row] = await t.database.db
          .select()
          .from(calls)
          .where(and(eq(calls.workspaceId, workspaceId), eq(calls.providerCallId, providerCallId)));
        assert.ok(row);
        return row;
      };

      test('reads lease activity the journal still holds before matching the call', async () => {
        const visit = leaseRow('held-in-memory', at(0), at(60_000));
        let flushed = 0;
        deps = {
          ...deps,
          flushLeaseHistory: async () => {
            if (flushed++ === 0) await insert(visit);
          },
        };
        await ring({ callId: 'a', from: '+79161234567', to: number, at: at(90_000) });
        const row = await callRow('a');
        assert.equal(row.sessionId, visit.session.id);
        assert.equal((row.attribution as { status: string }).status, 'attributed');
        assert.equal(flushed, 1);
      });

      test('a confident match links the caller to the visitor, and their later calls inherit it', async () => {
        const visit = leaseRow('paid', at(0), at(60_000));
        await insert(visit);
        await ring({ callId: 'a', from: '+79161234567', to: number, at: at(90_000) });
        await ring({ callId: 'b', from: '+79161234567', to: '+74959999999', at: at(day) });
        const [a, b] = [await callRow('a'), await callRow('b')];
        assert.equal(a.visitorId, visit.visitor.id);
        assert.equal(a.channel, 'paid_search');
        assert.equal(b.sessionId, null);
        assert.equal(b.visitorId, visit.visitor.id);
      });

      test('the caller’s history makes a weak match on the same visitor confident', async () => {
        // The caller first called while on the page; 15 minutes after a later visit the evidence
        // alone is weak, but the visitor is the one this caller called from before.
        const firstVisit = leaseRow('first', at(0), at(60_000));
        await insert(firstVisit);
        await ring({ callId: 'a', from: '+79161234567', to: number, at: at(90_000) });
        const returning = leaseRow('returning', at(day), at(day + 60_000));
        await t.database.db
          .insert(sessions)
          .values({ ...returning.session, visitorId: firstVisit.visitor.id });
        await t.database.db.insert(leases).values({ ...returning.lease, visitorId: firstVisit.visitor.id });

        const late = at(day + 60_000 + 15 * 60_000);
        await ring({ callId: 'stranger', from: '+79031112233', to: number, at: late });
        await ring({ callId: 'again', from: '+79161234567', to: number, at: late });
        const stranger = (await callRow('stranger')).attribution as { status: string; reason: string };
        const again = (await callRow('again')).attribution as { status: string; sessionId: string };
        assert.deepEqual([stranger.status, stranger.reason], ['uncertain', 'weak_evidence']);
        assert.deepEqual([again.status, again.sessionId], ['attributed', returning.session.id]);
      });

      test('a repeat call on a number nobody holds any more goes to the session of the first call', async () => {
        const visit = leaseRow('origin', at(0), at(60_000));
        await insert(visit);
        await ring({ callId: 'first', from: '+79165550000', to: number, at: at(90_000) });
        await ring({ callId: 'redial', from: '+79165550000', to: number, at: at(day) });
        const redial = (await callRow('redial')).attribution as {
          status: string;
          reason: string;
          sessionId: string;
        };
        assert.deepEqual(
          [redial.status, redial.reason, redial.sessionId],
          ['attributed', 'caller_history', visit.session.id],
        );
      });

      test('an uncertain match does not link the caller to a visitor', async () => {
        const visit = leaseRow('gone', at(0), at(60_000));
        await insert(visit);
        // Ten minutes after the 30-minute hold: named in the grace period, never certain.
        await ring({ callId: 'a', from: '+79161234567', to: number, at: at(60_000 + 40 * 60_000) });
        const row = await callRow('a');
        assert.equal(row.sessionId, visit.session.id);
        assert.equal((row.attribution as { reason: string }).reason, 'grace_window');
        assert.equal(row.visitorId, null);
      });
    });
  });
}
