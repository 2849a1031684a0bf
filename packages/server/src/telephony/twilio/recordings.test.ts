/**
 * Twilio recordings: the recording status callback leaves a recording to fetch, and fetching it
 * asks Twilio's media URL for MP3 with the account's credentials.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { recordings } from '../../db/schema.ts';
import { type TelephonyHarness, telephonyHarness } from '../../testing/telephony-harness.ts';
import { account, recordingCallback, recordingUrl, sid, type TwilioHooks, twilioHooks } from './fixtures.ts';
import { twilio } from './index.ts';

describe('Twilio recordings', () => {
  let h: TelephonyHarness;
  let hooks: TwilioHooks;
  before(async () => {
    h = await telephonyHarness({ provider: 'twilio', credentials: account });
    hooks = twilioHooks(h);
  });
  after(() => h.close());

  const rowsOf = (recordingSid: string) =>
    h.t.database.db.select().from(recordings).where(eq(recordings.providerRecordingId, recordingSid));

  test('a completed recording leaves a pending recording of the call, once however often reported', async () => {
    const fields = recordingCallback({
      callSid: sid('CA', 0x200),
      recordingSid: sid('RE', 0x200),
      duration: 78,
    });
    for (let i = 0; i < 2; i++) {
      const response = await hooks.post('recording', fields);
      assert.equal(response.statusCode, 200, response.body);
    }
    const rows = await rowsOf(sid('RE', 0x200));
    assert.equal(rows.length, 1);
    const [row] = rows;
    assert.deepEqual(
      [
        row?.provider,
        row?.providerCallId,
        row?.sourceUrl,
        row?.durationSeconds,
        row?.status,
        row?.connectionId,
      ],
      ['twilio', sid('CA', 0x200), recordingUrl(sid('RE', 0x200)), 78, 'pending', h.connection.id],
    );
  });

  test('a recording still in progress or absent is acknowledged and leaves nothing to fetch', async () => {
    for (const [n, status] of [
      [0x201, 'in-progress'],
      [0x202, 'absent'],
    ] as const) {
      const fields = recordingCallback({ callSid: sid('CA', n), recordingSid: sid('RE', n), status });
      const response = await hooks.post('recording', fields);
      assert.equal(response.statusCode, 200, response.body);
      assert.deepEqual(await rowsOf(sid('RE', n)), []);
    }
  });

  test('a completed recording without its URL is refused with INVALID_EVENT', async () => {
    const { RecordingUrl: _url, ...fields } = recordingCallback({
      callSid: sid('CA', 0x203),
      recordingSid: sid('RE', 0x203),
    });
    const response = await hooks.post('recording', fields);
    assert.deepEqual([response.statusCode, response.json().error.code], [400, 'INVALID_EVENT']);
  });

  describe('fetching a recording', () => {
    /** A stand-in for Twilio's media URL: it checks each request byte for byte and answers MP3 bytes. */
    let server: Server;
    let base: string;
    const requests: { method?: string; url?: string; authorization?: string }[] = [];
    const audio = Buffer.from('ID3 fake mp3 bytes');
    before(async () => {
      server = createServer((request, response) => {
        requests.push({
          method: request.method,
          url: request.url,
          authorization: request.headers.authorization,
        });
        response.writeHead(200, { 'content-type': 'audio/mpeg' }).end(audio);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(() => new Promise<void>((resolve) => server.close(() => resolve())));

    const basic = `Basic ${Buffer.from(`${account.accountSid}:${account.authToken}`).toString('base64')}`;
    const fetchRecording = (recording: { providerRecordingId: string; sourceUrl: string | null }) => {
      const { provider } = twilio;
      assert.ok(provider.kind === 'webhook' && provider.fetchRecording, 'Twilio fetches its recordings');
      return provider.fetchRecording({ providerCallId: sid('CA', 0x200), ...recording }, account, fetch);
    };

    test('GETs the reported URL with .mp3, authenticated as the account', async () => {
      const recordingSid = sid('RE', 0x210);
      requests.length = 0;
      const response = await fetchRecording({
        providerRecordingId: recordingSid,
        sourceUrl: recordingUrl(recordingSid, base),
      });
      assert.equal(response.status, 200);
      assert.deepEqual(Buffer.from(await response.arrayBuffer()), audio);
      assert.deepEqual(requests, [
        {
          method: 'GET',
          url: `/2010-04-01/Accounts/${account.accountSid}/Recordings/${recordingSid}.mp3`,
          authorization: basic,
        },
      ]);
    });

    test('what the recording callback stored is what the worker fetches', async () => {
      const recordingSid = sid('RE', 0x211);
      const fields = {
        ...recordingCallback({ callSid: sid('CA', 0x211), recordingSid }),
        RecordingUrl: recordingUrl(recordingSid, base),
      };
      assert.equal((await hooks.post('recording', fields)).statusCode, 200);
      const [row] = await rowsOf(recordingSid);
      assert.ok(row);
      requests.length = 0;
      await fetchRecording({ providerRecordingId: row.providerRecordingId, sourceUrl: row.sourceUrl });
      assert.equal(
        requests[0]?.url,
        `/2010-04-01/Accounts/${account.accountSid}/Recordings/${recordingSid}.mp3`,
      );
    });

    test('without a reported URL, asks Twilio’s REST address of the recording', async () => {
      const seen: string[] = [];
      const recording = {
        providerCallId: sid('CA', 0x212),
        providerRecordingId: sid('RE', 0x212),
        sourceUrl: null,
      };
      const { provider } = twilio;
      assert.ok(provider.kind === 'webhook' && provider.fetchRecording);
      await provider.fetchRecording(recording, account, async (input, init) => {
        seen.push(String(input), new Headers(init?.headers).get('authorization') ?? '');
        return new Response('', { status: 404 });
      });
      assert.deepEqual(seen, [`${recordingUrl(sid('RE', 0x212))}.mp3`, basic]);
    });
  });
});
