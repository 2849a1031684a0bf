/** Call recordings: what providers reported, what the worker fetched, and who listened. */
import { and, asc, desc, eq, inArray, lt, lte, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { apiTokens, calls, recordingAccess, recordings, users, workspaces } from '../../db/schema.ts';
import { newId } from '../../ids.ts';
import type { CallRow } from './calls.ts';
import { decodeCursor, type PageRequest, pageLimit, toPage } from './pagination.ts';

export type RecordingRow = typeof recordings.$inferSelect;

export interface ReportedRecording {
  workspaceId: string;
  provider: string;
  providerCallId: string;
  providerRecordingId: string;
  connectionId: string | null;
  sourceUrl: string | null;
  durationSeconds: number | null;
  /** When the worker should first try: providers need a moment to finish writing the file. */
  fetchAfter: Date;
  now: Date;
}

/**
 * Records that a provider has a recording, once: a repeated report only fills in what the first
 * lacked (the URL, the duration), so replays and retries change nothing else.
 */
export async function reportRecording(db: Db, report: ReportedRecording): Promise<void> {
  await db
    .insert(recordings)
    .values({
      id: newId('rec'),
      workspaceId: report.workspaceId,
      provider: report.provider,
      providerCallId: report.providerCallId,
      providerRecordingId: report.providerRecordingId,
      connectionId: report.connectionId,
      sourceUrl: report.sourceUrl,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: report.fetchAfter,
      durationSeconds: report.durationSeconds,
      createdAt: report.now,
    })
    .onConflictDoUpdate({
      target: [recordings.workspaceId, recordings.provider, recordings.providerRecordingId],
      set: {
        sourceUrl: sql`coalesce(${recordings.sourceUrl}, excluded.source_url)`,
        durationSeconds: sql`coalesce(${recordings.durationSeconds}, excluded.duration_seconds)`,
      },
    });
}

/** How the call record shows its recording. */
export interface RecordingSummary {
  status: 'pending' | 'stored' | 'failed' | 'deleted';
  durationSeconds: number | null;
  sizeBytes: number | null;
}

const statusRank: Record<string, number> = { stored: 0, pending: 1, failed: 2, deleted: 3 };

/**
 * A call's recording when it has several (a provider's and an upload, a call recorded in parts): one
 * that can be played, the newest first; else the one still to come; else what became of the others.
 */
function preferred(a: RecordingRow, b: RecordingRow): number {
  const at = (row: RecordingRow) => (row.storedAt ?? row.createdAt).getTime();
  return (statusRank[a.status] ?? 9) - (statusRank[b.status] ?? 9) || at(b) - at(a) || (a.id < b.id ? 1 : -1);
}

const callKey = (provider: string, providerCallId: string) => `${provider}\u0000${providerCallId}`;

/** Reads the recordings of a page of calls at once; the answer tells each call's (null for none). */
export async function recordingsOfCalls(
  db: Db,
  workspaceId: string,
  calls: readonly { provider: string; providerCallId: string }[],
): Promise<(call: { provider: string; providerCallId: string }) => RecordingSummary | null> {
  const rows =
    calls.length === 0
      ? []
      : await db
          .select()
          .from(recordings)
          .where(
            and(
              eq(recordings.workspaceId, workspaceId),
              inArray(recordings.provider, [...new Set(calls.map((c) => c.provider))]),
              inArray(recordings.providerCallId, [...new Set(calls.map((c) => c.providerCallId))]),
            ),
          );
  const best = new Map<string, RecordingRow>();
  for (const row of rows) {
    const key = callKey(row.provider, row.providerCallId);
    const held = best.get(key);
    if (!held || preferred(row, held) < 0) best.set(key, row);
  }
  return (call) => {
    const row = best.get(callKey(call.provider, call.providerCallId));
    if (!row) return null;
    return {
      status: row.status as RecordingSummary['status'],
      durationSeconds: row.durationSeconds,
      sizeBytes: row.sizeBytes,
    };
  };
}

/** A call of the workspace and its recording that can be played (null when none is stored). */
export async function playableRecordingOfCall(
  db: Db,
  workspaceId: string,
  callId: string,
): Promise<{
  call: Pick<CallRow, 'id' | 'provider' | 'providerCallId'>;
  recording: RecordingRow | null;
} | null> {
  const [call] = await db
    .select({ id: calls.id, provider: calls.provider, providerCallId: calls.providerCallId })
    .from(calls)
    .where(and(eq(calls.workspaceId, workspaceId), eq(calls.id, callId)));
  if (!call) return null;
  const rows = await db
    .select()
    .from(recordings)
    .where(
      and(
        eq(recordings.workspaceId, workspaceId),
        eq(recordings.provider, call.provider),
        eq(recordings.providerCallId, call.providerCallId),
        eq(recordings.status, 'stored'),
      ),
    );
  return { call, recording: rows.sort(preferred)[0] ?? null };
}

/**
 * Takes up to `limit` recordings due for a fetch and moves their next attempt `leaseMs` ahead, so
 * another server process skips them meanwhile, and one whose process died is tried again after it.
 */
export async function claimDueRecordings(
  db: Db,
  now: Date,
  options: { limit: number; leaseMs: number },
): Promise<RecordingRow[]> {
  const due = db
    .select({ id: recordings.id })
    .from(recordings)
    .where(and(eq(recordings.status, 'pending'), lte(recordings.nextAttemptAt, now)))
    .orderBy(asc(recordings.nextAttemptAt))
    .limit(options.limit)
    .for('update', { skipLocked: true });
  return db
    .update(recordings)
    .set({
      nextAttemptAt: new Date(now.getTime() + options.leaseMs),
      attempts: sql`${recordings.attempts} + 1`,
    })
    .where(inArray(recordings.id, due))
    .returning();
}

/**
 * The fetch worked. False when the recording stopped being pending meanwhile (retention deleted
 * it): the caller then removes what it stored.
 */
export async function markRecordingStored(
  db: Db,
  id: string,
  stored: { storageKey: string; contentType: string; sizeBytes: number; at: Date },
): Promise<boolean> {
  const updated = await db
    .update(recordings)
    .set({
      status: 'stored',
      storageKey: stored.storageKey,
      contentType: stored.contentType,
      sizeBytes: stored.sizeBytes,
      storedAt: stored.at,
      nextAttemptAt: null,
      lastError: null,
    })
    .where(and(eq(recordings.id, id), eq(recordings.status, 'pending')))
    .returning({ id: recordings.id });
  return updated.length > 0;
}

/** The fetch failed: try again at `retryAt`, or, without one, give up. */
export async function markRecordingFetchFailed(
  db: Db,
  id: string,
  failure: { error: string; retryAt: Date | null },
): Promise<void> {
  await db
    .update(recordings)
    .set({
      status: failure.retryAt ? 'pending' : 'failed',
      nextAttemptAt: failure.retryAt,
      lastError: failure.error.slice(0, 1000),
    })
    .where(and(eq(recordings.id, id), eq(recordings.status, 'pending')));
}

/**
 * Stores an uploaded recording as the call's upload, replacing an earlier upload of the same call.
 * Returns the replaced audio's key, for the caller to delete once this is committed.
 */
export async function saveUploadedRecording(
  db: Db,
  upload: {
    workspaceId: string;
    provider: string;
    providerCallId: string;
    storageKey: string;
    contentType: string;
    sizeBytes: number;
    now: Date;
  },
): Promise<{ replacedKey: string | null }> {
  const stored = {
    status: 'stored',
    storageKey: upload.storageKey,
    contentType: upload.contentType,
    sizeBytes: upload.sizeBytes,
    durationSeconds: null,
    storedAt: upload.now,
    deletedAt: null,
    lastError: null,
    nextAttemptAt: null,
  };
  const providerRecordingId = `upload:${upload.providerCallId}`;
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(recordings)
      .values({
        id: newId('rec'),
        workspaceId: upload.workspaceId,
        provider: upload.provider,
        providerCallId: upload.providerCallId,
        providerRecordingId,
        connectionId: null,
        sourceUrl: null,
        attempts: 0,
        createdAt: upload.now,
        ...stored,
      })
      .onConflictDoNothing()
      .returning({ id: recordings.id });
    if (inserted.length > 0) return { replacedKey: null };
    const where = and(
      eq(recordings.workspaceId, upload.workspaceId),
      eq(recordings.provider, upload.provider),
      eq(recordings.providerRecordingId, providerRecordingId),
    );
    const [previous] = await tx
      .select({ storageKey: recordings.storageKey })
      .from(recordings)
      .where(where)
      .for('update');
    await tx.update(recordings).set(stored).where(where);
    return { replacedKey: previous?.storageKey ?? null };
  });
}

