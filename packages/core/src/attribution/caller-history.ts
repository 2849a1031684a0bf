/**
 * What a caller's earlier calls say about a new one: whether the caller is new, a repeat caller,
 * and which visitors they have been linked to (evidence for attribution).
 */

/** One of the caller's earlier calls to the workspace. */
export interface EarlierCall {
  id: string;
  startedAt: Date;
  /** The visitor the call was linked to, if any. */
  visitorId: string | null;
  /** The session the call was confidently credited to, if any. */
  creditedSessionId: string | null;
}

export interface CallerHistory {
  /** No earlier call from this caller. */
  firstTime: boolean;
  /** An earlier call started within the repeat window before this one (the edge included). */
  repeat: boolean;
  /** The latest earlier call. */
  previousCallId: string | null;
  /** The previous call's visitor: the new call's visitor when no session is attributed to it. */
  previousVisitorId: string | null;
  /** Every visitor linked to the earlier calls, for attributeCall's callerVisitorIds. */
  visitorIds: string[];
  /** The session the latest earlier call credited with confidence was, for callerPreviousSessionId. */
  previousSessionId: string | null;
}

const dayMs = 86_400_000;

/**
 * Reads the caller's earlier calls (any order; calls at or after `startedAt` are ignored). A
 * withheld caller has no history: pass none, and the call is a first-time, non-repeat call.
 */
export function callerHistory(
  earlier: readonly EarlierCall[],
  startedAt: Date,
  repeatWindowDays: number,
): CallerHistory {
  const before = earlier
    .filter((call) => call.startedAt.getTime() < startedAt.getTime())
    // Newest first; equal times fall to the id so that the answer does not depend on input order.
    .sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime() || (a.id < b.id ? 1 : -1));
  const previous = before[0];
  const windowStart = startedAt.getTime() - repeatWindowDays * dayMs;
  const visitorIds = [
    ...new Set(before.flatMap((call) => (call.visitorId === null ? [] : [call.visitorId]))),
  ];
  return {
    firstTime: previous === undefined,
    repeat: previous !== undefined && previous.startedAt.getTime() >= windowStart,
    previousCallId: previous?.id ?? null,
    previousVisitorId: previous?.visitorId ?? null,
    visitorIds: visitorIds.sort(),
    previousSessionId: before.find((call) => call.creditedSessionId !== null)?.creditedSessionId ?? null,
  };
}
