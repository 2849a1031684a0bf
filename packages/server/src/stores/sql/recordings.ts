/** Call recordings: what providers reported, what the worker fetched, and who listened. */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { recordings } from '../../db/schema.ts';
import { newId } from '../../ids.ts';

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