export type RecordingAccessRow = typeof recordingAccess.$inferSelect;

/** One listen or download, written before the first byte is sent. */
export async function recordAccess(db: Db, entry: Omit<RecordingAccessRow, 'id'>): Promise<void> {
  await db.insert(recordingAccess).values(entry);
}

/** Who listened to or downloaded a call's recordings, newest first. */
export async function listRecordingAccess(db: Db, workspaceId: string, callId: string, page: PageRequest) {
  const limit = pageLimit(page);
  const before = page.cursor ? Number(decodeCursor(page.cursor).id) : null;
  const rows = await db
    .select({ access: recordingAccess, userEmail: users.email, tokenName: apiTokens.name })
    .from(recordingAccess)
    .leftJoin(users, eq(users.id, recordingAccess.userId))
    .leftJoin(apiTokens, eq(apiTokens.id, recordingAccess.tokenId))
    .where(
      and(
        eq(recordingAccess.workspaceId, workspaceId),
        eq(recordingAccess.callId, callId),
        before === null ? undefined : lt(recordingAccess.id, before),
      ),
    )
    .orderBy(desc(recordingAccess.id))
    .limit(limit + 1);
  return toPage(rows, limit, (row) => ({ at: row.access.at, id: String(row.access.id) }));
}

/**
 * Recordings past their workspace's retention, counted from the call's start (from the report when
 * the call's own events never came), that are not deleted yet.
 */
