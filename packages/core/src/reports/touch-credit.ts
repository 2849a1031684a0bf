/**
 * Which session a call, and the revenue its deal brings, is credited to.
 *
 * - **Last touch**: the session attribution matched the call to (`call.sessionId`). A call matched to
 *   no session is credited to no touch.
 * - **First touch**: the call's visitor's first session ever, the earliest by start time (ties broken by
 *   the smaller session id), even when it started before the report's period; that is the touch that
 *   first brought the customer. A call whose visitor is unknown falls back to its last touch.
 *
 * The server's report query does the same in SQL; its tests hold the two to the same answers.
 */

export type TouchModel = 'last' | 'first';

export interface CreditedCall {
  sessionId: string | null;
  visitorId: string | null;
}

export interface VisitorSession {
  id: string;
  startedAt: Date;
}

/** The visitor's first session: earliest start, then smallest id. */
export function firstSession(sessions: readonly VisitorSession[]): VisitorSession | null {
  let first: VisitorSession | null = null;
  for (const s of sessions) {
    if (
      first === null ||
      s.startedAt.getTime() < first.startedAt.getTime() ||
      (s.startedAt.getTime() === first.startedAt.getTime() && s.id < first.id)
    ) {
      first = s;
    }
  }
  return first;
}

/** The id of the session credited with the call under `model`, or null when none is. */
export function creditedSessionId(
  call: CreditedCall,
  model: TouchModel,
  visitorSessions: (visitorId: string) => readonly VisitorSession[],
): string | null {
  if (model === 'first' && call.visitorId !== null) {
    const first = firstSession(visitorSessions(call.visitorId));
    if (first) return first.id;
  }
  return call.sessionId;
}
