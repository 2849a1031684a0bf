/**
 * Fetching a Zadarma recording: the API (`pbx/record/request`) answers with a temporary link to
 * the file, which is then fetched as is.
 */
import type { RecordingFetcher } from '@calltrail/core';
import { apiAuthorization, apiQuery, type ZadarmaCredentials } from './signature.ts';

const api = 'https://api.zadarma.com';
const method = '/v1/pbx/record/request/';

interface RecordRequestAnswer {
  status?: string;
  link?: string;
  links?: string[];
  message?: string;
}

function parse(text: string): RecordRequestAnswer | null {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as RecordRequestAnswer) : null;
  } catch {
    return null;
  }
}

export const fetchZadarmaRecording: RecordingFetcher<ZadarmaCredentials> = async (
  recording,
  credentials,
  fetch,
) => {
  const query = apiQuery({ call_id: recording.providerRecordingId });
  const response = await fetch(`${api}${method}?${query}`, {
    headers: { authorization: apiAuthorization(credentials, method, query) },
  });
  if (!response.ok) return response;
  const text = await response.text();
  const answer = parse(text);
  const link = answer?.link ?? answer?.links?.[0];
  if (answer?.status === 'success' && link) return fetch(link);
  // Zadarma needs some time after a call to save its recording (its library advises 40 s) and
  // answers "error" until then: to the worker that is "not there yet, try later".
  return new Response(text, { status: answer ? 404 : 502, headers: { 'content-type': 'application/json' } });
};
