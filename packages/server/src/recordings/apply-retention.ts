/**
 * Retention: a recording is kept for its workspace's recordingRetentionDays after the call, then its
 * audio is deleted from the store and its row marked deleted. The row and the access log stay, so
 * the call record still says there was a recording and who listened to it.
 */
import type { RecordingStore } from '@calltrail/core';
import type { Db } from '../db/database.ts';
import { expiredRecordings, markRecordingDeleted } from '../stores/sql/recordings.ts';

const batch = 100;

/** Deletes every recording past its retention at `now`; returns how many. */
export async function applyRetention(deps: { db: Db; store: RecordingStore }, now: Date): Promise<number> {
  let deleted = 0;
  for (;;) {
    const rows = await expiredRecordings(deps.db, now, batch);
    if (rows.length === 0) return deleted;
    for (const row of rows) {
      // Audio first: if marking fails, the next pass deletes (nothing) again and marks it then.
      if (row.storageKey) await deps.store.delete(row.storageKey);
      await markRecordingDeleted(deps.db, row, now);
      deleted++;
    }
  }
}
