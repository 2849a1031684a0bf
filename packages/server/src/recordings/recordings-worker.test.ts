/**
 * The recordings worker against a local HTTP server standing in for a provider's file server: it
 * fetches what providers reported once the file is there, backs off while it is not, gives up after
 * a day, never fetches one recording twice from two processes, and deletes recordings past the
 * workspace's retention while keeping their access log.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { RecordingStore, WebhookProvider } from '@calltrail/core';
import { and, eq } from 'drizzle-orm';
import { Type } from 'typebox';
import { ingestCallEvent } from '../calls/ingest-call-event.ts';
import { recordings } from '../db/schema.ts';
import type { SecretBox } from '../secrets/secret-box.ts';
import { reportRecording } from '../stores/sql/recordings.ts';
import { insertConnection } from '../stores/sql/telephony.ts';
import { defineProvider, type ProviderDefinition } from '../telephony/define-provider.ts';
import { closeNow, listenOnLoopback } from '../testing/loopback-server.ts';
import { seedWorkspace, startTestApp, type TestApp, testSecrets } from '../testing/test-app.ts';
import { databaseChoices } from '../testing/test-database.ts';
import type { Timer } from '../workers/periodic.ts';
import { openRecordingStore } from './open-recording-store.ts';
import { type RecordingsWorker, startRecordingsWorker } from './recordings-worker.ts';

interface Answer {
  status: number;
  type?: string;
  body?: string;
  /** Sends the headers and the first bytes, then nothing more. */
  stall?: boolean;
}

/** A provider's file server: each path answers its script in order, repeating the last answer. */
interface FileServer {
  url: string;
  requests: { path: string; authorization: string | undefined }[];
  script(path: string, answers: Answer[]): string;
  close(): void;
}

async function fileServer(): Promise<FileServer> {
  const scripts = new Map<string, Answer[]>();
  const requests: FileServer['requests'] = [];
  const server: Server = createServer((request, response) => {
    const path = request.url ?? '';
    requests.push({ path, authorization: request.headers.authorization });
    const script = scripts.get(path) ?? [{ status: 404 }];
    const answer = script.length > 1 ? script.shift()! : script[0]!;
    response.writeHead(answer.status, answer.type ? { 'content-type': answer.type } : {});
    if (answer.stall) response.write('ID3 the first bytes');
    else response.end(answer.body ?? '');
  });
  const url = await listenOnLoopback(server);
  return {
    url,
    requests,
    script(path, answers) {
      scripts.set(path, [...answers]);
      return `${url}${path}`;
    },
    close: () => closeNow(server),
  };
}

/** A timer that never fires: the tests call runOnce themselves. */
const idle: Timer = { schedule: () => () => {} };

const mp3 = (text: string): Answer => ({ status: 200, type: 'audio/mpeg', body: `ID3 ${text}` });

