/**
 * Recordings: `events/recording` says one is complete; the file is fetched by asking Mango's API
 * (`queries/recording/post`), which answers with a redirect to a one-time link.
 */
import { AppError, type RecordingFetcher, type RecordingReference } from '@calltrail/core';
import { type Notification, requiredText } from './notification.ts';
import { type MangoCredentials, signedForm } from './signature.ts';

const apiBase = 'https://app.mango-office.ru/vpbx';
const states = ['Started', 'Continued', 'Completed'];

export function readRecording(notification: Notification): RecordingReference[] {
  const entryId = requiredText(notification, 'entry_id');
  const recordingId = requiredText(notification, 'recording_id');
  const state = requiredText(notification, 'recording_state');
  if (!states.includes(state)) throw new AppError('UNKNOWN_EVENT', { recording_state: state, known: states });
  // A recording can be fetched only once Mango finished writing it.
  if (state !== 'Completed') return [];
  return [{ providerCallId: entryId, providerRecordingId: recordingId }];
}

/**
 * Asks Mango for the recording and follows the redirect to the file itself. The redirect is
 * followed by hand: the API answers a POST, the file is a plain GET of a link valid once.
 */
export const fetchMangoRecording: RecordingFetcher<MangoCredentials> = async (
  recording,
  credentials,
  fetch,
) => {
  const json = JSON.stringify({ recording_id: recording.providerRecordingId, action: 'download' });
  const url = `${apiBase}/queries/recording/post`;
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: signedForm(credentials, json),
    redirect: 'manual',
  });
  const location = response.headers.get('location');
  if (response.status >= 300 && response.status < 400 && location) {
    return fetch(new URL(location, url).toString());
  }
  // A recording Mango does not have yet comes back as a result code in JSON rather than an error
  // status: to the worker it is "not there yet, try later".
  if (response.ok && /json/i.test(response.headers.get('content-type') ?? '')) {
    return new Response(await response.text(), {
      status: 404,
      headers: { 'content-type': 'application/json' },
    });
  }
  return response;
};
