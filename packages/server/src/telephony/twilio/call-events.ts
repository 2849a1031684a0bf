/**
 * Twilio's voice requests and callbacks as call events.
 *
 * An incoming call to a tracking number is two legs. The caller's leg (CallSid, Direction=inbound)
 * is the call record: Twilio picks it up itself to run our TwiML, so its own `in-progress` and
 * `completed` say nothing of whether anyone answered. The leg our `<Dial>` opens to the business
 * (Direction=outbound-dial, ParentCallSid = the caller's leg) is the outcome: its callbacks become
 * events of the parent call, its `in-progress` the answer (by the number dialled, the agent).
 * An outbound call placed through the API (outbound-api, no parent) is one leg and is recorded as it
 * goes, with direction outbound.
 *
 * Times are Twilio's `Timestamp`. A leg's `CallDuration`, sent with its `completed` callback,
 * counts from the moment that leg was answered, so `Timestamp − CallDuration` is when it was
 * answered: for the dialled leg or an outbound call that is the answer (which fills in a lost
 * `in-progress` callback), for the caller's leg it is when Twilio picked up, the start of the call.
 *
 * Why no `summary`: a summary overrides the call's start, answer, end and outcome at once, and no
 * Twilio callback knows all four (the caller's leg knows start and end, the dialled leg answer and
 * outcome, an outbound call everything but how long it rang). Those known parts become events on
 * Twilio's clock instead, and the fold's rules (earliest answer, latest end, the stated outcome)
 * put them together into the record a summary would give, without inventing the part it would lack.
 */
import {
  AppError,
  type CallDirection,
  type CallEvent,
  type EndStatus,
  type ProviderCallEvent,
} from '@calltrail/core';
import { sha256 } from '../../ids.ts';
import { canonicalJson } from '../generic/index.ts';
import { optional, rawOf, required, type TwilioParams, timestamp, wholeNumber } from './params.ts';

/** Where a request came in (our subpath), part of what identifies its events. */
type Source = 'voice' | 'status' | 'dial';

const endStatuses = {
  completed: 'completed',
  busy: 'busy',
  'no-answer': 'missed',
  failed: 'failed',
  // The caller hung up (or the API cancelled the call) before anyone answered.
  canceled: 'missed',
} as const satisfies Record<string, EndStatus>;
type TerminalStatus = keyof typeof endStatuses;

const progressStatuses = ['queued', 'initiated', 'ringing', 'in-progress'] as const;
type CallStatus = (typeof progressStatuses)[number] | TerminalStatus;

/** `<Dial>`'s outcome: `answered` is what a dialled conference or queue reports instead of completed. */
const dialEndStatuses = { ...endStatuses, answered: 'completed' } as const satisfies Record<
  string,
  EndStatus
>;

/** The voice request of an incoming call: the call is ringing (the request carries no time). */
export function voiceCallEvents(params: TwilioParams, receivedAt: Date): ProviderCallEvent[] {
  const callSid = required(params, 'CallSid');
  const to = required(params, 'To');
  return [
    callEvent('voice', callSid, params, {
      kind: 'ringing',
      at: null,
      receivedAt,
      direction: directionOf(params),
      from: optional(params, 'From') ?? '',
      to,
    }),
  ];
}

/** A status callback (CallbackSource=call-progress-events) of the caller's leg or the dialled one. */
export function statusCallEvents(params: TwilioParams, receivedAt: Date): ProviderCallEvent[] {
  const source = optional(params, 'CallbackSource');
  if (source !== undefined && source !== 'call-progress-events') {
    throw new AppError('UNKNOWN_EVENT', { CallbackSource: source }, `CallbackSource ${source} is not read`);
  }
  const callSid = required(params, 'CallSid');
  const status = callStatusOf(required(params, 'CallStatus'));
  const leg: Leg = {
    at: timestamp(params, 'Timestamp'),
    seq: wholeNumber(params, 'SequenceNumber'),
    duration: wholeNumber(params, 'CallDuration'),
    receivedAt,
  };
  const parentCallSid = optional(params, 'ParentCallSid')?.trim();
  const events = parentCallSid ? dialledLegEvents(status, leg, params) : ownLegEvents(status, leg, params);
  return events.map((event) => callEvent('status', parentCallSid || callSid, params, event));
}

/** `<Dial action>`: the dial ended, and how. Its request has no time of its own. */
export function dialCallEvents(params: TwilioParams, receivedAt: Date): ProviderCallEvent[] {
  const callSid = required(params, 'CallSid');
  const outcome = required(params, 'DialCallStatus');
  if (!Object.hasOwn(dialEndStatuses, outcome)) {
    throw new AppError('UNKNOWN_EVENT', { DialCallStatus: outcome }, `DialCallStatus ${outcome} is not read`);
  }
  const endStatus = dialEndStatuses[outcome as keyof typeof dialEndStatuses];
  return [
    callEvent('dial', callSid, params, {
      kind: 'ended',
      at: null,
      receivedAt,
      direction: directionOf(params),
      from: optional(params, 'From') ?? '',
      to: optional(params, 'To') ?? '',
      endStatus,
    }),
  ];
}

