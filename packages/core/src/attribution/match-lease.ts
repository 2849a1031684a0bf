/** Attributes a call to a website session by the number's lease windows: this milestone's attribution. */
import type { Attribution, CallDirection } from '../call/call.ts';

/** One session's hold on a pool number, as far as attribution needs it. */
export interface LeaseWindow {
  sessionId: string;
  startedAt: Date;
  lastActivityAt: Date;
  /** How long after the session's last activity a call is still credited to it. */
  holdSeconds: number;
}

export type TrackingNumberKind = 'static' | 'pool' | 'fallback';

export interface AttributeCallInput {
  /** When the call started. */
  at: Date;
  direction: CallDirection;
  /** The dialled tracking number, or null when it is not one of the workspace's numbers. */
  number: { kind: TrackingNumberKind; siteId: string | null } | null;
  /** The lease windows of the dialled number; windows not covering `at` are ignored. */
  leases: LeaseWindow[];
}

/**
 * Activity age, in seconds, at which a session's weight halves when several leases compete:
 * a session active at the moment of the call weighs 1, one idle for a minute 1/2, two minutes 1/3.
 */
export const recencyScaleSeconds = 60;

/** True when a call at `at` falls in `[startedAt, lastActivityAt + hold]`, both ends included. */
export function leaseCovers(lease: LeaseWindow, at: Date): boolean {
  const time = at.getTime();
  const end = lease.lastActivityAt.getTime() + lease.holdSeconds * 1000;
  return lease.startedAt.getTime() <= time && time <= end;
}

/**
 * Decides which session a call belongs to.
 * - Outbound calls are not the result of a visit; unknown numbers belong to no channel.
 * - A static number is its channel: certain, but of no particular session; without a site it is an
 *   offline number (print, radio).
 * - A pool number credits the session whose window covers the call. Exclusive leasing makes that at
 *   most one session; should several cover it anyway, the result is "uncertain" with candidates
 *   weighted by how recently each was active (see recencyScaleSeconds):
 *     weight = 1 / (1 + max(0, at − lastActivityAt) / 60 s),  probability = weight / Σ weights.
 *   Several windows of the same session count once, by its most recent activity.
 * - A fallback number is shown, without a lease, to visitors an exhausted pool could not serve, so
 *   it normally has no windows and its calls are unattributed; windows passed for it are matched
 *   exactly as a pool number's.
 */
export function attributeCall(input: AttributeCallInput): Attribution {
  const { at, direction, number, leases } = input;
  if (direction === 'outbound') return unattributed('outbound_call');
  if (number === null) return unattributed('unknown_number');
  if (number.kind === 'static') {
    return {
      status: 'attributed',
      confidence: 1,
      sessionId: null,
      candidates: [],
      reason: number.siteId === null ? 'offline_number' : 'static_number',
    };
  }

  const weights = new Map<string, number>();
  for (const lease of leases) {
    if (!leaseCovers(lease, at)) continue;
    const idleSeconds = Math.max(0, at.getTime() - lease.lastActivityAt.getTime()) / 1000;
    const weight = 1 / (1 + idleSeconds / recencyScaleSeconds);
    weights.set(lease.sessionId, Math.max(weight, weights.get(lease.sessionId) ?? 0));
  }

  const total = [...weights.values()].reduce((sum, weight) => sum + weight, 0);
  const candidates = [...weights]
    .map(([sessionId, weight]) => ({ sessionId, probability: weight / total }))
    // Ties fall to the session id so that the answer does not depend on the order of `leases`.
    .sort((a, b) => b.probability - a.probability || (a.sessionId < b.sessionId ? -1 : 1));

  const best = candidates[0];
  if (best === undefined) return unattributed('no_live_lease');
  if (candidates.length === 1) {
    return {
      status: 'attributed',
      confidence: 1,
      sessionId: best.sessionId,
      candidates: [{ sessionId: best.sessionId, probability: 1 }],
      reason: 'lease_window',
    };
  }
  return {
    status: 'uncertain',
    confidence: best.probability,
    sessionId: best.sessionId,
    candidates,
    reason: 'several_leases',
  };
}

function unattributed(reason: Attribution['reason']): Attribution {
  return { status: 'unattributed', confidence: 0, sessionId: null, candidates: [], reason };
}
