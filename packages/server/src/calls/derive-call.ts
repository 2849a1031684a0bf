/**
 * Turns a call's events into its record: the folded lifecycle, the attribution from the dialled
 * number's lease history and the caller's earlier calls, and the repeat-caller flags.
 */
import {
  type AttributeCallInput,
  attributeCall,
  type CallEvent,
  type Channel,
  callerHistory,
  foldCallEvents,
  type LeaseWindow,
  normalizePhone,
} from '@calltrail/core';
import type { Db } from '../db/database.ts';
import { type CallDerived, earlierCallsOf, poolWithFallbackNumber } from '../stores/sql/calls.ts';
import { type LeaseRow, leasesOfNumberBefore, siteOfLeasedNumber } from '../stores/sql/leases.ts';
import { getSession } from '../stores/sql/sessions.ts';
import { findTrackingNumber } from '../stores/sql/sites.ts';
import { defaultRepeatWindowDays, getWorkspace } from '../stores/sql/workspaces.ts';

export function leaseWindowOf(row: LeaseRow): LeaseWindow {
  return {
    leaseId: row.id,
    sessionId: row.sessionId,
    visitorId: row.visitorId,
    startedAt: row.startedAt,
    lastActivityAt: row.lastActivityAt,
    holdSeconds: row.holdSeconds,
    confirmed: row.confirmed,
    releasedAt: row.releasedAt,
    reused: row.reusedFromSessionId !== null,
  };
}

type DialledNumber = NonNullable<AttributeCallInput['number']> & { number: string; source: string | null };

/**
 * The workspace's number that was dialled: a tracking number, a pool's fallback number, or a number
 * removed from its pool whose lease history still names its holders.
 */
async function dialledNumber(
  db: Db,
  workspaceId: string,
  number: string | null,
): Promise<DialledNumber | null> {
  if (number === null) return null;
  const row = await findTrackingNumber(db, workspaceId, number);
  if (row) {
    return {
      number,
      kind: row.kind as DialledNumber['kind'],
      siteId: row.siteId,
      channel: row.channel as Channel | null,
      source: row.source,
    };
  }
  const pool = await poolWithFallbackNumber(db, workspaceId, number);
  if (pool) return { number, kind: 'fallback', siteId: pool.siteId, channel: null, source: null };
  const leasedOn = await siteOfLeasedNumber(db, workspaceId, number);
  return leasedOn === null ? null : { number, kind: 'pool', siteId: leasedOn, channel: null, source: null };
}

export async function deriveCall(db: Db, workspaceId: string, events: CallEvent[]): Promise<CallDerived> {
  const state = foldCallEvents(events);
  const caller = normalizePhone(state.callerRaw);
  const trackingNumber = normalizePhone(state.trackingNumberRaw);
  const number = await dialledNumber(db, workspaceId, trackingNumber);

  // Withheld callers and outbound calls have no history: they never match anyone's.
  const earlier =
    state.direction === 'inbound' && caller !== null
      ? await earlierCallsOf(db, workspaceId, caller, state.startedAt)
      : [];
  const workspace = await getWorkspace(db, workspaceId);
  const history = callerHistory(
    earlier,
    state.startedAt,
    workspace?.repeatWindowDays ?? defaultRepeatWindowDays,
  );

  let leases: LeaseWindow[] = [];
  // Only pool numbers are leased: a fallback number is shown when no lease could be had.
  if (number?.kind === 'pool') {
    const rows = await leasesOfNumberBefore(db, workspaceId, number.number, state.startedAt);
    leases = rows.map(leaseWindowOf);
  }
  const attribution = attributeCall({
    at: state.startedAt,
    direction: state.direction,
    number: number && { kind: number.kind, siteId: number.siteId, channel: number.channel },
    leases,
    callerVisitorIds: history.visitorIds,
    callerCalledBefore: !history.firstTime,
    callerPreviousSessionId: history.previousSessionId,
  });

  const session = attribution.sessionId ? await getSession(db, workspaceId, attribution.sessionId) : null;
  let channel: Channel | null = null;
  let source: string | null = null;
  if (session) {
    channel = session.channel as Channel;
    source = session.source;
  } else if (attribution.status === 'attributed' && number) {
    channel = number.channel;
    source = number.source;
  }
  // Only a confident match links the caller to a visitor: an uncertain one could make a wrong
  // guess self-reinforcing through callerVisitorIds.
  const visitorId =
    attribution.status === 'attributed' && session ? session.visitorId : history.previousVisitorId;
  return {
    state,
    caller,
    trackingNumber,
    channel,
    source,
    sessionId: attribution.sessionId,
    attribution,
    visitorId,
    firstTime: history.firstTime,
    repeat: history.repeat,
    previousCallId: history.previousCallId,
  };
}
