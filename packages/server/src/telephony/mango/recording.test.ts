/** Fetching a Mango recording, against a stand-in for Mango's API that checks every byte sent. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fetchMangoRecording } from './recording.ts';

const credentials = { apiKey: 'k3y-0f-vpbx', apiSalt: 's4lt' };

describe('fetching a Mango recording', () => {
  const recording = { providerCallId: 'in-order', providerRecordingId: 'MToxMDE=', sourceUrl: null };
  const link = 'https://files.mango-office.ru/rec/one-time/abc.mp3';

  test('posts the signed download request, then follows the redirect to the file', async () => {
    const requests: { url: string; method: string; headers: Record<string, string>; body: string }[] = [];
    const fake: typeof fetch = async (input, init) => {
      requests.push({
        url: String(input),
        method: init?.method ?? 'GET',
        headers: Object.fromEntries(new Headers(init?.headers).entries()),
        body: typeof init?.body === 'string' ? init.body : '',
      });
      if (requests.length === 1) return new Response(null, { status: 302, headers: { location: link } });
      return new Response(new Uint8Array([0x49, 0x44, 0x33]), { headers: { 'content-type': 'audio/mpeg' } });
    };
    const response = await fetchMangoRecording(recording, credentials, fake);
    assert.deepEqual(new Uint8Array(await response.arrayBuffer()), new Uint8Array([0x49, 0x44, 0x33]));
    assert.deepEqual(requests, [
      {
        url: 'https://app.mango-office.ru/vpbx/queries/recording/post',
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        // sha256('k3y-0f-vpbx' + json + 's4lt'), computed apart from the code under test.
        body:
          'vpbx_api_key=k3y-0f-vpbx' +
          '&sign=dc368f128653dcb99c822b3086d76368eb846ba6651eb5d2ce2cb3299c01f817' +
          '&json=%7B%22recording_id%22%3A%22MToxMDE%3D%22%2C%22action%22%3A%22download%22%7D',
      },
      { url: link, method: 'GET', headers: {}, body: '' },
    ]);
  });

  test('a recording Mango does not have yet is "not found", for the worker to try again later', async () => {
    const fake: typeof fetch = async () =>
      new Response('{"result":3320}', { headers: { 'content-type': 'application/json' } });
    const response = await fetchMangoRecording(recording, credentials, fake);
    assert.equal(response.status, 404);
  });
});
