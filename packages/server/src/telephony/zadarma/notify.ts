/**
 * Zadarma's PBX notifications, read into call events and recordings. Every notification about a
 * call carries `call_start`, the time the call began in the PBX's own time zone, and no time of its
 * own: ringing is stamped with it, the rest with the time we received them.
 */
import {
  AppError,
  type CallEvent,
  type CallSummary,
  type EndStatus,
  type ProviderCallEvent,
  type ProviderOutcome,
  type RecordingReference,
  wallClockToUtc,
} from '@calltrail/core';
import { sha256 } from '../../ids.ts';
import { canonicalJson } from '../generic/index.ts';
import type { ZadarmaEvent } from './signature.ts';

type Fields = Readonly<Record<string, string>>;

export interface ReadContext {
  receivedAt: Date;
  timeZone: string;
}

function required(fields: Fields, name: string): string {
  const value = fields[name]?.trim();
  if (!value) throw new AppError('INVALID_EVENT', { field: name }, `${name} is missing`);
  return value;
}

function callStart(fields: Fields, timeZone: string): Date {
  const text = required(fields, 'call_start');
  const at = wallClockToUtc(text, timeZone);
  if (!at)
    throw new AppError('INVALID_EVENT', { field: 'call_start', value: text }, 'call_start is not a time');
  return at;
}

/** `disposition` of NOTIFY_END and NOTIFY_OUT_END; everything but these is a failure (no money, limits…). */
function endStatusOf(disposition: string): EndStatus {
  if (disposition === 'answered') return 'completed';
  if (disposition === 'busy') return 'busy';
  if (disposition === 'no answer' || disposition === 'cancel') return 'missed';
  return 'failed';
}

function seconds(fields: Fields, name: string): number {
  const text = fields[name]?.trim() || '0';
  if (!/^\d+$/.test(text))
    throw new AppError('INVALID_EVENT', { field: name, value: text }, `${name} is not seconds`);
  return Number(text);
}

/**
 * NOTIFY_END and NOTIFY_OUT_END are read as the PBX's summary of the call rather than as its end:
 * they come once, when the call is over, with its outcome and its `duration`, read here as seconds
 * of conversation (the documentation says only "length in seconds"). Zadarma stamps no end, so the
 * call ended when the notification came and was answered `duration` seconds before. The summary
 * thereby gives the talk time Zadarma counts, an outbound call (which has no NOTIFY_ANSWER) its
 * answer and its employee, and a call whose NOTIFY_ANSWER came late or not at all the same record.
 */
function summaryOf(fields: Fields, startedAt: Date, receivedAt: Date): CallSummary {
  const status = endStatusOf(required(fields, 'disposition'));
  const endedAt = new Date(Math.max(receivedAt.getTime(), startedAt.getTime()));
  const talk = seconds(fields, 'duration');
  const answeredAt =
    status === 'completed' && talk > 0
      ? new Date(Math.max(startedAt.getTime(), endedAt.getTime() - talk * 1000))
      : null;
  return { startedAt, answeredAt, endedAt, status };
}

/** NOTIFY_END and NOTIFY_OUT_END name the recording of a recorded call as well as NOTIFY_RECORD. */
function recordingOf(fields: Fields, callId: string): RecordingReference[] {
  const recordingId = fields.call_id_with_rec?.trim();
  if (fields.is_recorded !== '1' || !recordingId) return [];
  return [{ providerCallId: callId, providerRecordingId: recordingId }];
}

type CallNotification = Exclude<ZadarmaEvent, 'NOTIFY_RECORD'>;

function callEventOf(
  event: CallNotification,
  fields: Fields,
  callId: string,
  context: ReadContext,
): CallEvent | null {
  const startedAt = callStart(fields, context.timeZone);
  const outbound = event === 'NOTIFY_OUT_START' || event === 'NOTIFY_OUT_END';
  const internal = fields.internal?.trim() || undefined;
  const ringing: CallEvent = {
    kind: 'ringing',
    at: startedAt,
    receivedAt: context.receivedAt,
    direction: outbound ? 'outbound' : 'inbound',
    // Outbound, the caller is our extension and the number dialled the customer's.
    from: (outbound ? fields.internal : fields.caller_id) ?? '',
    to: (outbound || event === 'NOTIFY_ANSWER' ? fields.destination : fields.called_did) ?? '',
  };
  switch (event) {
    case 'NOTIFY_START':
    case 'NOTIFY_INTERNAL':
    case 'NOTIFY_OUT_START':
      return ringing;
    case 'NOTIFY_IVR':
      // Sent after IVR prompts, to be steered: it adds nothing to the call's course.
      return null;
    case 'NOTIFY_ANSWER':
      return {
        ...ringing,
        kind: 'answered',
        at: null,
        // Zadarma names its outbound calls "out_…": an answer to one keeps the call's direction.
        direction: callId.startsWith('out_') ? 'outbound' : 'inbound',
        ...(internal && { agent: internal }),
      };
    case 'NOTIFY_END':
    case 'NOTIFY_OUT_END': {
      const summary = summaryOf(fields, startedAt, context.receivedAt);
      return {
        ...ringing,
        kind: 'summary',
        at: null,
        ...(summary.status === 'completed' && internal && { agent: internal }),
        summary,
      };
    }
  }
}

export function readNotification(event: ZadarmaEvent, fields: Fields, context: ReadContext): ProviderOutcome {
  const callId = required(fields, 'pbx_call_id');
  if (event === 'NOTIFY_RECORD') {
    const recordingId = required(fields, 'call_id_with_rec');
    return { calls: [], recordings: [{ providerCallId: callId, providerRecordingId: recordingId }] };
  }
  const callEvent = callEventOf(event, fields, callId, context);
  const calls: ProviderCallEvent[] = callEvent
    ? [
        {
          providerCallId: callId,
          dedupeKey: sha256(canonicalJson({ event, fields })),
          event: callEvent,
          raw: fields,
        },
      ]
    : [];
  return { calls, recordings: recordingOf(fields, callId) };
}
