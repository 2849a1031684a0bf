/**
 * Recordings of Twilio calls: the recording status callback our `<Dial record>` asks for, and
 * fetching the audio. Twilio's RecordingUrl has no extension; with `.mp3` appended it serves MP3,
 * behind HTTP Basic auth with the account SID and auth token when the account protects its media.
 * See https://www.twilio.com/docs/voice/twiml/recording and https://www.twilio.com/docs/voice/api/recording.
 */
import { AppError, type RecordingFetcher, type RecordingReference } from '@calltrail/core';
import { required, type TwilioParams, wholeNumber } from './params.ts';

export interface TwilioCredentials {
  accountSid: string;
  authToken: string;
}

// Only `completed` has a file to fetch; the others are known and acknowledged without one.
const recordingStatuses = new Set([
  'in-progress',
  'paused',
  'stopped',
  'processing',
  'completed',
  'absent',
  'failed',
  'deleted',
]);

export function recordingReferences(params: TwilioParams): RecordingReference[] {
  const status = required(params, 'RecordingStatus');
  if (!recordingStatuses.has(status)) {
    throw new AppError('UNKNOWN_EVENT', { RecordingStatus: status }, `RecordingStatus ${status} is not read`);
  }
  const providerCallId = required(params, 'CallSid');
  const providerRecordingId = required(params, 'RecordingSid');
  if (status !== 'completed') return [];
  return [
    {
      providerCallId,
      providerRecordingId,
      url: required(params, 'RecordingUrl'),
      durationSeconds: wholeNumber(params, 'RecordingDuration'),
    },
  ];
}

/** The REST address of a recording, for one reported without its URL. */
const apiBase = 'https://api.twilio.com/2010-04-01';

export const fetchTwilioRecording: RecordingFetcher<TwilioCredentials> = (recording, credentials, fetch) => {
  const { accountSid, authToken } = credentials;
  const url = new URL(
    recording.sourceUrl ??
      `${apiBase}/Accounts/${encodeURIComponent(accountSid)}/Recordings/${encodeURIComponent(recording.providerRecordingId)}`,
  );
  if (!/\.(mp3|wav)$/i.test(url.pathname)) url.pathname += '.mp3';
  // Twilio may redirect to its storage; fetch drops Authorization on a redirect to another origin,
  // so the credentials go to Twilio alone.
  return fetch(url, {
    headers: { authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}` },
  });
};
