/**
 * `events/summary`: Mango's final account of a call, sent once when it is over. It overrides what
 * the leg notifications suggested, which may have arrived late, twice or not at all.
 */
import { AppError, type CallEvent, type ProviderCallEvent } from '@calltrail/core';
import { endStatusOf } from './disconnect-reason.ts';
import {
  callEventFrom,
  epochSeconds,
  integer,
  type Notification,
  part,
  requiredInteger,
  requiredText,
  requiredTime,
  text,
} from './notification.ts';

const directions = { 1: 'inbound', 2: 'outbound' } as const;

export function readSummary(summary: Notification, receivedAt: Date): ProviderCallEvent[] {
  const entryId = requiredText(summary, 'entry_id');
  const callDirection = requiredInteger(summary, 'call_direction');
  // 0 is a call between two employees: not a call to track.
  if (callDirection === 0) return [];
  if (callDirection !== 1 && callDirection !== 2) {
    throw new AppError('INVALID_EVENT', { field: 'call_direction', value: callDirection });
  }
  const direction = directions[callDirection];
  const startedAt = requiredTime(summary, 'create_time');
  const endedAt = requiredTime(summary, 'end_time');
  // talk_time is when the call was answered, 0 when nobody answered; entry_result 1 says a
  // conversation took place even where a talk_time is missing.
  const answeredAt = epochSeconds(summary, 'talk_time');
  const answered = answeredAt !== null || integer(summary, 'entry_result') === 1;
  const from = part(summary, 'from');
  const to = part(summary, 'to');
  const line = text(summary, 'line_number');
  // Inbound, `to` is who answered (or the first who missed it); outbound, `from` is who called.
  const employee = direction === 'inbound' ? text(to, 'extension') : text(from, 'extension');
  const event: CallEvent = {
    kind: 'summary',
    at: endedAt,
    receivedAt,
    direction,
    from: (direction === 'inbound' ? text(from, 'number') : (employee ?? line)) ?? '',
    to: (direction === 'inbound' ? line : text(to, 'number')) ?? '',
    ...(answered && employee && { agent: employee }),
    summary: {
      startedAt,
      answeredAt,
      endedAt,
      status: answered ? 'completed' : (endStatusOf(integer(summary, 'disconnect_reason')) ?? 'missed'),
    },
  };
  return [callEventFrom(entryId, summary, 'events/summary', event)];
}
