/**
 * Calls and the raw provider events they are folded from. An event is stored before it is
 * acknowledged; the call row is recomputed from all of a call's events in the same transaction,
 * and so are the caller's later calls, whose repeat flags and evidence depend on it.
 */
import type { Attribution, CallEvent, CallState, Channel, EarlierCall, EndStatus } from '@calltrail/core';
import { and, asc, desc, eq, gt, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { callEvents, calls, pools, sessions } from '../../db/schema.ts';
import { newId } from '../../ids.ts';

export type CallRow = typeof calls.$inferSelect;

/** What is stored of each event: the provider's body as received, and our reading of it. */
export interface StoredCallEvent {
  raw: unknown;
  event: Omit<CallEvent, 'at' | 'receivedAt' | 'summary'> & {
    at: string | null;
    receivedAt: string;
    summary?: { startedAt: string; answeredAt: string | null; endedAt: string; status: EndStatus };
  };
}

export function storedEvent(raw: unknown, event: CallEvent): StoredCallEvent {
  const { summary, ...rest } = event;
  return {
    raw,
    event: {
      ...rest,
      at: event.at?.toISOString() ?? null,
      receivedAt: event.receivedAt.toISOString(),
      ...(summary && {
        summary: {
          startedAt: summary.startedAt.toISOString(),
          answeredAt: summary.answeredAt?.toISOString() ?? null,
          endedAt: summary.endedAt.toISOString(),
          status: summary.status,
        },
      }),
    },
  };
}

export function readStoredEvent(stored: StoredCallEvent): CallEvent {
  const { summary, ...rest } = stored.event;
  return {
    ...rest,
    at: stored.event.at ? new Date(stored.event.at) : null,
    receivedAt: new Date(stored.event.receivedAt),
    ...(summary && {
      summary: {
        startedAt: new Date(summary.startedAt),
        answeredAt: summary.answeredAt ? new Date(summary.answeredAt) : null,
        endedAt: new Date(summary.endedAt),
        status: summary.status,
      },
    }),
  };
}

export interface CallDerived {
  state: CallState;
  caller: string | null;
  trackingNumber: string | null;
  channel: Channel | null;
  source: string | null;
  sessionId: string | null;
  attribution: Attribution;
  visitorId: string | null;
  firstTime: boolean;
  repeat: boolean;
  previousCallId: string | null;
}

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** Turns a call's events into its record, reading what else it needs inside the transaction. */
export type DeriveCall = (events: CallEvent[], tx: Tx) => Promise<CallDerived>;

/** How many of a caller's later calls one event recomputes; a caller with more is a test rig or a bot. */
const laterCallsLimit = 100;

/** How many earlier calls make a caller's history: enough for the repeat flag and visitor links. */
const earlierCallsLimit = 20;

/**
 * Stores one event of a call and recomputes the call. `derive` turns the call's events into its
 * record; it runs inside the transaction, after the call row is locked, so concurrent events of
 * one call are folded one after the other.
 */
export async function recordCallEvent(
  db: Db,
  input: {
    workspaceId: string;
    provider: string;
    providerCallId: string;
    dedupeKey: string;
    stored: StoredCallEvent;
    now: Date;
  },
  derive: DeriveCall,
): Promise<{ callId: string; duplicate: boolean }> {
  return db.transaction(async (tx) => {
    const { workspaceId, provider, providerCallId, now } = input;
    const first = readStoredEvent(input.stored);
    await tx
      .insert(calls)
      .values({
        id: newId('call'),
        workspaceId,
        provider,
        providerCallId,
        direction: first.direction,
        status: 'ringing',
        caller: null,
        callerRaw: null,
        trackingNumber: null,
        trackingNumberRaw: first.to,
        startedAt: first.at ?? first.receivedAt,
        attribution: {},
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing();
    const [call] = await tx
      .select({ id: calls.id, direction: calls.direction, caller: calls.caller, startedAt: calls.startedAt })
      .from(calls)
      .where(
        and(
          eq(calls.workspaceId, workspaceId),
          eq(calls.provider, provider),
          eq(calls.providerCallId, providerCallId),
        ),
      )
      .for('update');
    if (!call) throw new Error('call row vanished inside its transaction');
    const inserted = await tx
      .insert(callEvents)
      .values({
        workspaceId,
        callId: call.id,
        dedupeKey: input.dedupeKey,
        receivedAt: now,
        payload: input.stored,
      })
      .onConflictDoNothing()
      .returning({ id: callEvents.id });
    if (inserted.length === 0) {
      await tx
        .update(callEvents)
        .set({ duplicateCount: sql`${callEvents.duplicateCount} + 1` })
        .where(and(eq(callEvents.callId, call.id), eq(callEvents.dedupeKey, input.dedupeKey)));
      return { callId: call.id, duplicate: true };
    }
    const derived = await refold(tx, call.id, derive, now);
    // The caller's later calls read this one as history: refold them, oldest first, so each sees
    // the ones before it as they now stand. Events may arrive in any order, and an event may move
    // the start or reveal the caller, so both the call's old and new place in history count.
    const from = new Date(Math.min(call.startedAt.getTime(), derived.state.startedAt.getTime()));
    const callers = new Set<string>();
    for (const place of [call, { direction: derived.state.direction, caller: derived.caller }]) {
      if (place.direction === 'inbound' && place.caller !== null) callers.add(place.caller);
    }
    const later = new Map<string, Date>();
    for (const caller of callers) {
      for (const row of await laterCallsOf(tx, workspaceId, caller, from)) {
        if (row.id !== call.id) later.set(row.id, row.startedAt);
      }
    }
    const ordered = [...later].sort(([a, at], [b, bt]) => at.getTime() - bt.getTime() || (a < b ? -1 : 1));
    for (const [id] of ordered) await refold(tx, id, derive, now);
    return { callId: call.id, duplicate: false };
  });
}

/** Recomputes one call from all its events and stores the result. */
async function refold(tx: Tx, id: string, derive: DeriveCall, now: Date): Promise<CallDerived> {
  // Another call's row is locked too, so a concurrent event of that call folds after this one.
  await tx.select({ id: calls.id }).from(calls).where(eq(calls.id, id)).for('update');
  const rows = await tx
    .select({ payload: callEvents.payload })
    .from(callEvents)
    .where(eq(callEvents.callId, id))
    .orderBy(asc(callEvents.id));
  const derived = await derive(
    rows.map((r) => readStoredEvent(r.payload as StoredCallEvent)),
    tx,
  );
  const { state } = derived;
  await tx
    .update(calls)
    .set({
      direction: state.direction,
      status: state.status,
      caller: derived.caller,
      callerRaw: state.callerRaw,
      trackingNumber: derived.trackingNumber,
      trackingNumberRaw: state.trackingNumberRaw,
      startedAt: state.startedAt,
      answeredAt: state.answeredAt,
      endedAt: state.endedAt,
      waitSeconds: state.waitSeconds,
      talkSeconds: state.talkSeconds,
      channel: derived.channel,
      source: derived.source,
      sessionId: derived.sessionId,
      attribution: derived.attribution,
      visitorId: derived.visitorId,
      firstTime: derived.firstTime,
      repeat: derived.repeat,
      previousCallId: derived.previousCallId,
      agent: state.agent,
      queue: state.queue,
      transfers: state.transfers,
      updatedAt: now,
    })
    .where(eq(calls.id, id));
  return derived;
}

/**
 * The caller's inbound calls that started before `before`, newest first. Calls not yet folded
 * have no caller, so they join the history once their events name one.
 */
export async function earlierCallsOf(
  db: Db,
  workspaceId: string,
  caller: string,
  before: Date,
): Promise<EarlierCall[]> {
  return db
    .select({
      id: calls.id,
      startedAt: calls.startedAt,
      visitorId: calls.visitorId,
      creditedSessionId: sql<
        string | null
      >`case when ${calls.attribution}->>'status' = 'attributed' then ${calls.sessionId} end`,
    })
    .from(calls)
    .where(and(inboundCallsFrom(workspaceId, caller), lt(calls.startedAt, before)))
    .orderBy(desc(calls.startedAt), desc(calls.id))
    .limit(earlierCallsLimit);
}

/** The caller's inbound calls that started after `after`, oldest first. */
async function laterCallsOf(db: Db, workspaceId: string, caller: string, after: Date) {
  return db
    .select({ id: calls.id, startedAt: calls.startedAt })
    .from(calls)
    .where(and(inboundCallsFrom(workspaceId, caller), gt(calls.startedAt, after)))
    .orderBy(asc(calls.startedAt), asc(calls.id))
    .limit(laterCallsLimit);
}

/** The condition shared by a caller's history in both directions: their inbound calls. */
function inboundCallsFrom(workspaceId: string, caller: string) {
  return and(eq(calls.workspaceId, workspaceId), eq(calls.caller, caller), eq(calls.direction, 'inbound'));
}

/**
 * The pool whose fallback number this is. Fallback numbers are not tracking numbers of their own
 * (an exhausted pool shows them without a lease), so a call to one is recognised here.
 */
export async function poolWithFallbackNumber(db: Db, workspaceId: string, number: string) {
  const [row] = await db
    .select({ id: pools.id, siteId: pools.siteId })
    .from(pools)
    .where(and(eq(pools.workspaceId, workspaceId), eq(pools.fallbackNumber, number)))
    .orderBy(asc(pools.createdAt), asc(pools.id))
    .limit(1);
  return row ?? null;
}

export async function getCall(db: Db, workspaceId: string, id: string) {
  const [row] = await db
    .select({ call: calls, session: sessions })
    .from(calls)
    .leftJoin(sessions, eq(sessions.id, calls.sessionId))
    .where(and(eq(calls.workspaceId, workspaceId), eq(calls.id, id)));
  return row ?? null;
}

export async function countCalls(db: Db, workspaceId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(calls)
    .where(eq(calls.workspaceId, workspaceId));
  return row?.n ?? 0;
}