interface Leg {
  at: Date | null;
  seq: number | undefined;
  duration: number | undefined;
  receivedAt: Date;
}

type EventBase = Omit<CallEvent, 'kind'>;

/** The caller's leg, or an outbound call's only one. */
function ownLegEvents(status: CallStatus, leg: Leg, params: TwilioParams): CallEvent[] {
  const base: EventBase = {
    at: leg.at,
    receivedAt: leg.receivedAt,
    direction: directionOf(params),
    from: optional(params, 'From') ?? '',
    to: optional(params, 'To') ?? '',
    ...(leg.seq !== undefined && { seq: leg.seq }),
  };
  const ringing: CallEvent = { ...base, kind: 'ringing' };
  if (base.direction === 'outbound') return conversationEvents(status, leg, base, [ringing]);
  if (!isTerminal(status)) return [ringing];
  if (status !== 'completed') return [{ ...base, kind: 'ended', endStatus: endStatuses[status] }];
  // Twilio hung up an incoming call it had picked up: whether a person answered is the dialled leg's
  // to tell. When it picked up is when the call began.
  const pickedUpAt = answerOf(status, leg);
  return [...(pickedUpAt ? [{ ...ringing, at: pickedUpAt }] : []), { ...base, kind: 'ended' }];
}

/**
 * The leg our `<Dial>` opened, as events of the call it belongs to: an incoming call (we dial only
 * for those). Its ringing adds nothing to the caller's; its `To` is who answered. Its own From and
 * To are not the call's caller and tracking number, and its SequenceNumber counts another leg's
 * callbacks, so none of them is carried over.
 */
function dialledLegEvents(status: CallStatus, leg: Leg, params: TwilioParams): CallEvent[] {
  const agent = optional(params, 'To')?.trim();
  const base: EventBase = {
    at: leg.at,
    receivedAt: leg.receivedAt,
    direction: 'inbound',
    from: '',
    to: '',
    ...(agent && { agent }),
  };
  return conversationEvents(status, leg, base, []);
}

/** A leg with a person at its end (an outbound call, or the leg we dialled): answered, then ended. */
function conversationEvents(
  status: CallStatus,
  leg: Leg,
  base: EventBase,
  ringing: CallEvent[],
): CallEvent[] {
  if (status === 'in-progress') return [{ ...base, kind: 'answered' }];
  if (!isTerminal(status)) return ringing;
  const answeredAt = answerOf(status, leg);
  return [
    ...(answeredAt ? [{ ...base, kind: 'answered' as const, at: answeredAt }] : []),
    { ...base, kind: 'ended', endStatus: endStatuses[status] },
  ];
}

/** When a completed leg was answered: its end less its CallDuration, when Twilio sent both. */
function answerOf(status: CallStatus, leg: Leg): Date | null {
  if (status !== 'completed' || !leg.at || leg.duration === undefined) return null;
  return new Date(leg.at.getTime() - leg.duration * 1000);
}

function callStatusOf(value: string): CallStatus {
  if ((progressStatuses as readonly string[]).includes(value) || Object.hasOwn(endStatuses, value)) {
    return value as CallStatus;
  }
  throw new AppError('UNKNOWN_EVENT', { CallStatus: value }, `CallStatus ${value} is not read`);
}

function isTerminal(status: CallStatus): status is TerminalStatus {
  return Object.hasOwn(endStatuses, status);
}

function directionOf(params: TwilioParams): CallDirection {
  // outbound-api (placed through the API) and outbound-dial (opened by <Dial>) are both ours calling out.
  return optional(params, 'Direction')?.startsWith('outbound') ? 'outbound' : 'inbound';
}

/**
 * The key covers what makes the event, never the delivery: a retried or replayed request, or two
 * callbacks telling the same fact, give the same key and change nothing.
 */
function callEvent(
  source: Source,
  providerCallId: string,
  params: TwilioParams,
  event: CallEvent,
): ProviderCallEvent {
  const content = {
    source,
    providerCallId,
    kind: event.kind,
    at: event.at?.toISOString() ?? null,
    direction: event.direction,
    from: event.from,
    to: event.to,
    endStatus: event.endStatus ?? null,
    seq: event.seq ?? null,
    agent: event.agent ?? null,
  };
  return { providerCallId, dedupeKey: sha256(canonicalJson(content)), event, raw: rawOf(params) };
}