for (const choice of databaseChoices()) {
  describe(`the recordings worker on ${choice.kind}`, { skip: choice.skip }, () => {
    let t: TestApp;
    let dataDir: string;
    let files: FileServer;
    let store: RecordingStore;
    let secrets: SecretBox;
    let workspaceId: string;
    let headers: Record<string, string>;
    let connectionId: string;
    let worker: RecordingsWorker;

    const workerWith = (
      extra: { timeoutMs?: number; providers?: ReadonlyMap<string, ProviderDefinition> } = {},
    ) =>
      startRecordingsWorker({
        db: t.database.db,
        store,
        secrets,
        clock: t.clock,
        timer: idle,
        onError: (error) => assert.fail(String(error)),
        ...extra,
      });

    const ring = async (providerCallId: string) => {
      const now = t.clock.now();
      await ingestCallEvent(
        { db: t.database.db, clock: t.clock },
        {
          workspaceId,
          provider: 'uis',
          providerCallId,
          dedupeKey: `ring-${providerCallId}`,
          raw: {},
          event: {
            kind: 'ringing',
            at: now,
            receivedAt: now,
            direction: 'inbound',
            from: '+79161234567',
            to: '+74950000001',
          },
        },
      );
    };

    /** As the webhook route reports it: the first fetch 30 s after the report. */
    const report = async (providerCallId: string, url: string | null) => {
      const now = t.clock.now();
      await reportRecording(t.database.db, {
        workspaceId,
        provider: 'uis',
        providerCallId,
        providerRecordingId: `rec-${providerCallId}`,
        connectionId,
        sourceUrl: url,
        durationSeconds: 42,
        fetchAfter: new Date(now.getTime() + 30_000),
        now,
      });
    };

    const row = async (providerCallId: string) => {
      const [found] = await t.database.db
        .select()
        .from(recordings)
        .where(and(eq(recordings.workspaceId, workspaceId), eq(recordings.providerCallId, providerCallId)));
      assert.ok(found, `a recording of ${providerCallId}`);
      return found;
    };

    const callRecord = async (providerCallId: string) => {
      const response = await t.app.inject({ url: '/api/v1/calls?limit=500', headers });
      const call = (
        response.json().items as { id: string; providerCallId: string; recording: unknown }[]
      ).find((c) => c.providerCallId === providerCallId);
      assert.ok(call, `a call ${providerCallId}`);
      return call;
    };

    before(async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'calltrail-worker-'));
      t = await startTestApp(choice.kind, undefined, { DATA_DIR: dataDir });
      ({ workspaceId, headers } = await seedWorkspace(t));
      secrets = testSecrets();
      connectionId = 'tel_worker';
      await insertConnection(t.database.db, {
        id: connectionId,
        workspaceId,
        provider: 'uis',
        name: 'UIS',
        token: 'worker-token',
        credentials: secrets.seal(JSON.stringify({ apiKey: 'k-1' })),
        settings: {},
        lastEventAt: null,
        createdAt: t.clock.now(),
        updatedAt: t.clock.now(),
      });
      store = openRecordingStore(t.config.recordings);
      files = await fileServer();
    });
    after(async () => {
      files.close();
      await t.close();
      await rm(dataDir, { recursive: true, force: true });
    });
    beforeEach(() => {
      worker = workerWith();
    });

    test('a recording the provider is still writing is fetched once it is there, backing off meanwhile', async () => {
      await ring('late-1');
      const url = files.script('/late-1.mp3', [{ status: 503 }, { status: 404 }, mp3('late one')]);
      await report('late-1', url);
      assert.deepEqual((await callRecord('late-1')).recording, {
        status: 'pending',
        durationSeconds: 42,
        sizeBytes: null,
      });
      assert.deepEqual(await worker.runOnce(t.clock.now()), {
        stored: 0,
        retrying: 0,
        failed: 0,
        expired: 0,
      });
      t.clock.advance({ seconds: 30 });
      assert.equal((await worker.runOnce(t.clock.now())).retrying, 1);
      assert.equal((await row('late-1')).lastError, 'the provider answered 503 Service Unavailable');
      t.clock.advance({ seconds: 59 });
      assert.equal((await worker.runOnce(t.clock.now())).retrying, 0, 'a minute has not passed');
      t.clock.advance({ seconds: 1 });
      assert.equal((await worker.runOnce(t.clock.now())).retrying, 1);
      assert.equal((await row('late-1')).lastError, 'the provider answered 404 Not Found');
      t.clock.advance({ minutes: 2 });
      assert.equal((await worker.runOnce(t.clock.now())).stored, 1);
      assert.equal(files.requests.filter((r) => r.path === '/late-1.mp3').length, 3);
      const stored = await row('late-1');
      assert.deepEqual(
        [stored.status, stored.contentType, stored.sizeBytes, stored.lastError, stored.attempts],
        ['stored', 'audio/mpeg', 12, null, 3],
      );
      const call = await callRecord('late-1');
      assert.deepEqual(call.recording, { status: 'stored', durationSeconds: 42, sizeBytes: 12 });
      const played = await t.app.inject({ url: `/api/v1/calls/${call.id}/recording`, headers });
      assert.equal(played.body, 'ID3 late one');
      assert.equal(played.headers['content-type'], 'audio/mpeg');
    });

    test('a provider that never has the file is given up after a day, with its last error', async () => {
      await ring('never-1');
      await report('never-1', files.script('/never-1.mp3', [{ status: 404 }]));
      const reported = t.clock.now().getTime();
      t.clock.advance({ seconds: 30 });
      let tries = 0;
      for (;;) {
        const run = await worker.runOnce(t.clock.now(), { retention: false });
        tries += run.retrying + run.failed;
        if (run.failed === 1) break;
        const next = (await row('never-1')).nextAttemptAt;
        assert.ok(next && tries < 20, 'it keeps a next attempt until it gives up');
        t.clock.set(next);
      }
      assert.equal(tries, 13);
      assert.equal(t.clock.now().getTime() - reported, 24 * 3_600_000);
      const failed = await row('never-1');
      assert.deepEqual(
        [failed.status, failed.lastError, failed.nextAttemptAt],
        ['failed', 'the provider answered 404 Not Found', null],
      );
      assert.deepEqual((await callRecord('never-1')).recording, {
        status: 'failed',
        durationSeconds: 42,
        sizeBytes: null,
      });
    });

    test('a download that stalls is cut off and tried again, leaving nothing half-written', async () => {
      const slow = workerWith({ timeoutMs: 300 });
      await ring('stall-1');
      await report(
        'stall-1',
        files.script('/stall-1.mp3', [{ status: 200, type: 'audio/mpeg', stall: true }, mp3('at last')]),
      );
      t.clock.advance({ seconds: 30 });
      assert.equal((await slow.runOnce(t.clock.now())).retrying, 1);
      const waiting = await row('stall-1');
      assert.equal(waiting.lastError, 'the download timed out');
      assert.equal(await store.stat(`${workspaceId}/${waiting.id}`), null);
      t.clock.advance({ minutes: 1 });
      assert.equal((await slow.runOnce(t.clock.now())).stored, 1);
      assert.equal((await store.stat(`${workspaceId}/${waiting.id}`))?.size, 11);
    });

    test('an answer that is not audio, such as a login page, is not stored', async () => {
      await ring('page-1');
      await report(
        'page-1',
        files.script('/page-1', [{ status: 200, type: 'text/html', body: '<form>log in</form>' }]),
      );
      t.clock.advance({ seconds: 30 });
      assert.equal((await worker.runOnce(t.clock.now())).retrying, 1);
      assert.equal((await row('page-1')).lastError, 'expected audio, got text/html');
    });

    test('a file server that says only octet-stream is stored with the type its URL names', async () => {
      await ring('octet-1');
      await report(
        'octet-1',
        files.script('/files/octet-1.wav?sig=abc', [
          { status: 200, type: 'application/octet-stream', body: 'RIFF' },
        ]),
      );
      t.clock.advance({ seconds: 30 });
      assert.equal((await worker.runOnce(t.clock.now())).stored, 1);
      assert.equal((await row('octet-1')).contentType, 'audio/wav');
    });

    test('two server processes fetching at once take each recording once', async () => {
      const calls = ['pair-1', 'pair-2', 'pair-3', 'pair-4', 'pair-5', 'pair-6'];
      for (const call of calls) {
        await ring(call);
        await report(call, files.script(`/${call}.mp3`, [mp3(call)]));
      }
      t.clock.advance({ seconds: 30 });
      const other = workerWith();
      const runs = await Promise.all([worker.runOnce(t.clock.now()), other.runOnce(t.clock.now())]);
      assert.equal(runs[0]!.stored + runs[1]!.stored, 6);
      for (const call of calls) {
        assert.equal(files.requests.filter((r) => r.path === `/${call}.mp3`).length, 1, call);
      }
    });

    test('a provider with its own way to fetch is asked, with the connection’s credentials', async () => {
      const seen: unknown[] = [];
      const provider: WebhookProvider<{ apiKey: string }, Record<string, never>> = {
        kind: 'webhook',
        verify: () => {},
        handle: async () => ({ calls: [], recordings: [] }),
        fetchRecording: (recording, credentials, fetch) => {
          seen.push({ recording, credentials });
          return fetch(`${files.url}/api/records/${recording.providerRecordingId}`, {
            headers: { authorization: `Bearer ${credentials.apiKey}` },
          });
        },
      };
      const uis = defineProvider({
        id: 'uis',
        title: 'UIS as a test stands it in',
        credentials: Type.Object({ apiKey: Type.String() }),
        settings: Type.Object({}),
        webhooks: [],
        provider,
      });
      const own = workerWith({ providers: new Map([['uis', uis]]) });
      await ring('own-1');
      files.script('/api/records/rec-own-1', [mp3('by the API')]);
      await report('own-1', null);
      t.clock.advance({ seconds: 30 });
      assert.equal((await own.runOnce(t.clock.now())).stored, 1);
      assert.deepEqual(seen, [
        {
          recording: { providerCallId: 'own-1', providerRecordingId: 'rec-own-1', sourceUrl: null },
          credentials: { apiKey: 'k-1' },
        },
      ]);
      assert.deepEqual(
        files.requests.find((r) => r.path === '/api/records/rec-own-1')?.authorization,
        'Bearer k-1',
      );

      // Without its connection there are no credentials to fetch with: no retry can help.
      await ring('own-2');
      await reportRecording(t.database.db, {
        workspaceId,
        provider: 'uis',
        providerCallId: 'own-2',
        providerRecordingId: 'rec-own-2',
        connectionId: 'tel_deleted',
        sourceUrl: null,
        durationSeconds: null,
        fetchAfter: t.clock.now(),
        now: t.clock.now(),
      });
      assert.equal((await own.runOnce(t.clock.now())).failed, 1);
      assert.equal((await row('own-2')).lastError, 'the telephony connection that reported it was deleted');
    });

    test('a recording reported without a URL, by a provider with no other way, fails at once', async () => {
      await ring('nourl-1');
      await report('nourl-1', null);
      t.clock.advance({ seconds: 30 });
      assert.equal((await worker.runOnce(t.clock.now())).failed, 1);
      assert.match((await row('nourl-1')).lastError ?? '', /no http\(s\) URL/);
    });

    test('the worker runs at once and then every 15 s, and stopping waits for the run under way', async () => {
      const scheduled: { run: () => void; ms: number }[] = [];
      const timed = startRecordingsWorker({
        db: t.database.db,
        store,
        secrets,
        clock: t.clock,
        timer: {
          schedule: (run, ms) => {
            scheduled.push({ run, ms });
            return () => {};
          },
        },
        onError: (error) => assert.fail(String(error)),
      });
      assert.deepEqual(
        scheduled.map((s) => s.ms),
        [0],
      );
      scheduled[0]!.run();
      await timed.stop();
      assert.deepEqual(
        scheduled.map((s) => s.ms),
        [0],
        'a stopped worker schedules nothing more',
      );
    });
  });

  describe(`recording retention on ${choice.kind}`, { skip: choice.skip }, () => {
    let t: TestApp;
    let dataDir: string;
    let headers: Record<string, string>;
    let workspaceId: string;
    let webhookSecret: string;
    let store: RecordingStore;

    before(async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'calltrail-retention-'));
      t = await startTestApp(choice.kind, undefined, { DATA_DIR: dataDir });
      ({ headers, workspaceId, webhookSecret } = await seedWorkspace(t));
      store = openRecordingStore(t.config.recordings);
    });
    after(async () => {
      await t.close();
      await rm(dataDir, { recursive: true, force: true });
    });

    const patch = (payload: object) =>
      t.app.inject({ method: 'PATCH', url: '/api/v1/workspace', headers, payload });

    const callWithRecording = async (providerCallId: string) => {
      const hook = await t.app.inject({
        method: 'POST',
        url: `/hooks/v1/generic/${workspaceId}?secret=${webhookSecret}`,
        payload: { callId: providerCallId, event: 'ringing', from: '+79161234567', to: '+74950000001' },
      });
      const callId: string = hook.json().callId;
      const upload = await t.app.inject({
        method: 'POST',
        url: `/api/v1/calls/${callId}/recording`,
        headers: { ...headers, 'content-type': 'audio/ogg' },
        payload: Buffer.from(`OggS ${providerCallId}`),
      });
      assert.equal(upload.statusCode, 201, upload.body);
      return callId;
    };

    test('a workspace keeps recordings 365 days unless told 1 to 3650', async () => {
      assert.equal(
        (await t.app.inject({ url: '/api/v1/workspace', headers })).json().recordingRetentionDays,
        365,
      );
      for (const days of [0, 3651, 1.5])
        assert.equal((await patch({ recordingRetentionDays: days })).statusCode, 400);
      const changed = await patch({ recordingRetentionDays: 30 });
      assert.equal(changed.statusCode, 200, changed.body);
      assert.equal(changed.json().recordingRetentionDays, 30);
      const both = await patch({ recordingRetentionDays: 30, repeatWindowDays: 14 });
      assert.deepEqual([both.json().recordingRetentionDays, both.json().repeatWindowDays], [30, 14]);
    });

    test('recordings of calls older than the retention are deleted; the record and the access log remain', async () => {
      await patch({ recordingRetentionDays: 30 });
      const old = await callWithRecording('old-1');
      const listened = await t.app.inject({ url: `/api/v1/calls/${old}/recording`, headers });
      assert.equal(listened.statusCode, 200);
      const [oldRow] = await t.database.db
        .select()
        .from(recordings)
        .where(eq(recordings.provider, 'generic'));
      const oldKey = oldRow!.storageKey!;
      t.clock.advance({ days: 30, minutes: 1 });
      const recent = await callWithRecording('recent-1');
      const worker = startRecordingsWorker({
        db: t.database.db,
        store,
        secrets: testSecrets(),
        clock: t.clock,
        timer: idle,
        onError: (error) => assert.fail(String(error)),
      });
      assert.deepEqual(await worker.runOnce(t.clock.now()), {
        stored: 0,
        retrying: 0,
        failed: 0,
        expired: 1,
      });
      assert.equal(await store.stat(oldKey), null);
      const call = await t.app.inject({ url: `/api/v1/calls/${old}`, headers });
      assert.deepEqual(call.json().recording, { status: 'deleted', durationSeconds: null, sizeBytes: 10 });
      const gone = await t.app.inject({ url: `/api/v1/calls/${old}/recording`, headers });
      assert.equal(gone.json().error.code, 'RECORDING_NOT_FOUND');
      const log = await t.app.inject({ url: `/api/v1/calls/${old}/recording/access`, headers });
      assert.equal(log.json().items.length, 1);
      assert.equal(
        (await t.app.inject({ url: `/api/v1/calls/${recent}/recording`, headers })).statusCode,
        200,
      );
      assert.equal(
        (await worker.runOnce(t.clock.now())).expired,
        0,
        'a deleted recording is not deleted again',
      );
    });
  });
}
