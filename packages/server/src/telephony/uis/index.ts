/**
 * UIS and CoMagic "event notifications". The customer writes each notification's body template
 * in the UIS account from placeholders; UIS signs nothing, so the secret is the connection's token
 * in the URL. One URL per event type tells the events apart whatever the template holds, and the
 * templates we publish (see README, "Connect UIS / CoMagic") name the placeholders we read.
 */
import {
  AppError,
  type CallEvent,
  type ProviderOutcome,
  type WebhookRequest,
  wallClockToUtc,
} from '@calltrail/core';
import { Type } from 'typebox';
import { sha256 } from '../../ids.ts';
import { defineProvider } from '../define-provider.ts';
import { canonicalJson } from '../generic/index.ts';

/** Our subpath per UIS event type, and what it means for the call. */
const events = {
  'call-incoming': 'ringing',
  'call-answered': 'answered',
  'call-ended': 'ended',
  'call-lost': 'lost',
  'call-outgoing': 'outgoing',
  recording: 'recording',
} as const;
type UisEvent = keyof typeof events;

const Settings = Type.Object(
  {
    timeZone: Type.Optional(
      Type.String({
        title: 'Time zone of the account',
        description: 'The account’s time zone, for times without an offset (default Europe/Moscow)',
      }),
    ),
  },
  { additionalProperties: false },
);

/** The body as UIS sends it: JSON from the templates we publish, or a form. */
function fieldsOf(request: WebhookRequest): Record<string, string> {
  const type = request.headers['content-type'] ?? '';
  if (request.method === 'GET') return { ...request.query };
  if (/^application\/x-www-form-urlencoded/i.test(type)) return { ...request.form };
  if (!/^application\/json/i.test(type)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', { contentType: type });
  let parsed: unknown;
  try {
    parsed = JSON.parse(request.rawBody);
  } catch {
    throw new AppError('MALFORMED_BODY');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new AppError('MALFORMED_BODY');
  // Placeholders UIS leaves empty arrive as null; numbers arrive as numbers.
  return Object.fromEntries(
    Object.entries(parsed).flatMap(([key, value]) =>
      value === null || value === undefined || typeof value === 'object' ? [] : [[key, String(value)]],
    ),
  );
}

/** UIS times: "2026-10-01 12:00:00" in the account's zone, ISO with an offset, or Unix seconds. */
function timeOf(text: string | undefined, timeZone: string): Date | null {
  if (!text) return null;
  if (/^\d{9,10}$/.test(text)) return new Date(Number(text) * 1000);
  if (/[zZ]|[+-]\d{2}:?\d{2}$/.test(text)) {
    const date = new Date(text);
    return Number.isNaN(date.getTime()) ? null : date;
  }
  const local = wallClockToUtc(text, timeZone);
  if (!local) throw new AppError('INVALID_EVENT', { field: 'notification_time', value: text });
  return local;
}

function required(fields: Record<string, string>, name: string): string {
  const value = fields[name]?.trim();
  if (!value) throw new AppError('INVALID_EVENT', { field: name }, `${name} is missing`);
  return value;
}

function read(event: UisEvent, fields: Record<string, string>, request: WebhookRequest, timeZone: string) {
  const callId = required(fields, 'call_session_id');
  const outbound = event === 'call-outgoing' || fields.direction === 'out';
  const at = timeOf(fields.notification_time ?? fields.start_time, timeZone);
  const agent = fields.employee_full_name || fields.employee_id || undefined;
  const meaning = events[event];
  if (meaning === 'recording') {
    const url = required(fields, 'file_link');
    return {
      calls: [],
      recordings: [
        { providerCallId: callId, providerRecordingId: fields.communication_id || sha256(url), url },
      ],
    };
  }
  const base: CallEvent = {
    kind: 'ringing',
    at,
    receivedAt: request.receivedAt,
    direction: outbound ? 'outbound' : 'inbound',
    from: outbound ? (agent ?? fields.virtual_phone_number ?? '') : (fields.calling_phone_number ?? ''),
    to: outbound
      ? (fields.contact_phone_number ?? fields.called_phone_number ?? '')
      : (fields.virtual_phone_number ?? fields.called_phone_number ?? ''),
    ...(fields.scenario_name ? { queue: fields.scenario_name } : {}),
  };
  const lifecycle: Record<Exclude<typeof meaning, 'recording'>, Partial<CallEvent>> = {
    ringing: { kind: 'ringing' },
    outgoing: { kind: 'ringing' },
    answered: { kind: 'answered', ...(agent && { agent }) },
    ended: { kind: 'ended' },
    lost: { kind: 'ended', endStatus: 'missed' },
  };
  const call: CallEvent = { ...base, ...lifecycle[meaning] };
  return {
    calls: [
      {
        providerCallId: callId,
        dedupeKey: sha256(canonicalJson({ event, fields })),
        event: call,
        raw: fields,
      },
    ],
    recordings: [],
  };
}

export const uis = defineProvider({
  id: 'uis',
  title: 'UIS / CoMagic',
  credentials: Type.Object({}, { additionalProperties: false }),
  settings: Settings,
  webhooks: [
    { purpose: 'Notification "Входящий звонок на виртуальный номер"', subpath: 'call-incoming' },
    { purpose: 'Notification "Начало разговора"', subpath: 'call-answered' },
    { purpose: 'Notification "Завершение звонка"', subpath: 'call-ended' },
    { purpose: 'Notification "Потерянный звонок"', subpath: 'call-lost' },
    { purpose: 'Notification "Исходящий звонок"', subpath: 'call-outgoing' },
    { purpose: 'Notification "Запись разговора"', subpath: 'recording' },
  ],
  provider: {
    kind: 'webhook',
    // The token in the URL is the secret: UIS signs nothing.
    verify() {},
    async handle(request, context): Promise<ProviderOutcome> {
      if (!(request.subpath in events)) {
        throw new AppError('UNKNOWN_EVENT', { event: request.subpath, known: Object.keys(events) });
      }
      return read(
        request.subpath as UisEvent,
        fieldsOf(request),
        request,
        context.settings.timeZone ?? 'Europe/Moscow',
      );
    },
  },
});
