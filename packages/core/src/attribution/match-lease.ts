/**
 * Attributes a call to the website session that most probably made it, from the dialled number's
 * lease windows and the caller's history, with a confidence calibrated by the model in
 * call-likelihood.ts.
 */
import type { Attribution, CallDirection } from '../call/call.ts';
import type { Channel } from '../channel/channel.ts';
import { attributionModel, repeatCallerRate, sessionCallRate, unknownCallerRate } from './call-likelihood.ts';
import { type LeaseWindow, windowStanding } from './lease-window.ts';

export * from './call-likelihood.ts';
export * from './caller-history.ts';
export { type LeaseWindow, leaseCovers, type WindowStanding, windowStanding } from './lease-window.ts';

export type TrackingNumberKind = 'static' | 'pool' | 'fallback' | 'overflow';

export interface AttributeCallInput {
  /** When the call started. */
  at: Date;
  direction: CallDirection;
  /** The dialled tracking number, or null when it is not one of the workspace's numbers. */
  number: { kind: TrackingNumberKind; siteId: string | null; channel: Channel | null } | null;
  /** The dialled number's windows that started by `at` (the most recent ~20 are enough). */
  leases: readonly LeaseWindow[];
  /** Visitors linked to this caller's earlier calls. */
  callerVisitorIds?: readonly string[];
  /**
   * The caller called the workspace before (withheld callers never have): a repeat call is then
   * possible. Defaults to whether callerVisitorIds names anyone.
   */
  callerCalledBefore?: boolean;
  /**
   * The session the caller's latest confidently credited call came from. A repeat call is then a
   * call from that session rather than from "nobody we can name".
   */
  callerPreviousSessionId?: string | null;
}

/** What the windows say about one session. */
interface SessionEvidence {
  sessionId: string;
  /** Its call rate at the call, caller history included: the best of its windows. */
  rate: number;
  /** Some window of it covers the call (else it is named by the grace period only). */
  covering: boolean;
  /** Some window of it that names it took its number from another live session. */
  reused: boolean;
  /** Its visitor is linked to the caller's earlier calls. */
  linked: boolean;
  /** Named by the caller's earlier call rather than by a window of this number. */
  history: boolean;
}

/**
 * Decides which session a call belongs to.
 * - Outbound calls are not the result of a visit; unknown numbers belong to no channel.
 * - A static number is its channel: certain, but of no particular session; without a site it is an
 *   offline number (print, radio). An overflow number, shown when a pool is exhausted, is credited
 *   to its pool's channel the same way.
 * - On a pool number each session that held it competes with the public at large (see
 *   call-likelihood.ts): a session's weight is its call rate at its idleness (flat while it is still
 *   active, then the late-call density), times callerHistoryRatio when its visitor is linked to
 *   the caller's earlier calls. Sessions whose window covers the call or ended within the grace
 *   period are named as candidates; older holders count towards "nobody we can name", together
 *   with the unknown callers and, when the caller called before, repeat calls. A later holder
 *   that took the number over needs no factor of its own: it is a candidate too, with its own
 *   (usually far more recent) activity. Candidates' probabilities and the unnamed remainder sum
 *   to 1, and confidence is the best candidate's.
 * - The call is "attributed" when that confidence reaches attributedThreshold and nothing forbids
 *   certainty: a number reused from a live session, a fallback number (its pool was exhausted) and
 *   a session named by the grace period alone never are. Otherwise it is "uncertain".
 * - The answer does not depend on the order of `leases`.
 */
