/** The S3 store passes the recording-store contract against a local S3-compatible server. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { recordingStoreContract, streamOfBytes } from '@calltrail/core/testing';
import { type LocalS3, startLocalS3 } from './local-s3.ts';
import { S3RecordingStore } from './s3-recording-store.ts';

describe('the S3 recording store', () => {
  let s3: LocalS3;
  before(async () => {
    s3 = await startLocalS3();
  });
  after(() => s3.close());

  recordingStoreContract('s3', () => new S3RecordingStore(s3.location, { partSize: 5 * 1024 * 1024 }));

  test('a recording longer than one part is uploaded in parts and read back whole', async () => {
    const requests: string[] = [];
    const store = new S3RecordingStore(s3.location, {
      partSize: 5 * 1024 * 1024,
      fetch: (input, init) => {
        const url = new URL(String(input));
        requests.push(`${init?.method} ${[...url.searchParams.keys()].join(',')}`);
        return fetch(input, init);
      },
    });
    const size = 11 * 1024 * 1024;
    const bytes = Uint8Array.from({ length: size }, (_, i) => i % 251);
    assert.deepEqual(await store.put('ws_a/rec_parts', streamOfBytes(bytes, 1 << 20), 'audio/wav'), {
      size,
      contentType: 'audio/wav',
    });
    assert.deepEqual(requests, [
      'POST uploads',
      'PUT partNumber,uploadId',
      'PUT partNumber,uploadId',
      'PUT partNumber,uploadId',
      'POST uploadId',
    ]);
    const read = await store.get('ws_a/rec_parts', { start: size - 1000 });
    assert.ok(read.ok);
    assert.equal(read.contentType, 'audio/wav');
    const tail = new Uint8Array(await new Response(read.body).arrayBuffer());
    assert.deepEqual(tail, bytes.subarray(size - 1000));
  });

  test('an upload whose source fails half-way is aborted and leaves nothing', async () => {
    const requests: string[] = [];
    const store = new S3RecordingStore(s3.location, {
      partSize: 5 * 1024 * 1024,
      fetch: (input, init) => {
        requests.push(String(init?.method));
        return fetch(input, init);
      },
    });
    let sent = 0;
    const failing = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ === 12) controller.error(new Error('the provider hung up'));
        else controller.enqueue(new Uint8Array(1 << 20));
      },
    });
    await assert.rejects(store.put('ws_a/rec_aborted', failing, 'audio/wav'), /the provider hung up/);
    assert.deepEqual(requests, ['POST', 'PUT', 'PUT', 'DELETE']);
    assert.equal(await store.stat('ws_a/rec_aborted'), null);
  });

  test('a wrong bucket is an error that names S3’s reason', async () => {
    const store = new S3RecordingStore({ ...s3.location, bucket: 'no-such-bucket' });
    await assert.rejects(
      store.put('ws_a/rec_1', streamOfBytes('x'), 'audio/wav'),
      /S3 PutObject answered 404 NoSuchBucket/,
    );
  });

  test('virtual-hosted addressing puts the bucket in the host name', async () => {
    const urls: string[] = [];
    const store = new S3RecordingStore(
      { ...s3.location, endpoint: 'https://storage.example:9000/base', forcePathStyle: false },
      {
        fetch: async (input) => {
          urls.push(String(input));
          return new Response(null, { status: 404 });
        },
      },
    );
    assert.equal(await store.stat('ws_a/rec_1'), null);
    assert.deepEqual(urls, ['https://recordings.storage.example:9000/base/ws_a/rec_1']);
  });
});
