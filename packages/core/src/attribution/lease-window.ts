/** A number's lease windows as attribution sees them, and where a call falls relative to each. */
import { leaseWindowEnd } from '../pool/lease.ts';
import { attributionModel } from './call-likelihood.ts';

/** One session's hold on a pool number, as far as attribution needs it. */
export interface LeaseWindow {
  leaseId: string;
  sessionId: string;
  visitorId: string;
  startedAt: Date;
  lastActivityAt: Date;
  /** How long after the session's last activity a call is still credited to it. */
  holdSeconds: number;
  /** Unconfirmed leases cover only their first 15 s (provisionalLeaseMs). */
  confirmed: boolean;
  /** Ended early by a session switch: the window covers nothing after it. */
  releasedAt: Date | null;
  /** Took its number from another live session: every call it gets is uncertain. */
  reused: boolean;
}

/**
 * Where a call falls for one window:
 * - covering: inside the window;
 * - grace: after a confirmed window's natural end, by at most the grace period;
 * - past: after the grace period, or after an unconfirmed window's 15 s. The session is no longer
 *   named (an unconfirmed one may have been a bot), but it may still be the caller: a visitor who
 *   bounced within seconds can call minutes later.
 * - none: before the window, or after a release (the visitor's next session took over the number
 *   and is the candidate in its place).
 */
export type WindowStanding = 'covering' | 'grace' | 'past' | 'none';

/** When the window stops covering calls, unless renewed. */
function coverEnd(window: LeaseWindow): number {
  const natural = leaseWindowEnd({ ...window, holdMs: window.holdSeconds * 1000 }).getTime();
  return window.releasedAt === null ? natural : Math.min(natural, window.releasedAt.getTime());
}

export function windowStanding(window: LeaseWindow, at: Date): WindowStanding {
  const time = at.getTime();
  if (time < window.startedAt.getTime()) return 'none';
  const end = coverEnd(window);
  if (time <= end) return 'covering';
  if (window.releasedAt !== null && window.releasedAt.getTime() <= time) return 'none';
  if (!window.confirmed) return 'past';
  return time - end <= attributionModel.graceSeconds * 1000 ? 'grace' : 'past';
}

/** True when a call at `at` falls inside the window, both ends included. */
export function leaseCovers(window: LeaseWindow, at: Date): boolean {
  return windowStanding(window, at) === 'covering';
}
