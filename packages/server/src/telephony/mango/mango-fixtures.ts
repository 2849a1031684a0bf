/**
 * Mango Office VPBX notifications as the VPBX API document shapes them, signed with the
 * connection's salt, for the provider's tests.
 */
import { createHash } from 'node:crypto';
import type { CallRecord } from '@calltrail/protocol';
import { lifecycle as lifecycleOf } from '../../testing/call-lifecycle.ts';

export const credentials = { apiKey: 'k3y-0f-vpbx', apiSalt: 's4lt' };
/** 2026-10-01T09:00:00Z: Mango's times are Unix seconds. */
export const t0 = 1_790_845_200;
export const iso = (seconds: number) => new Date((t0 + seconds) * 1000).toISOString();

/** The form Mango posts: the notification as a JSON string, signed with the account's key and salt. */
export function signedForm(
  json: string,
  key = credentials.apiKey,
  salt = credentials.apiSalt,
): Record<string, string> {
  const sign = createHash('sha256')
    .update(key + json + salt)
    .digest('hex');
  return { vpbx_api_key: key, sign, json };
}

export const caller = '79161234567';
export const line = '74950000001';

/** One leg notification of an inbound call to the first pool number. */
export function leg(entryId: string, fields: Record<string, unknown>): Record<string, unknown> {
  return {
    entry_id: entryId,
    from: { number: caller },
    to: { line_number: line, number: line },
    ...fields,
  };
}

/** An inbound call: IVR, then employee 101 of group 501 answers after 12 s; the caller hangs up at 54 s. */
export function answeredCall(entryId: string): Record<string, unknown>[] {
  const atEmployee = {
    extension: '101',
    number: 'sip:op101@vpbx.mangosip.ru',
    line_number: line,
    acd_group: '501',
  };
  return [
    leg(entryId, { call_id: 'A', seq: 1, timestamp: t0, call_state: 'Appeared', location: 'ivr' }),
    leg(entryId, {
      call_id: 'A',
      seq: 2,
      timestamp: t0 + 5,
      call_state: 'Disconnected',
      location: 'ivr',
      disconnect_reason: 1100,
    }),
    leg(entryId, {
      call_id: 'B',
      seq: 3,
      timestamp: t0 + 5,
      call_state: 'Appeared',
      location: 'abonent',
      to: atEmployee,
    }),
    leg(entryId, {
      call_id: 'B',
      seq: 4,
      timestamp: t0 + 12,
      call_state: 'Connected',
      location: 'abonent',
      to: atEmployee,
    }),
    leg(entryId, {
      call_id: 'B',
      seq: 5,
      timestamp: t0 + 54,
      call_state: 'Disconnected',
      location: 'abonent',
      to: atEmployee,
      disconnect_reason: 1110,
    }),
  ];
}

export function summary(entryId: string, fields: Record<string, unknown>): Record<string, unknown> {
  return {
    entry_id: entryId,
    call_direction: 1,
    from: { number: caller },
    line_number: line,
    create_time: t0,
    forward_time: t0 + 5,
    end_time: t0 + 54,
    ...fields,
  };
}

/** What a Mango call record says about the call itself: the lifecycle, with queue, transfers and the raw caller. */
export const lifecycle = (record: CallRecord) => lifecycleOf(record, ['queue', 'transfers', 'callerRaw']);
