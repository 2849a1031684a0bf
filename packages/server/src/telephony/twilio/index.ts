/**
 * Twilio Programmable Voice. The tracking number's "A call comes in" webhook is our `voice` URL: we
 * answer with TwiML that reads the recording notice and dials the number's destination, and that
 * TwiML points Twilio's other callbacks at us (`status` for the dialled leg, `dial` for the dial's
 * end, `recording` for the recording). Every request is signed with the account's auth token.
 * See https://www.twilio.com/docs/usage/webhooks/voice-webhooks.
 */
import {
  AppError,
  type ProviderOutcome,
  type WebhookContext,
  type WebhookReply,
  type WebhookRequest,
} from '@calltrail/core';
import { E164 } from '@calltrail/protocol';
import { type Static, Type } from 'typebox';
import { defineProvider } from '../define-provider.ts';
import { dialCallEvents, statusCallEvents, voiceCallEvents } from './call-events.ts';
import { paramsOf, required, type TwilioParams } from './params.ts';
import { fetchTwilioRecording, recordingReferences, type TwilioCredentials } from './recordings.ts';
import { verifyTwilioRequest } from './signature.ts';
import { hangupTwiml, twimlReply, voiceTwiml } from './twiml.ts';

const Credentials = Type.Object(
  {
    accountSid: Type.String({
      pattern: '^AC[0-9a-fA-F]{32}$',
      title: 'Account SID (AC…)',
      description: 'Account Info › Account SID',
    }),
    authToken: Type.String({
      minLength: 1,
      maxLength: 128,
      title: 'Auth token',
      writeOnly: true,
      description: 'Account Info › Auth Token: signs every request',
    }),
  },
  { additionalProperties: false },
);

const Settings = Type.Object(
  {
    recordCalls: Type.Optional(
      Type.Boolean({ description: 'Record both sides from the answer, on two channels (default true)' }),
    ),
    recordingNotice: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 1000,
        description:
          'Read to the caller before connecting when calls are recorded, e.g. "This call may be recorded"',
      }),
    ),
    language: Type.Optional(
      Type.String({
        pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$',
        description: 'Language of the notice, as Twilio’s <Say language> (e.g. en-US, ru-RU)',
      }),
    ),
    forwardTo: Type.Optional({
      ...E164,
      description: 'Where to ring when the tracking number has no destination',
    }),
  },
  { additionalProperties: false },
);
type TwilioSettings = Static<typeof Settings>;

export const twilio = defineProvider({
  id: 'twilio',
  title: 'Twilio',
  credentials: Credentials,
  settings: Settings,
  webhooks: [
    {
      purpose: 'Phone number › Voice configuration › A call comes in (Webhook, HTTP POST)',
      subpath: 'voice',
    },
    { purpose: 'Phone number › Voice configuration › Call status changes (HTTP POST)', subpath: 'status' },
  ],
  provider: {
    kind: 'webhook',
    fetchRecording: fetchTwilioRecording,
    verify(request, credentials) {
      verifyTwilioRequest(request, credentials.authToken);
    },
    async handle(request, context) {
      const params = paramsOf(request);
      const { receivedAt } = request;
      switch (request.subpath) {
        case 'voice':
          return answerCall(params, request, context);
        case 'status':
          return { calls: statusCallEvents(params, receivedAt), recordings: [] };
        case 'dial':
          // The dial is over: end the call, or Twilio would go on with nothing after <Dial>.
          return {
            calls: dialCallEvents(params, receivedAt),
            recordings: [],
            reply: twimlReply(hangupTwiml()),
          };
        case 'recording':
          return { calls: [], recordings: recordingReferences(params) };
        default:
          throw new AppError(
            'UNKNOWN_EVENT',
            { subpath: request.subpath },
            'Not a Twilio webhook of Calltrail',
          );
      }
    },
  },
});

/** Stores the ringing call and tells Twilio whom to dial, recorded or not. */
async function answerCall(
  params: TwilioParams,
  request: WebhookRequest,
  context: WebhookContext<TwilioCredentials, TwilioSettings>,
): Promise<ProviderOutcome & { reply: WebhookReply }> {
  const calls = voiceCallEvents(params, request.receivedAt);
  const { settings, webhookBase } = context;
  const destination = (await context.destinationOf(required(params, 'To'))) ?? settings.forwardTo ?? null;
  const record = settings.recordCalls ?? true;
  const body = voiceTwiml({
    notice:
      record && destination && settings.recordingNotice
        ? { text: settings.recordingNotice, ...(settings.language && { language: settings.language }) }
        : undefined,
    dial: destination
      ? {
          number: destination,
          record,
          actionUrl: `${webhookBase}/dial`,
          recordingUrl: `${webhookBase}/recording`,
          statusUrl: `${webhookBase}/status`,
        }
      : null,
  });
  return { calls, recordings: [], reply: twimlReply(body) };
}
