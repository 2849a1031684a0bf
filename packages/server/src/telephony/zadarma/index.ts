/**
 * Zadarma's PBX notifications ("Уведомления о звонках в АТС"): one URL, a signed form per event
 * (`event=NOTIFY_…`). Zadarma first checks the URL with `GET ?zd_echo=<value>`, which must be
 * answered with the value itself.
 */
import { AppError, type WebhookRequest } from '@calltrail/core';
import { Type } from 'typebox';
import { defineProvider } from '../define-provider.ts';
import { readNotification } from './notify.ts';
import { fetchZadarmaRecording } from './recording.ts';
import {
  isZadarmaEvent,
  verifyNotification,
  type ZadarmaCredentials,
  type ZadarmaEvent,
} from './signature.ts';

/**
 * The zone `call_start` is read in when the connection names none. Zadarma writes it in the
 * account's own zone (what its API's `info/timezone` answers); Moscow is the usual one here.
 */
const defaultTimeZone = 'Europe/Moscow';

function echoOf(request: WebhookRequest): string | undefined {
  const echo: unknown = request.method === 'GET' ? request.query.zd_echo : undefined;
  // A repeated parameter arrives as a list: Zadarma sends one value, so anything else is not its check.
  return typeof echo === 'string' ? echo : undefined;
}

function eventOf(request: WebhookRequest): ZadarmaEvent {
  const contentType = request.headers['content-type'] ?? '';
  if (request.method !== 'POST' || !/^application\/x-www-form-urlencoded/i.test(contentType)) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', {
      contentType,
      expected: 'application/x-www-form-urlencoded',
    });
  }
  const event = request.form.event?.trim();
  if (!event) throw new AppError('INVALID_EVENT', { field: 'event' }, 'event is missing');
  if (!isZadarmaEvent(event)) throw new AppError('UNKNOWN_EVENT', { event });
  return event;
}

function verify(request: WebhookRequest, credentials: ZadarmaCredentials): void {
  // The URL check proves nothing and stores nothing: Zadarma sends it unsigned.
  if (echoOf(request) !== undefined) return;
  verifyNotification(request, eventOf(request), credentials);
}

function checkedTimeZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return timeZone;
  } catch {
    throw new AppError(
      'VALIDATION_FAILED',
      { field: 'settings.timeZone', value: timeZone },
      'Unknown time zone',
    );
  }
}

export const zadarma = defineProvider({
  id: 'zadarma',
  title: 'Zadarma',
  credentials: Type.Object(
    {
      key: Type.String({
        minLength: 1,
        title: 'API key (Settings → API)',
        description: 'Identifies the account to Zadarma’s API, which recordings are fetched from',
      }),
      secret: Type.String({
        minLength: 1,
        title: 'API secret',
        writeOnly: true,
        description: 'API secret, which also signs the notifications',
      }),
    },
    { additionalProperties: false },
  ),
  settings: Type.Object(
    {
      timeZone: Type.Optional(
        Type.String({
          minLength: 1,
          title: 'Time zone of the account',
          description: `The account's time zone (IANA), which call_start is written in; default ${defaultTimeZone}`,
        }),
      ),
    },
    { additionalProperties: false },
  ),
  webhooks: [
    {
      purpose:
        'Settings → Integrations and API → "Notifications of calls to the PBX": the URL for notifications',
      subpath: '',
    },
  ],
  provider: {
    kind: 'webhook',
    fetchRecording: fetchZadarmaRecording,
    verify,
    async handle(request, context) {
      const echo = echoOf(request);
      if (echo !== undefined)
        return { calls: [], recordings: [], reply: { contentType: 'text/plain', body: echo } };
      return readNotification(eventOf(request), request.form, {
        receivedAt: request.receivedAt,
        timeZone: checkedTimeZone(context.settings.timeZone ?? defaultTimeZone),
      });
    },
  },
});
