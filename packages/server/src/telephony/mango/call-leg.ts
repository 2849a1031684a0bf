/**
 * `events/call`: one notification per state of one leg (`call_id`) of a call (`entry_id`). An
 * inbound call passes through IVR, queue and employee legs, each appearing and disconnecting on its
 * own; Mango sends them in parallel, so they arrive in any order and `seq` gives theirs.
 */
import { AppError, type CallEvent, type ProviderCallEvent } from '@calltrail/core';
import { endStatusOf, endsWholeCall } from './disconnect-reason.ts';
import {
  callEventFrom,
  integer,
  type Notification,
  part,
  requiredText,
  requiredTime,
  text,
} from './notification.ts';

const states = ['Appeared', 'Connected', 'OnHold', 'Disconnected'] as const;
type CallState = (typeof states)[number];

function stateOf(leg: Notification): CallState {
  const state = requiredText(leg, 'call_state');
  const known = states.find((s) => s === state);
  if (!known) throw new AppError('UNKNOWN_EVENT', { call_state: state, known: states });
  return known;
}

export function readCallLeg(leg: Notification, receivedAt: Date): ProviderCallEvent[] {
  const entryId = requiredText(leg, 'entry_id');
  const state = stateOf(leg);
  const at = requiredTime(leg, 'timestamp');
  const seq = integer(leg, 'seq');
  const from = part(leg, 'from');
  const to = part(leg, 'to');
  const caller = text(from, 'extension');
  const callee = text(to, 'extension');
  // An employee calling an employee is an internal call, or the consultation before a transfer:
  // neither is a call to track, and the caller's own leg tells of the transfer.
  if (caller && callee) return [];
  const outbound = caller !== undefined;
  const agent = outbound ? caller : callee;
  const location = text(leg, 'location');
  const queue = text(to, 'acd_group');
  const base: CallEvent = {
    kind: 'ringing',
    at,
    receivedAt,
    direction: outbound ? 'outbound' : 'inbound',
    // Outbound, the caller is the employee's extension; inbound, the caller's number as received.
    from: caller ?? text(from, 'number') ?? '',
    // Inbound, line_number is the line the caller dialled, which is the tracking number.
    to: (outbound ? text(to, 'number') : text(to, 'line_number')) ?? '',
    ...(seq !== undefined && { seq }),
    ...(queue && { queue }),
  };
  const event = (extra: Partial<CallEvent>) =>
    callEventFrom(entryId, leg, 'events/call', { ...base, ...extra });

  switch (state) {
    case 'Appeared':
      return [event({ kind: 'ringing' })];
    case 'OnHold':
      return [];
    case 'Connected': {
      // The IVR or a queue picking up is not an answer: nobody talks yet.
      if (!agent || (!outbound && location !== 'abonent')) return [event({ kind: 'ringing' })];
      if (outbound) return [event({ kind: 'answered', agent })];
      // Mango marks no leg as the transfer, and legs arrive in any order: every employee who
      // connects is told both as answering and as taking a transfer, and the fold keeps the
      // earliest as the answer and later, different employees as transfers.
      return [event({ kind: 'answered', agent }), event({ kind: 'transferred', agent })];
    }
    case 'Disconnected': {
      const reason = integer(leg, 'disconnect_reason');
      if (!endsWholeCall(reason, location, outbound)) return [];
      const endStatus = endStatusOf(reason);
      return [event({ kind: 'ended', ...(endStatus && { endStatus }) })];
    }
  }
}
