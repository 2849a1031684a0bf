/**
 * Takes one normalised provider event into the call record: stores it (deduplicated), folds all of
 * the call's events, and attributes the call to the session that held the number when it started.
 */
import {
  attributeCall,
  type CallEvent,
  type Channel,
  type Clock,
  foldCallEvents,
  type LeaseWindow,
  normalizePhone,
} from '@calltrail/core';
import type { Db } from '../db/database.ts';
import { type CallDerived, recordCallEvent, storedEvent } from '../stores/sql/calls.ts';
import { leasesOfNumberBefore } from '../stores/sql/leases.ts';
import { getSession } from '../stores/sql/sessions.ts';
import { findTrackingNumber } from '../stores/sql/sites.ts';

export interface IngestDeps {
  db: Db;
  clock: Clock;
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
    async (events, tx): Promise<CallDerived> => {
      const state = foldCallEvents(events);
      const trackingNumber = normalizePhone(state.trackingNumberRaw);
      const number = trackingNumber ? await findTrackingNumber(tx, workspaceId, trackingNumber) : null;
      let leases: LeaseWindow[] = [];
      if (number && number.kind !== 'static') {
        const rows = await leasesOfNumberBefore(tx, workspaceId, number.number, state.startedAt);
        leases = rows.map((r) => ({
          sessionId: r.sessionId,
          startedAt: r.startedAt,
          lastActivityAt: r.lastActivityAt,
          holdSeconds: r.holdSeconds,
        }));
      }
      const attribution = attributeCall({
        at: state.startedAt,
        direction: state.direction,
        number: number
          ? { kind: number.kind as 'static' | 'pool' | 'fallback', siteId: number.siteId }
          : null,
        leases,
      });
      let channel: Channel | null = null;
      let source: string | null = null;
      if (attribution.sessionId) {
        const session = await getSession(tx, workspaceId, attribution.sessionId);
        channel = (session?.channel as Channel | undefined) ?? null;
        source = session?.source ?? null;
      } else if (number?.kind === 'static' && attribution.status === 'attributed') {
        channel = number.channel as Channel | null;
        source = number.source;
      }
      return {
        state,
        caller: normalizePhone(state.callerRaw),
        trackingNumber,
        channel,
        source,
        sessionId: attribution.sessionId,
        attribution,
      };
    },
  );
}
