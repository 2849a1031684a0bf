/**
 * Stores what a provider read from one delivery, webhook or connector alike: every call event
 * (deduplicated by its key, folded into its call) and every recording reference. It resolves only
 * once all of it is stored, so whatever acknowledges the delivery does so after the data is safe.
 */
import type { Clock, ConnectorSink, ProviderOutcome } from '@calltrail/core';
import { ingestCallEvent } from '../calls/ingest-call-event.ts';
import type { Db } from '../db/database.ts';
import { reportRecording } from '../stores/sql/recordings.ts';
import { type TelephonyConnectionRow, touchConnection } from '../stores/sql/telephony.ts';

/** Providers finish writing a recording a little after they report it. */
const firstFetchDelayMs = 30_000;
const touchEveryMs = 60_000;

export interface StoreDeps {
  db: Db;
  clock: Clock;
  /** Writes lease activity still held in memory, so the call is matched against all of it. */
  flushLeaseHistory?: () => Promise<void>;
}

/**
 * Stores a provider's outcome for a connection: every call event (deduplicated by its key) and
 * every recording reference. Throws when the database does, so the caller can retry.
 */
export async function storeOutcome(
  deps: StoreDeps,
  connection: Pick<TelephonyConnectionRow, 'id' | 'workspaceId' | 'provider'>,
  outcome: ProviderOutcome,
  receivedAt: Date,
): Promise<string[]> {
  const callIds: string[] = [];
  for (const call of outcome.calls) {
    const { callId } = await ingestCallEvent(deps, {
      workspaceId: connection.workspaceId,
      provider: connection.provider,
      ...call,
    });
    if (!callIds.includes(callId)) callIds.push(callId);
  }
  for (const recording of outcome.recordings) {
    await reportRecording(deps.db, {
      workspaceId: connection.workspaceId,
      provider: connection.provider,
      providerCallId: recording.providerCallId,
      providerRecordingId: recording.providerRecordingId,
      connectionId: connection.id,
      sourceUrl: recording.url ?? null,
      durationSeconds: recording.durationSeconds ?? null,
      fetchAfter: new Date(receivedAt.getTime() + firstFetchDelayMs),
      now: receivedAt,
    });
  }
  return callIds;
}

/** Marks the connection as heard from, at most once a minute: `lastEventAt` is for people. */
export async function touchWhenStale(
  db: Db,
  connectionId: string,
  last: Date | null,
  at: Date,
): Promise<boolean> {
  if (last && at.getTime() - last.getTime() <= touchEveryMs) return false;
  await touchConnection(db, connectionId, at);
  return true;
}

/** Where a connection's connector delivers: stored before `deliver` resolves. */
export function connectionSink(deps: StoreDeps, connection: TelephonyConnectionRow): ConnectorSink {
  let touchedAt = connection.lastEventAt;
  return {
    async deliver(outcome) {
      const receivedAt = deps.clock.now();
      await storeOutcome(deps, connection, outcome, receivedAt);
      if (await touchWhenStale(deps.db, connection.id, touchedAt, receivedAt)) touchedAt = receivedAt;
    },
  };
}
