/**
 * Twilio's requests for tests: the parameters its documentation lists for each request, signed as
 * Twilio signs them (with the official `twilio` package, a dev dependency), posted to the real
 * server. Only tests import this module.
 */
import assert from 'node:assert/strict';
import type { TelephonyConnection } from '@calltrail/protocol';
import type { LightMyRequestResponse } from 'fastify';
import twilioSdk from 'twilio';
import type { TelephonyHarness } from '../../testing/telephony-harness.ts';

export const account = { accountSid: `AC${'5e'.repeat(16)}`, authToken: 'f1e2d3c4b5a697887766554433221100' };
export const caller = '+79161234567';
export const trackingNumber = '+74950000001';
/** What the harness's pool numbers ring: the site's business number. */
export const businessNumber = '+74951234567';

/** A Twilio SID: its two-letter prefix and 32 hex digits. */
export function sid(prefix: 'CA' | 'RE', n: number): string {
  return prefix + n.toString(16).padStart(32, '0');
}

/** Twilio's `Timestamp` form of an ISO time: RFC 2822 in UTC. */
export function rfc2822(iso: string): string {
  return new Date(iso).toUTCString().replace('GMT', '+0000');
}

/** The parameters Twilio sends with every voice request about a call. */
function callParams(call: { callSid: string; from: string; to: string; direction: string; status: string }) {
  return {
    AccountSid: account.accountSid,
    ApiVersion: '2010-04-01',
    CallSid: call.callSid,
    CallStatus: call.status,
    Called: call.to,
    Caller: call.from,
    Direction: call.direction,
    From: call.from,
    FromCountry: 'RU',
    To: call.to,
    ToCountry: 'RU',
  };
}

/** "A call comes in": the caller's leg, ringing. */
export function incomingCall(callSid: string, from = caller, to = trackingNumber): Record<string, string> {
  return callParams({ callSid, from, to, direction: 'inbound', status: 'ringing' });
}

export interface StatusCallback {
  callSid: string;
  /** Set for the leg our <Dial> opened. */
  parentCallSid?: string;
  status: string;
  seq: number;
  /** ISO time of the event. */
  at: string;
  /** CallDuration, sent with a leg's final callback. */
  duration?: number;
  from?: string;
  to?: string;
  direction?: string;
}

/** A status callback (CallbackSource=call-progress-events) as Twilio posts it. */
export function statusCallback(event: StatusCallback): Record<string, string> {
  const dialled = event.parentCallSid !== undefined;
  const fields: Record<string, string> = {
    ...callParams({
      callSid: event.callSid,
      from: event.from ?? caller,
      to: event.to ?? (dialled ? businessNumber : trackingNumber),
      direction: event.direction ?? (dialled ? 'outbound-dial' : 'inbound'),
      status: event.status,
    }),
    CallbackSource: 'call-progress-events',
    SequenceNumber: String(event.seq),
    Timestamp: rfc2822(event.at),
  };
  if (event.parentCallSid) fields.ParentCallSid = event.parentCallSid;
  if (event.duration !== undefined) {
    fields.CallDuration = String(event.duration);
    // Billed minutes, rounded up.
    fields.Duration = String(Math.ceil(event.duration / 60));
  }
  return fields;
}

/** The `<Dial action>` request: the caller's leg, with the outcome of the dial. */
export function dialEnded(
  callSid: string,
  dial: { status: string; dialCallSid: string; duration?: number; from?: string },
): Record<string, string> {
  const from = dial.from ?? caller;
  return {
    ...callParams({ callSid, from, to: trackingNumber, direction: 'inbound', status: 'in-progress' }),
    DialCallSid: dial.dialCallSid,
    DialCallStatus: dial.status,
    DialBridged: String(dial.status === 'completed'),
    ...(dial.duration !== undefined && { DialCallDuration: String(dial.duration) }),
  };
}

export function recordingUrl(recordingSid: string, base = 'https://api.twilio.com'): string {
  return `${base}/2010-04-01/Accounts/${account.accountSid}/Recordings/${recordingSid}`;
}

/** A recording status callback of a `<Dial record>` recording. */
export function recordingCallback(recording: {
  callSid: string;
  recordingSid: string;
  status?: string;
  duration?: number;
}): Record<string, string> {
  const fields: Record<string, string> = {
    AccountSid: account.accountSid,
    CallSid: recording.callSid,
    RecordingSid: recording.recordingSid,
    RecordingUrl: recordingUrl(recording.recordingSid),
    RecordingStatus: recording.status ?? 'completed',
    RecordingChannels: '2',
    RecordingStartTime: rfc2822('2026-09-29T10:00:12Z'),
    RecordingSource: 'DialVerb',
    RecordingTrack: 'both',
    ErrorCode: '0',
  };
  if (recording.duration !== undefined) fields.RecordingDuration = String(recording.duration);
  return fields;
}

export interface TwilioHooks {
  /** The public URL of a webhook, as Twilio is given it. */
  url(subpath: string): string;
  /**
   * Posts a form as Twilio does, signed with the account's auth token over the webhook's URL;
   * `sign` overrides what is signed, to forge or to sign another form of the URL.
   */
  post(
    subpath: string,
    fields: Record<string, string>,
    sign?: { authToken?: string; url?: string; contentType?: string },
  ): Promise<LightMyRequestResponse>;
}

/** The webhooks of a connection (the harness's own by default). */
export function twilioHooks(
  h: TelephonyHarness,
  connection: TelephonyConnection = h.connection,
): TwilioHooks {
  const voice = connection.webhookUrls.find((hook) => hook.url.endsWith('/voice'))?.url;
  assert.ok(voice, 'the connection lists its voice webhook');
  const base = voice.slice(0, -'/voice'.length);
  const url = (subpath: string) => `${base}/${subpath}`;
  return {
    url,
    post: (subpath, fields, sign = {}) =>
      h.t.app.inject({
        method: 'POST',
        url: new URL(url(subpath)).pathname,
        headers: {
          'content-type': sign.contentType ?? 'application/x-www-form-urlencoded',
          'x-twilio-signature': twilioSdk.getExpectedTwilioSignature(
            sign.authToken ?? account.authToken,
            sign.url ?? url(subpath),
            fields,
          ),
        },
        payload: new URLSearchParams(fields).toString(),
      }),
  };
}

/** Another Twilio connection in the harness's workspace, with its own settings. */
export async function addTwilioConnection(
  h: TelephonyHarness,
  settings: Record<string, unknown>,
): Promise<TwilioHooks> {
  const created = await h.t.app.inject({
    method: 'POST',
    url: '/api/v1/telephony/connections',
    headers: h.headers,
    payload: { provider: 'twilio', name: 'Twilio, other settings', credentials: account, settings },
  });
  assert.equal(created.statusCode, 201, created.body);
  return twilioHooks(h, created.json() as TelephonyConnection);
}
