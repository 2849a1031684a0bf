/**
 * Calls and the raw provider events they are folded from. An event is stored before it is
 * acknowledged; the call row is recomputed from all of a call's events in the same transaction.
 */
import type { Attribution, CallEvent, CallState, Channel } from '@calltrail/core';
import { and, asc, eq, gte, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { callEvents, calls, sessions } from '../../db/schema.ts';
import { newId } from '../../ids.ts';
import { afterCursor, newestFirst, type PageRequest, pageLimit, toPage } from './pagination.ts';

export type CallRow = typeof calls.$inferSelect;

/** What is stored of each event: the provider's body as received, and our reading of it. */
export interface StoredCallEvent {
  raw: unknown;
  event: Omit<CallEvent, 'at' | 'receivedAt'> & { at: string | null; receivedAt: string };
}

export function storedEvent(raw: unknown, event: CallEvent): StoredCallEvent {
  return {
    raw,
    event: { ...event, at: event.at?.toISOString() ?? null, receivedAt: event.receivedAt.toISOString() },
  };
}

export function readStoredEvent(stored: StoredCallEvent): CallEvent {
  return {
    ...stored.event,
    at: stored.event.at ? new Date(stored.event.at) : null,
    receivedAt: new Date(stored.event.receivedAt),
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
}

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

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
  derive: (events: CallEvent[], tx: Tx) => Promise<CallDerived>,
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
      .select({ id: calls.id })
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
    const rows = await tx
      .select({ payload: callEvents.payload })
      .from(callEvents)
      .where(eq(callEvents.callId, call.id))
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
        updatedAt: now,
      })
      .where(eq(calls.id, call.id));
    return { callId: call.id, duplicate: false };
  });
}

export interface CallFilter extends PageRequest {
  from?: string | undefined;
  to?: string | undefined;
  channel?: string | undefined;
  source?: string | undefined;
}

export async function listCalls(db: Db, workspaceId: string, filter: CallFilter) {
  const limit = pageLimit(filter);
  const rows = await db
    .select({ call: calls, session: sessions })
    .from(calls)
    .leftJoin(sessions, eq(sessions.id, calls.sessionId))
    .where(
      and(
        eq(calls.workspaceId, workspaceId),
        filter.from ? gte(calls.startedAt, new Date(filter.from)) : undefined,
        filter.to ? lt(calls.startedAt, new Date(filter.to)) : undefined,
        filter.channel ? eq(calls.channel, filter.channel) : undefined,
        filter.source
          ? or(eq(calls.source, filter.source.toLowerCase()), eq(calls.source, filter.source))
          : undefined,
        afterCursor(filter.cursor, calls.startedAt, calls.id),
      ),
    )
    .orderBy(...newestFirst(calls.startedAt, calls.id))
    .limit(limit + 1);
  return toPage(rows, limit, (r) => ({ at: r.call.startedAt, id: r.call.id }));
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
