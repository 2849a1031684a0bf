/** The directory store passes the recording-store contract, keeps inside its directory and leaves no debris. */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { recordingStoreContract, streamOfBytes } from '@calltrail/core/testing';
import { FsRecordingStore } from './fs-recording-store.ts';

const roots: string[] = [];
async function freshRoot(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'calltrail-recordings-'));
  roots.push(root);
  return root;
}
after(async () => {
  for (const root of roots) await rm(root, { recursive: true, force: true });
});

describe('the directory recording store', () => {
  recordingStoreContract('directory', async () => new FsRecordingStore(await freshRoot()));

  test('keys that could leave the directory are refused', async () => {
    const store = new FsRecordingStore(await freshRoot());
    for (const key of ['../escape', 'ws/../../escape', '/etc/passwd', 'ws//rec', 'ws/rec.mp3', '', 'ws/']) {
      await assert.rejects(store.put(key, streamOfBytes('x'), 'audio/mpeg'), /not a recording key/, key);
      await assert.rejects(store.get(key), /not a recording key/, key);
      await assert.rejects(store.delete(key), /not a recording key/, key);
    }
  });

  test('a key is a file under the directory, and a failed write leaves no temporary file', async () => {
    const root = await freshRoot();
    const store = new FsRecordingStore(root);
    await store.put('ws_1/rec_1', streamOfBytes('RIFF'), 'audio/wav');
    assert.equal(await readFile(join(root, 'ws_1', 'rec_1'), 'utf8'), 'CTREC1 audio/wav\nRIFF');
    const failing = new ReadableStream<Uint8Array>({ pull: (c) => c.error(new Error('cut off')) });
    await assert.rejects(store.put('ws_1/rec_2', failing, 'audio/wav'), /cut off/);
    assert.deepEqual(await readdir(join(root, 'ws_1')), ['rec_1']);
  });

  test('a content type that would break the file’s header is refused', async () => {
    const store = new FsRecordingStore(await freshRoot());
    await assert.rejects(store.put('ws_1/rec_1', streamOfBytes('x'), 'audio/mpeg\nfake'), /content type/);
  });
});
