/**
 * What became of a missed call: whether the caller was called back or got through, how fast, and
 * whether it is still worth calling. Pure: the calls that followed and "now" are passed in.
 */
import type { MissedState } from '@calltrail/protocol';

/**
 * How long after a missed call a callback still counts. A day is what call centres measure
 * ("called back within 24 hours"); after it, a caller who was not reached is counted lost even if
 * somebody gets through later, because by then the caller has usually gone elsewhere.
 */
export const callbackWindowHours = 24;
const windowMs = callbackWindowHours * 3_600_000;

export interface MissedCallFacts {
  startedAt: Date;
  /** null when the caller withheld their number: nobody can call them back. */
  caller: string | null;
}

/** A later call between the workspace and the caller: outbound to them, or inbound from them. */
export interface FollowUp {
  id: string;
  startedAt: Date;
  direction: 'inbound' | 'outbound';
  answered: boolean;
}

export interface Callback {
  callId: string;
  startedAt: Date;
  afterSeconds: number;
  answered: boolean;
  direction: 'inbound' | 'outbound';
}

export interface MissedOutcome {
  state: MissedState;
  /** The call that settled it (or, with attempts only, the first attempt); null when there is none. */
  callback: Callback | null;
  /** Outbound calls to the caller within the window. */
  attempts: number;
}

function asCallback(missed: MissedCallFacts, call: FollowUp): Callback {
  return {
    callId: call.id,
    startedAt: call.startedAt,
    afterSeconds: Math.round((call.startedAt.getTime() - missed.startedAt.getTime()) / 1000),
    answered: call.answered,
    direction: call.direction,
  };
}

/**
 * Within the window: an answered outbound call → called_back; else an answered inbound call from
 * the caller → caller_reached; else outbound attempts → attempted, or nothing → pending, while the
 * window is open, and lost once it has closed.
 */
export function missedOutcome(
  missed: MissedCallFacts,
  followUps: readonly FollowUp[],
  now: Date,
): MissedOutcome {
  const start = missed.startedAt.getTime();
  const inWindow = [...followUps]
    .filter((f) => f.startedAt.getTime() > start && f.startedAt.getTime() < start + windowMs)
    .sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime() || (a.id < b.id ? -1 : 1));
  const outbound = missed.caller === null ? [] : inWindow.filter((f) => f.direction === 'outbound');
  const calledBack = outbound.find((f) => f.answered);
  if (calledBack)
    return { state: 'called_back', callback: asCallback(missed, calledBack), attempts: outbound.length };
  const reached =
    missed.caller === null ? undefined : inWindow.find((f) => f.direction === 'inbound' && f.answered);
  if (reached)
    return { state: 'caller_reached', callback: asCallback(missed, reached), attempts: outbound.length };
  const open = now.getTime() < start + windowMs;
  const [firstAttempt] = outbound;
  if (firstAttempt) {
    return {
      state: open ? 'attempted' : 'lost',
      callback: asCallback(missed, firstAttempt),
      attempts: outbound.length,
    };
  }
  return { state: open ? 'pending' : 'lost', callback: null, attempts: 0 };
}

/** The median of a list of numbers; null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
