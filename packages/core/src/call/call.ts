/** The call record's vocabulary: statuses, directions, the attribution object and call events. */

export type CallStatus = 'ringing' | 'answered' | 'completed' | 'missed' | 'busy' | 'failed';
export type CallDirection = 'inbound' | 'outbound';
export type EndStatus = 'completed' | 'missed' | 'busy' | 'failed';

export type AttributionStatus = 'attributed' | 'uncertain' | 'unattributed';
/**
 * Why a call got its attribution. Attributed: lease_window (a session), static_number,
 * offline_number, overflow_number (a channel). Uncertain: several_leases (sessions compete),
 * weak_evidence (the session's activity is too old to be sure), grace_window (named only because its
 * window ended shortly before), reused_number (the number was taken from a live session),
 * fallback_number (the pool was exhausted). Unattributed: no_live_lease, unknown_number,
 * outbound_call, fallback_number, overflow_number (no channel set).
 */
export type AttributionReason =
  | 'lease_window'
  | 'static_number'
  | 'offline_number'
  | 'overflow_number'
  | 'no_live_lease'
  | 'unknown_number'
  | 'several_leases'
  | 'weak_evidence'
  | 'grace_window'
  | 'reused_number'
  | 'fallback_number'
  | 'caller_history'
  | 'outbound_call';

export const attributionReasons: readonly AttributionReason[] = [
  'lease_window',
  'static_number',
  'offline_number',
  'overflow_number',
  'no_live_lease',
  'unknown_number',
  'several_leases',
  'weak_evidence',
  'grace_window',
  'reused_number',
  'fallback_number',
  'caller_history',
  'outbound_call',
];

export interface Attribution {
  status: AttributionStatus;
  /** Probability that sessionId is the session that made the call (1 for a number's channel). */
  confidence: number;
  sessionId: string | null;
  /**
   * Sessions that may have made the call, likeliest first. Their probabilities sum to at most 1;
   * the rest is the chance that the caller is none of them.
   */
  candidates: { sessionId: string; probability: number }[];
  reason: AttributionReason;
}

/**
 * A provider's final account of a call (Mango's summary, Asterisk's CDR, Twilio's completed status):
 * it overrides what the individual events suggested, because it is what the PBX billed.
 */
export interface CallSummary {
  startedAt: Date;
  answeredAt: Date | null;
  endedAt: Date;
  status: EndStatus;
}

/**
 * One provider event, normalised. Providers send these in any order and any number of times; the
 * call record is always recomputed from all of them (see fold-call-events.ts).
 * - ringing, answered, ended: the lifecycle as it happens.
 * - transferred: the call moved to another agent (`agent`).
 * - summary: the provider's final account (`summary`), which corrects the rest.
 */
export interface CallEvent {
  kind: 'ringing' | 'answered' | 'transferred' | 'ended' | 'summary';
  /** The provider's time of the event, if it sent one. */
  at: Date | null;
  /** When we received it; stands in for `at` when the provider sends no time. */
  receivedAt: Date;
  direction: CallDirection;
  /** Caller as received, untouched (may be empty, "anonymous", or garbage). */
  from: string;
  /** Dialled number as received. */
  to: string;
  /** With kind "ended": how it ended, when the provider says. */
  endStatus?: EndStatus;
  /** The provider's own order of a call's events (Mango's seq, Twilio's SequenceNumber). */
  seq?: number;
  /** The extension or manager who answered or took the transfer. */
  agent?: string;
  /** The department, queue or group the call went through. */
  queue?: string;
  /** With kind "summary". */
  summary?: CallSummary;
}

/** The call record's lifecycle fields, derived from the events alone. */
export interface CallState {
  direction: CallDirection;
  status: CallStatus;
  callerRaw: string | null;
  trackingNumberRaw: string;
  startedAt: Date;
  answeredAt: Date | null;
  endedAt: Date | null;
  waitSeconds: number | null;
  talkSeconds: number | null;
  /** Who answered first. */
  agent: string | null;
  queue: string | null;
  /** The agents the call was transferred to after the first, in order. */
  transfers: string[];
}