export async function expiredRecordings(db: Db, now: Date, limit: number): Promise<RecordingRow[]> {
  const rows = await db
    .select({ recording: recordings })
    .from(recordings)
    .innerJoin(workspaces, eq(workspaces.id, recordings.workspaceId))
    .leftJoin(
      calls,
      and(
        eq(calls.workspaceId, recordings.workspaceId),
        eq(calls.provider, recordings.provider),
        eq(calls.providerCallId, recordings.providerCallId),
      ),
    )
    .where(
      and(
        ne(recordings.status, 'deleted'),
        sql`coalesce(${calls.startedAt}, ${recordings.createdAt}) < ${now}::timestamptz - ${workspaces.recordingRetentionDays} * interval '1 day'`,
      ),
    )
    .limit(limit);
  return rows.map((row) => row.recording);
}

/** The audio is gone; the row stays, so the call record and the access log still say what was there. */
export async function markRecordingDeleted(
  db: Db,
  row: Pick<RecordingRow, 'id' | 'storageKey'>,
  now: Date,
): Promise<void> {
  await db
    .update(recordings)
    .set({ status: 'deleted', storageKey: null, deletedAt: now, nextAttemptAt: null })
    // An upload that replaced the audio meanwhile keeps its row until the next pass deletes it too.
    .where(
      and(eq(recordings.id, row.id), sql`${recordings.storageKey} is not distinct from ${row.storageKey}`),
    );
}
