/** Fetching a Zadarma recording, against a stand-in for Zadarma's API that checks every byte sent. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fetchZadarmaRecording } from './recording.ts';

const credentials = { key: 'zk3y', secret: 'z5ecret' };

describe('fetching a Zadarma recording', () => {
  const recording = {
    providerCallId: 'in_ordered',
    providerRecordingId: '1790845200.12345',
    sourceUrl: null,
  };
  const link = 'https://api.zadarma.com/v1/pbx/record/download/abc/1790845200.12345.mp3';

  test('asks the API for a link with a signed request, then fetches the file it names', async () => {
    const requests: { url: string; headers: Record<string, string> }[] = [];
    const fake: typeof fetch = async (input, init) => {
      requests.push({
        url: String(input),
        headers: Object.fromEntries(new Headers(init?.headers).entries()),
      });
      if (requests.length === 1) {
        return Response.json({ status: 'success', link, lifetime_till: '2026-10-01 12:30:00' });
      }
      return new Response(new Uint8Array([0x49, 0x44, 0x33]), { headers: { 'content-type': 'audio/mpeg' } });
    };
    const response = await fetchZadarmaRecording(recording, credentials, fake);
    assert.deepEqual(new Uint8Array(await response.arrayBuffer()), new Uint8Array([0x49, 0x44, 0x33]));
    assert.deepEqual(requests, [
      {
        url: 'https://api.zadarma.com/v1/pbx/record/request/?call_id=1790845200.12345',
        // base64(hex(HMAC-SHA1(secret, path . query . md5(query)))), worked out apart.
        headers: { authorization: 'zk3y:NjllMTkwNGMxZDQ5MWRkYjcxZGU0OWVhYjU3ZGE3NzNhZGQzYmI4NA==' },
      },
      { url: link, headers: {} },
    ]);
  });

  test('a recording Zadarma is still saving is "not found", for the worker to try again later', async () => {
    const fake: typeof fetch = async () => Response.json({ status: 'error', message: 'record not found' });
    assert.equal((await fetchZadarmaRecording(recording, credentials, fake)).status, 404);
  });
});
