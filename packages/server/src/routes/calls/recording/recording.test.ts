/**
 * A call's recording over HTTP: uploaded, played the way a browser's audio player seeks, downloaded,
 * closed to roles without recordings:listen, and every listen written to the access log. The same
 * walk runs on the directory store and on S3 (a local S3-compatible server).
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { type LocalS3, startLocalS3 } from '../../../recordings/local-s3.ts';
import { roleHeaders, seedWorkspace, startTestApp, type TestApp } from '../../../testing/test-app.ts';
import { databaseChoices } from '../../../testing/test-database.ts';
import { userLoggedIn } from '../../auth/test-session.ts';

/** 100 000 bytes that differ along the file, so any wrong range shows. */
const audio = Buffer.from(Uint8Array.from({ length: 100_000 }, (_, i) => (i * 13 + (i >> 8)) & 255));

interface Setup {
  t: TestApp;
  owner: Record<string, string>;
  operator: Record<string, string>;
  analyst: Record<string, string>;
  /** Posts a generic call event and returns the call's id. */
  call(providerCallId: string): Promise<string>;
  upload(
    callId: string,
    body: Buffer,
    contentType?: string,
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse>;
  play(callId: string, headers?: Record<string, string>, query?: string): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

async function setUp(kind: 'pglite' | 'postgres', env: Record<string, string>): Promise<Setup> {
  const t = await startTestApp(kind, undefined, env);
  const { workspaceId, webhookSecret, headers: owner } = await seedWorkspace(t);
  const tokenFor = (role: 'operator' | 'analyst') => roleHeaders(t, workspaceId, role);
  return {
    t,
    owner,
    operator: await tokenFor('operator'),
    analyst: await tokenFor('analyst'),
    async call(providerCallId) {
      const response = await t.app.inject({
        method: 'POST',
        url: `/hooks/v1/generic/${workspaceId}?secret=${webhookSecret}`,
        payload: { callId: providerCallId, event: 'ringing', from: '+79161234567', to: '+74950000001' },
      });
      assert.equal(response.statusCode, 200, response.body);
      return response.json().callId;
    },
    upload: (callId, body, contentType = 'audio/mpeg', headers = owner) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/calls/${callId}/recording`,
        headers: { ...headers, 'content-type': contentType },
        payload: body,
      }),
    play: (callId, headers = owner, query = '') =>
      t.app.inject({ method: 'GET', url: `/api/v1/calls/${callId}/recording${query}`, headers }),
    close: () => t.close(),
  };
}

function recordingWalk(
  name: string,
  kind: 'pglite' | 'postgres',
  env: () => Promise<Record<string, string>>,
) {
  describe(name, () => {
    let s: Setup;
    let callId: string;
    before(async () => {
      s = await setUp(kind, await env());
      callId = await s.call('walk-1');
      const uploaded = await s.upload(callId, audio);
      assert.equal(uploaded.statusCode, 201, uploaded.body);
      assert.deepEqual(uploaded.json(), { status: 'stored', durationSeconds: null, sizeBytes: 100_000 });
    });
    after(() => s.close());

    test('the call record shows the stored recording', async () => {
      const call = await s.t.app.inject({ url: `/api/v1/calls/${callId}`, headers: s.owner });
      assert.deepEqual(call.json().recording, {
        status: 'stored',
        durationSeconds: null,
        sizeBytes: 100_000,
      });
    });

    test('a browser’s audio player gets the whole file, then seeks with open ranges', async () => {
      const first = await s.play(callId, { ...s.operator, range: 'bytes=0-' });
      assert.equal(first.statusCode, 206);
      assert.equal(first.headers['accept-ranges'], 'bytes');
      assert.equal(first.headers['content-range'], 'bytes 0-99999/100000');
      assert.equal(first.headers['content-length'], '100000');
      assert.equal(first.headers['content-type'], 'audio/mpeg');
      assert.deepEqual(first.rawPayload, audio);
      const seek = await s.play(callId, { ...s.operator, range: 'bytes=61440-' });
      assert.equal(seek.statusCode, 206);
      assert.equal(seek.headers['content-range'], 'bytes 61440-99999/100000');
      assert.equal(seek.headers['content-length'], '38560');
      assert.deepEqual(seek.rawPayload, audio.subarray(61440));
    });

    test('without a Range header the whole file comes with 200 and says ranges are welcome', async () => {
      const whole = await s.play(callId, s.operator);
      assert.equal(whole.statusCode, 200);
      assert.equal(whole.headers['accept-ranges'], 'bytes');
      assert.equal(whole.headers['content-range'], undefined);
      assert.equal(whole.headers['cache-control'], 'private, no-store');
      assert.deepEqual(whole.rawPayload, audio);
    });

    test('closed ranges, the last byte and suffix ranges give exactly those bytes', async () => {
      const cases: [string, string, Buffer][] = [
        ['bytes=10-19', 'bytes 10-19/100000', audio.subarray(10, 20)],
        ['bytes=99999-99999', 'bytes 99999-99999/100000', audio.subarray(99999)],
        ['bytes=-16', 'bytes 99984-99999/100000', audio.subarray(99984)],
        ['bytes=99990-200000', 'bytes 99990-99999/100000', audio.subarray(99990)],
      ];
      for (const [range, contentRange, bytes] of cases) {
        const response = await s.play(callId, { ...s.operator, range });
        assert.equal(response.statusCode, 206, range);
        assert.equal(response.headers['content-range'], contentRange);
        assert.deepEqual(response.rawPayload, bytes, range);
      }
    });

    test('a range past the end is 416 with the file’s size', async () => {
      const response = await s.play(callId, { ...s.operator, range: 'bytes=100000-' });
      assert.equal(response.statusCode, 416);
      assert.equal(response.json().error.code, 'RANGE_NOT_SATISFIABLE');
      assert.equal(response.headers['content-range'], 'bytes */100000');
    });

    test('several ranges at once are answered with the whole file', async () => {
      const response = await s.play(callId, { ...s.operator, range: 'bytes=0-1,5-6' });
      assert.equal(response.statusCode, 200);
      assert.equal(response.rawPayload.length, 100_000);
    });

    test('HEAD tells the size and type without sending the audio', async () => {
      const response = await s.t.app.inject({
        method: 'HEAD',
        url: `/api/v1/calls/${callId}/recording`,
        headers: s.operator,
      });
      assert.equal(response.statusCode, 200);
      assert.equal(response.headers['content-length'], '100000');
      assert.equal(response.headers['content-type'], 'audio/mpeg');
      assert.equal(response.rawPayload.length, 0);
    });

    test('?download=1 offers the recording as a file to save', async () => {
      const response = await s.play(callId, s.owner, '?download=1');
      assert.equal(response.statusCode, 200);
      assert.equal(response.headers['content-disposition'], `attachment; filename="call-${callId}.mp3"`);
    });
  });
}

for (const choice of databaseChoices()) {
  describe(`recordings over HTTP on ${choice.kind}`, { skip: choice.skip }, () => {
    const directories: string[] = [];
    let s3: LocalS3 | undefined;
    const dataDir = async () => {
      const dir = await mkdtemp(join(tmpdir(), 'calltrail-data-'));
      directories.push(dir);
      return dir;
    };
    after(async () => {
      await s3?.close();
      for (const dir of directories) await rm(dir, { recursive: true, force: true });
    });

    recordingWalk('in the data directory', choice.kind, async () => ({ DATA_DIR: await dataDir() }));
    recordingWalk('in S3-compatible storage', choice.kind, async () => {
      s3 = await startLocalS3();
      return { DATA_DIR: await dataDir(), ...s3.env };
    });

    describe('who may do what, and the access log', () => {
      let s: Setup;
      let dir: string;
      let workspaceId: string;
      before(async () => {
        dir = await dataDir();
        s = await setUp(choice.kind, { DATA_DIR: dir });
        workspaceId = (await s.t.app.inject({ url: '/api/v1/workspace', headers: s.owner })).json().id;
      });
      after(() => s.close());

      test('analysts may not listen; operators may, but not upload', async () => {
        const callId = await s.call('roles-1');
        assert.equal((await s.upload(callId, audio)).statusCode, 201);
        const analyst = await s.play(callId, s.analyst);
        assert.equal(analyst.statusCode, 403);
        assert.equal(analyst.json().error.code, 'FORBIDDEN');
        assert.equal((await s.play(callId, s.operator)).statusCode, 200);
        for (const headers of [s.operator, s.analyst]) {
          const upload = await s.upload(callId, audio, 'audio/mpeg', headers);
          assert.equal(upload.statusCode, 403);
        }
      });

      test('a call without a recording, or no such call, is 404 with a code saying which', async () => {
        const callId = await s.call('bare-1');
        const none = await s.play(callId);
        assert.equal(none.statusCode, 404);
        assert.equal(none.json().error.code, 'RECORDING_NOT_FOUND');
        assert.equal(
          (await s.t.app.inject({ url: `/api/v1/calls/${callId}`, headers: s.owner })).json().recording,
          null,
        );
        const unknown = await s.play('call_nope');
        assert.equal(unknown.json().error.code, 'CALL_NOT_FOUND');
        const upload = await s.upload('call_nope', audio);
        assert.equal(upload.json().error.code, 'CALL_NOT_FOUND');
      });

      test('uploads take the four audio types browsers play, and nothing else', async () => {
        const callId = await s.call('types-1');
        for (const type of ['audio/wav', 'audio/ogg; codecs=opus', 'audio/webm', 'audio/mpeg']) {
          const response = await s.upload(callId, audio.subarray(0, 10), type);
          assert.equal(response.statusCode, 201, `${type}: ${response.body}`);
        }
        for (const type of ['text/plain', 'application/json', 'video/mp4', 'application/octet-stream']) {
          const response = await s.upload(callId, audio.subarray(0, 10), type);
          assert.equal(response.statusCode, 415, type);
          assert.equal(response.json().error.code, 'UNSUPPORTED_MEDIA_TYPE');
        }
        const played = await s.play(callId);
        assert.equal(played.headers['content-type'], 'audio/mpeg');
      });

      test('a body declared larger than 200 MB is refused before it is read', async () => {
        const callId = await s.call('large-1');
        const response = await s.upload(callId, audio.subarray(0, 10), 'audio/mpeg', {
          ...s.owner,
          'content-length': String(200 * 1024 * 1024 + 1),
        });
        assert.equal(response.statusCode, 413);
        assert.equal(response.json().error.code, 'BODY_TOO_LARGE');
      });

      test('a new upload replaces the old one, whose audio is deleted', async () => {
        const callId = await s.call('replace-1');
        const before = await readdir(join(dir, 'recordings', workspaceId)).catch(() => []);
        assert.equal((await s.upload(callId, Buffer.from('first take'))).statusCode, 201);
        assert.equal(
          (await s.upload(callId, Buffer.from('second, better take'), 'audio/ogg')).statusCode,
          201,
        );
        const played = await s.play(callId);
        assert.equal(played.body, 'second, better take');
        assert.equal(played.headers['content-type'], 'audio/ogg');
        const files = await readdir(join(dir, 'recordings', workspaceId));
        assert.equal(files.length, before.length + 1);
      });

      test('every listen and download is logged with who, the range asked and the IP, newest first', async () => {
        const callId = await s.call('audit-1');
        assert.equal((await s.upload(callId, audio)).statusCode, 201);
        const member = await userLoggedIn(s.t, 'operator@clinic.example', { workspaceId, role: 'operator' });
        await s.play(callId, { ...s.operator, range: 'bytes=0-' });
        await s.play(callId, { ...s.operator, range: 'bytes=50000-' });
        s.t.clock.advance({ minutes: 5 });
        await s.play(callId, member.headers, '?download=1');
        await s.play(callId, { ...s.analyst, range: 'bytes=0-' });
        const log = await s.t.app.inject({
          url: `/api/v1/calls/${callId}/recording/access`,
          headers: s.owner,
        });
        assert.equal(log.statusCode, 200, log.body);
        const entries = log.json().items as Record<string, unknown>[];
        assert.deepEqual(
          entries.map((e) => [e.action, e.userEmail, e.tokenName, e.range, e.ip]),
          [
            ['download', 'operator@clinic.example', null, null, '127.0.0.1'],
            ['listen', null, 'operator', 'bytes=50000-', '127.0.0.1'],
            ['listen', null, 'operator', 'bytes=0-', '127.0.0.1'],
          ],
        );
        assert.equal(entries[0]!.userId, member.userId);
        assert.equal(entries[0]!.at, s.t.clock.now().toISOString());
        const page = await s.t.app.inject({
          url: `/api/v1/calls/${callId}/recording/access?limit=2`,
          headers: s.owner,
        });
        const next = await s.t.app.inject({
          url: `/api/v1/calls/${callId}/recording/access?limit=2&cursor=${page.json().nextCursor}`,
          headers: s.owner,
        });
        assert.deepEqual(
          [...page.json().items, ...next.json().items].map((e: { id: string }) => e.id),
          entries.map((e) => e.id),
        );
        assert.equal(next.json().nextCursor, null);
      });

      test('only owners and admins read the access log', async () => {
        const callId = await s.call('audit-2');
        for (const headers of [s.operator, s.analyst]) {
          const response = await s.t.app.inject({ url: `/api/v1/calls/${callId}/recording/access`, headers });
          assert.equal(response.statusCode, 403);
        }
      });
    });
  });
}