export function attributeCall(input: AttributeCallInput): Attribution {
  const { direction, number } = input;
  if (direction === 'outbound') return unattributed('outbound_call');
  if (number === null) return unattributed('unknown_number');
  if (number.kind === 'static') {
    return credited(number.siteId === null ? 'offline_number' : 'static_number');
  }
  if (number.kind === 'overflow') {
    return number.channel === null ? unattributed('overflow_number') : credited('overflow_number');
  }

  const { candidates: evidence, unnamedRate } = weighWindows(input);
  const total = evidence.reduce((sum, e) => sum + e.rate, unnamedRate);
  const candidates = evidence
    .map((e) => ({ sessionId: e.sessionId, probability: e.rate / total }))
    // Ties fall to the session id so that the answer does not depend on the order of `leases`.
    .sort((a, b) => b.probability - a.probability || (a.sessionId < b.sessionId ? -1 : 1));
  const best = candidates[0];
  if (best === undefined)
    return unattributed(number.kind === 'fallback' ? 'fallback_number' : 'no_live_lease');

  const bestEvidence = evidence.find((e) => e.sessionId === best.sessionId);
  const runnerUp = candidates[1]?.probability ?? 0;
  const unnamed = unnamedRate / total;
  let reason: Attribution['reason'] | null = null;
  if (evidence.some((e) => e.reused)) reason = 'reused_number';
  else if (number.kind === 'fallback') reason = 'fallback_number';
  else if (bestEvidence?.history && best.probability >= attributionModel.attributedThreshold) {
    return {
      status: 'attributed',
      confidence: best.probability,
      sessionId: best.sessionId,
      candidates,
      reason: 'caller_history',
    };
  } else if (!bestEvidence?.covering) reason = bestEvidence?.history ? 'weak_evidence' : 'grace_window';
  else if (best.probability < attributionModel.attributedThreshold) {
    reason = runnerUp >= unnamed ? 'several_leases' : 'weak_evidence';
  }
  return {
    status: reason === null ? 'attributed' : 'uncertain',
    confidence: best.probability,
    sessionId: best.sessionId,
    candidates,
    reason: reason ?? 'lease_window',
  };
}

/** Each named session's evidence, and the call rate of everyone else. */
function weighWindows(input: AttributeCallInput): { candidates: SessionEvidence[]; unnamedRate: number } {
  const { at } = input;
  const linked = new Set(input.callerVisitorIds ?? []);
  const windows = input.leases
    .filter((w) => w.startedAt.getTime() <= at.getTime())
    .sort((a, b) => (a.leaseId < b.leaseId ? -1 : a.leaseId > b.leaseId ? 1 : 0));
  const named = new Map<string, SessionEvidence>();
  const past = new Map<string, number>();
  for (const window of windows) {
    const standing = windowStanding(window, at);
    if (standing === 'none') continue;
    const idleSeconds = (at.getTime() - window.lastActivityAt.getTime()) / 1000;
    const isLinked = linked.has(window.visitorId);
    const rate = sessionCallRate(idleSeconds) * (isLinked ? attributionModel.callerHistoryRatio : 1);
    if (standing === 'past') {
      past.set(window.sessionId, Math.max(rate, past.get(window.sessionId) ?? 0));
      continue;
    }
    const known = named.get(window.sessionId);
    named.set(window.sessionId, {
      sessionId: window.sessionId,
      rate: Math.max(rate, known?.rate ?? 0),
      covering: standing === 'covering' || (known?.covering ?? false),
      reused: window.reused || (known?.reused ?? false),
      linked: isLinked || (known?.linked ?? false),
      history: false,
    });
  }
  const candidates = [...named.values()].sort((a, b) => (a.sessionId < b.sessionId ? -1 : 1));
  const hold = latest(windows)?.holdSeconds ?? 0;
  let unnamedRate = unknownCallerRate(hold);
  if (input.callerCalledBefore ?? linked.size > 0) {
    const anyLinked = candidates.some((c) => c.linked);
    const repeatRate = repeatCallerRate(hold) * (anyLinked ? 1 : attributionModel.callerHistoryRatio);
    const previous = input.callerPreviousSessionId ?? null;
    // A repeat call comes from the session that made the caller call the first time.
    const credited = previous === null ? undefined : candidates.find((c) => c.sessionId === previous);
    if (credited) credited.rate += repeatRate;
    else if (previous !== null) {
      candidates.push({
        sessionId: previous,
        rate: repeatRate,
        covering: false,
        reused: false,
        linked: true,
        history: true,
      });
      candidates.sort((a, b) => (a.sessionId < b.sessionId ? -1 : 1));
    } else unnamedRate += repeatRate;
  }
  for (const [sessionId, rate] of [...past].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!named.has(sessionId)) unnamedRate += rate;
  }
  return { candidates, unnamedRate };
}

/** The window that started last: its hold is the pool's current one. */
function latest(windows: readonly LeaseWindow[]): LeaseWindow | undefined {
  let found: LeaseWindow | undefined;
  for (const window of windows) {
    if (found === undefined || window.startedAt.getTime() >= found.startedAt.getTime()) found = window;
  }
  return found;
}

/** Credited to the number's channel: certain, but of no session. */
function credited(reason: Attribution['reason']): Attribution {
  return { status: 'attributed', confidence: 1, sessionId: null, candidates: [], reason };
}

function unattributed(reason: Attribution['reason']): Attribution {
  return { status: 'unattributed', confidence: 0, sessionId: null, candidates: [], reason };
}
