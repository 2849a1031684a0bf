/**
 * Takes one normalised provider event into the call record: stores it (deduplicated), folds all of
 * the call's events, and attributes the call to the session that most probably made it (see
 * derive-call.ts). The caller's later calls are recomputed with it.
 */
import type { CallEvent, Clock } from '@calltrail/core';
import type { Db } from '../db/database.ts';
import { recordCallEvent, storedEvent } from '../stores/sql/calls.ts';
import { deriveCall } from './derive-call.ts';

export interface IngestDeps {
  db: Db;
  clock: Clock;
  /**
   * Writes lease activity still held in memory (the write-behind lease journal), so that the call
   * is matched against every lease and heartbeat received before it.
   */
  flushLeaseHistory?: () => Promise<void>;
}

export interface IncomingCallEvent {
  workspaceId: string;
  provider: string;
  providerCallId: string;
  /** Identifies this delivery's content: a repeat with the same key changes nothing. */
  dedupeKey: string;
  /** The provider's body as received, kept for audits and re-folding. */
  raw: unknown;
  event: CallEvent;
}

export async function ingestCallEvent(
  deps: IngestDeps,
  incoming: IncomingCallEvent,
): Promise<{ callId: string; duplicate: boolean }> {
  // Outside the transaction: the flush writes through its own connection, and on PGlite (one
  // connection) it would wait forever for the transaction holding it.
  await deps.flushLeaseHistory?.();
  const { workspaceId } = incoming;
  return recordCallEvent(
    deps.db,
    {
      workspaceId,
      provider: incoming.provider,
      providerCallId: incoming.providerCallId,
      dedupeKey: incoming.dedupeKey,
      stored: storedEvent(incoming.raw, incoming.event),
      now: deps.clock.now(),
    },
    (events, tx) => deriveCall(tx, workspaceId, events),
  );
}
