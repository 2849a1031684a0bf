/** Derives a call's lifecycle from every provider event received for it, whatever their order. */
import type { CallEvent, CallState, CallStatus } from './call.ts';

const kindRank: Record<CallEvent['kind'], number> = {
  ringing: 0,
  answered: 1,
  transferred: 2,
  ended: 3,
  summary: 4,
};

/** When the event happened: the provider's clock when it sent one, else ours at receipt. */
export function callEventTime(event: CallEvent): number {
  return (event.at ?? event.receivedAt).getTime();
}

/**
 * A total order on events (time, then lifecycle stage, then every remaining field) so that any
 * choice made by position, such as "the earliest event", is the same for every arrival order,
 * even between duplicates that disagree.
 */
export function compareCallEvents(a: CallEvent, b: CallEvent): number {
  return (
    callEventTime(a) - callEventTime(b) ||
    // Providers stamp whole seconds; their own sequence orders events within one.
    (a.seq ?? -1) - (b.seq ?? -1) ||
    kindRank[a.kind] - kindRank[b.kind] ||
    a.receivedAt.getTime() - b.receivedAt.getTime() ||
    compareText(a.direction, b.direction) ||
    compareText(a.from, b.from) ||
    compareText(a.to, b.to) ||
    compareText(a.endStatus ?? '', b.endStatus ?? '') ||
    compareText(a.agent ?? '', b.agent ?? '') ||
    compareText(a.queue ?? '', b.queue ?? '') ||
    compareText(summaryText(a), summaryText(b))
  );
}

function summaryText(event: CallEvent): string {
  const s = event.summary;
  return s ? `${s.startedAt.getTime()} ${s.answeredAt?.getTime()} ${s.endedAt.getTime()} ${s.status}` : '';
}

/**
 * Folds all of a call's events into its state. Rules, each independent of arrival order:
 * - startedAt: the earliest event time; answeredAt: the earliest "answered"; endedAt: the latest
 *   "ended" (a late duplicate "ended" moves the end, never a premature one).
 * - status: answered and ended is "completed", even if the provider reports the end as failed,
 *   because a conversation took place; ended unanswered takes the provider's missed/busy/failed
 *   (from the last "ended" that says one) and otherwise "missed", since without an "answered"
 *   event there is no talk to count; answered only is "answered"; anything else "ringing".
 * - waitSeconds: from start to answer (or to end, for an unanswered call); talkSeconds: from
 *   answer to end, 0 for an ended unanswered call. Both are whole seconds, never negative, and
 *   null while unknown. Provider and receipt clocks may disagree, hence the clamping.
 * - direction from the earliest event; callerRaw and trackingNumberRaw from the earliest event
 *   that has them, because some providers only fill them in on later events.
 * - A provider's summary (the last, when several disagree) overrides start, answer, end and status:
 *   it is the PBX's own final account, so a late summary corrects what the events suggested.
 * - agent: the first to answer (or the summary's); transfers: later agents, in order; queue: the
 *   first one named.
 *
 * Throws on an empty list: a call exists only once an event for it has arrived.
 */
export function foldCallEvents(events: CallEvent[]): CallState {
  const ordered = [...events].sort(compareCallEvents);
  const first = ordered[0];
  if (first === undefined) throw new Error('foldCallEvents needs at least one event');

  const answered = ordered.filter((event) => event.kind === 'answered');
  const ended = ordered.filter((event) => event.kind === 'ended');
  const summary = ordered.findLast((event) => event.summary !== undefined);

  let startedAt = callEventTime(first);
  let answeredAt = answered[0] === undefined ? null : callEventTime(answered[0]);
  const lastEnded = ended.at(-1);
  let endedAt = lastEnded === undefined ? null : callEventTime(lastEnded);
  let status = statusOf(answered.length > 0, ended);
  if (summary?.summary) {
    const told = summary.summary;
    startedAt = told.startedAt.getTime();
    answeredAt = told.answeredAt?.getTime() ?? null;
    endedAt = told.endedAt.getTime();
    status = answeredAt !== null ? 'completed' : told.status;
  }

  // A PBX that reports only the end of a completed call tells us it was answered, not when.
  const answerTimeUnknown = status === 'completed' && answeredAt === null;
  const waitEnd = answeredAt ?? endedAt;
  const waitSeconds = waitEnd === null || answerTimeUnknown ? null : wholeSeconds(waitEnd - startedAt);
  let talkSeconds: number | null = null;
  if (endedAt !== null && !answerTimeUnknown)
    talkSeconds = answeredAt === null ? 0 : wholeSeconds(endedAt - answeredAt);

  const caller = ordered.find((event) => event.from.trim() !== '');
  const dialled = ordered.find((event) => event.to.trim() !== '');
  const agent = answered.find((event) => event.agent)?.agent ?? summary?.agent ?? null;
  const transfers: string[] = [];
  for (const event of ordered) {
    if (event.kind !== 'transferred' || !event.agent) continue;
    if (event.agent !== (transfers.at(-1) ?? agent)) transfers.push(event.agent);
  }

  return {
    direction: (summary ?? first).direction,
    status,
    callerRaw: caller?.from ?? null,
    trackingNumberRaw: (dialled ?? first).to,
    startedAt: new Date(startedAt),
    answeredAt: answeredAt === null ? null : new Date(answeredAt),
    endedAt: endedAt === null ? null : new Date(endedAt),
    waitSeconds,
    talkSeconds,
    agent,
    queue: ordered.find((event) => event.queue)?.queue ?? null,
    transfers,
  };
}

function statusOf(wasAnswered: boolean, ended: CallEvent[]): CallStatus {
  if (ended.length === 0) return wasAnswered ? 'answered' : 'ringing';
  if (wasAnswered) return 'completed';
  const stated = ended.findLast(
    (event) => event.endStatus === 'missed' || event.endStatus === 'busy' || event.endStatus === 'failed',
  );
  if (stated?.endStatus) return stated.endStatus;
  return ended.some((event) => event.endStatus === 'completed') ? 'completed' : 'missed';
}

function wholeSeconds(milliseconds: number): number {
  return Math.max(0, Math.round(milliseconds / 1000));
}

function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
