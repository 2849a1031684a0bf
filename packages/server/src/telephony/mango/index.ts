/**
 * Mango Office VPBX ("API ВАТС"). Mango posts signed forms (`vpbx_api_key`, `sign`, `json`) to
 * paths it appends to the one address given in its API connector: `events/call` per leg state,
 * `events/summary` once a call is over, `events/recording` for recordings, and `ping` when the
 * account owner checks the connection.
 */
import { AppError, type ProviderOutcome, type WebhookRequest } from '@calltrail/core';
import { Type } from 'typebox';
import { defineProvider } from '../define-provider.ts';
import { readCallLeg } from './call-leg.ts';
import { type Notification, parseNotification } from './notification.ts';
import { fetchMangoRecording, readRecording } from './recording.ts';
import { type MangoCredentials, verifyMangoForm } from './signature.ts';
import { readSummary } from './summary.ts';

const nothing: ProviderOutcome = { calls: [], recordings: [] };

type Reader = (notification: Notification, receivedAt: Date) => ProviderOutcome;

const readers = new Map<string, Reader>([
  ['events/call', (leg, receivedAt) => ({ calls: readCallLeg(leg, receivedAt), recordings: [] })],
  ['events/summary', (summary, receivedAt) => ({ calls: readSummary(summary, receivedAt), recordings: [] })],
  ['events/recording', (notification) => ({ calls: [], recordings: readRecording(notification) })],
]);

/**
 * Notifications Mango sends to the same address that say nothing about a call's course (keys
 * pressed, SMS and command results): acknowledged so Mango does not retry them, and not read.
 */
const acknowledged = new Set(['events/dtmf', 'events/sms', 'result/callback', 'result/stat', 'result/sms']);

/** Mango's "check connection" button: it carries nothing to store, so it is answered unsigned. */
const ping = 'ping';

function verify(request: WebhookRequest, credentials: MangoCredentials): void {
  if (request.subpath === ping) return;
  verifyMangoForm(request, credentials);
}

export const mango = defineProvider({
  id: 'mango',
  title: 'Mango Office VPBX',
  credentials: Type.Object(
    {
      apiKey: Type.String({
        minLength: 1,
        title: 'Unique code (vpbx_api_key)',
        description: 'The VPBX unique code (vpbx_api_key)',
      }),
      apiSalt: Type.String({
        minLength: 1,
        title: 'Key for the signature (salt)',
        writeOnly: true,
        description: 'The key used for the signature (salt)',
      }),
    },
    { additionalProperties: false },
  ),
  settings: Type.Object({}, { additionalProperties: false }),
  webhooks: [
    {
      purpose:
        'API connector, "external system address": Mango adds events/call, events/summary and ' +
        'events/recording to it itself',
      subpath: '',
    },
  ],
  provider: {
    kind: 'webhook',
    fetchRecording: fetchMangoRecording,
    verify,
    async handle(request): Promise<ProviderOutcome> {
      const { subpath } = request;
      if (subpath === ping || acknowledged.has(subpath)) return nothing;
      const read = readers.get(subpath);
      if (!read) throw new AppError('UNKNOWN_EVENT', { event: subpath, known: [...readers.keys()] });
      return read(parseNotification(request.form.json), request.receivedAt);
    },
  },
});
