/**
 * The contract every RecordingStore passes, written once; each adapter's test file calls it with a
 * factory. It uses node:test, so it is imported only by test files.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RecordingRead, RecordingStore } from '../recordings/recording-store.ts';

const encoder = new TextEncoder();

/** A stream of `bytes` in chunks of `chunk` bytes, so stores see more than one write. */
export function streamOfBytes(bytes: Uint8Array | string, chunk = 7): ReadableStream<Uint8Array> {
  const data = typeof bytes === 'string' ? encoder.encode(bytes) : bytes;
  let at = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= data.length) {
        controller.close();
        return;
      }
      controller.enqueue(data.slice(at, at + chunk));
      at += chunk;
    },
  });
}

export async function readAllBytes(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let length = 0;
  for await (const part of stream) {
    parts.push(part);
    length += part.length;
  }
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

type Found = Extract<RecordingRead, { ok: true }>;

function found(read: RecordingRead): Found {
  assert.ok(read.ok, `expected the object, got ${JSON.stringify(read)}`);
  return read;
}

/** The range read as text, with where it sits in the object. */
async function piece(read: RecordingRead) {
  const { body, start, end, size, contentType } = found(read);
  return { text: text(await readAllBytes(body)), start, end, size, contentType };
}

// Byte i of the large object: each 64 KiB block starts with its own number, so a block lost,
// repeated or swapped shows, and the rest follows a pattern cheap to check.
const blockSize = 64 * 1024;
const pattern = Uint8Array.from({ length: blockSize }, (_, i) => (i * 7 + 13) & 255);

function largeStream(size: number): ReadableStream<Uint8Array> {
  let block = 0;
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const at = block * blockSize;
        if (at >= size) {
          controller.close();
          return;
        }
        const chunk = pattern.slice(0, Math.min(blockSize, size - at));
        new DataView(chunk.buffer).setUint32(0, block, true);
        block++;
        controller.enqueue(chunk);
      },
    },
    { highWaterMark: 0 },
  );
}

async function checkLarge(stream: ReadableStream<Uint8Array>, size: number): Promise<void> {
  let position = 0;
  for await (const chunk of stream) {
    for (let i = 0; i < chunk.length; i++, position++) {
      const offset = position & (blockSize - 1);
      const expected =
        offset < 4 ? (Math.floor(position / blockSize) >>> (8 * offset)) & 255 : pattern[offset];
      if (chunk[i] !== expected) assert.fail(`byte ${position} is ${chunk[i]}, expected ${expected}`);
    }
  }
  assert.equal(position, size);
}

/** Runs `work` and returns how far the heap and buffers outside it grew at most meanwhile. */
async function peakGrowth(work: () => Promise<void>): Promise<number> {
  const used = () => {
    const memory = process.memoryUsage();
    return memory.heapUsed + memory.external;
  };
  const base = used();
  let peak = base;
  const sampler = setInterval(() => {
    peak = Math.max(peak, used());
  }, 5);
  try {
    await work();
  } finally {
    clearInterval(sampler);
  }
  return Math.max(peak, used()) - base;
}

export function recordingStoreContract(
  name: string,
  create: () => Promise<RecordingStore> | RecordingStore,
): void {
  const audio = 'ID3 this is not really an mp3, but it is 55 bytes long.';

  test(`${name}: a stored stream comes back whole, with its size and type`, async () => {
    const store = await create();
    assert.deepEqual(await store.put('ws_a/rec_whole', streamOfBytes(audio), 'audio/mpeg'), {
      size: 55,
      contentType: 'audio/mpeg',
    });
    assert.deepEqual(await piece(await store.get('ws_a/rec_whole')), {
      text: audio,
      start: 0,
      end: 54,
      size: 55,
      contentType: 'audio/mpeg',
    });
    assert.deepEqual(await store.stat('ws_a/rec_whole'), { size: 55, contentType: 'audio/mpeg' });
  });

  test(`${name}: byte ranges are served as an audio player asks for them`, async () => {
    const store = await create();
    await store.put('ws_a/rec_ranges', streamOfBytes(audio), 'audio/ogg');
    const read = async (range: Parameters<RecordingStore['get']>[1]) => {
      const { text, start, end, size } = await piece(await store.get('ws_a/rec_ranges', range));
      return { text, start, end, size };
    };
    assert.deepEqual(await read({ start: 0 }), { text: audio, start: 0, end: 54, size: 55 });
    assert.deepEqual(await read({ start: 4, end: 7 }), { text: 'this', start: 4, end: 7, size: 55 });
    assert.deepEqual(await read({ start: 47 }), { text: 'es long.', start: 47, end: 54, size: 55 });
    assert.deepEqual(await read({ start: 54, end: 54 }), { text: '.', start: 54, end: 54, size: 55 });
    assert.deepEqual(await read({ start: 50, end: 1000 }), { text: 'long.', start: 50, end: 54, size: 55 });
    assert.deepEqual(await read({ suffix: 5 }), { text: 'long.', start: 50, end: 54, size: 55 });
    assert.deepEqual(await read({ suffix: 500 }), { text: audio, start: 0, end: 54, size: 55 });
  });

  test(`${name}: a range beyond the end is not satisfiable, and the answer gives the size`, async () => {
    const store = await create();
    await store.put('ws_a/rec_beyond', streamOfBytes(audio), 'audio/ogg');
    const unsatisfiable = { ok: false, reason: 'range_not_satisfiable', size: 55 };
    assert.deepEqual(await store.get('ws_a/rec_beyond', { start: 55 }), unsatisfiable);
    assert.deepEqual(await store.get('ws_a/rec_beyond', { start: 100, end: 200 }), unsatisfiable);
    assert.deepEqual(await store.get('ws_a/rec_beyond', { suffix: 0 }), unsatisfiable);
  });

  test(`${name}: a missing key is not found, which is an answer and not an error`, async () => {
    const store = await create();
    assert.deepEqual(await store.get('ws_a/rec_missing'), { ok: false, reason: 'not_found' });
    assert.deepEqual(await store.get('ws_a/rec_missing', { start: 0 }), { ok: false, reason: 'not_found' });
    assert.deepEqual(await store.get('ws_a/rec_missing', { suffix: 3 }), { ok: false, reason: 'not_found' });
    assert.equal(await store.stat('ws_a/rec_missing'), null);
  });

  test(`${name}: delete removes the object, and deleting again or deleting nothing is fine`, async () => {
    const store = await create();
    await store.put('ws_a/rec_deleted', streamOfBytes(audio), 'audio/mpeg');
    await store.delete('ws_a/rec_deleted');
    assert.deepEqual(await store.get('ws_a/rec_deleted'), { ok: false, reason: 'not_found' });
    assert.equal(await store.stat('ws_a/rec_deleted'), null);
    await store.delete('ws_a/rec_deleted');
    await store.delete('ws_never/rec_never');
  });

  test(`${name}: a put replaces the whole object, its type included`, async () => {
    const store = await create();
    await store.put('ws_a/rec_replaced', streamOfBytes(audio), 'audio/mpeg');
    await store.put('ws_a/rec_replaced', streamOfBytes('RIFF short'), 'audio/wav');
    assert.deepEqual(await piece(await store.get('ws_a/rec_replaced')), {
      text: 'RIFF short',
      start: 0,
      end: 9,
      size: 10,
      contentType: 'audio/wav',
    });
  });

  test(`${name}: a put whose stream fails leaves the previous object as it was`, async () => {
    const store = await create();
    await store.put('ws_a/rec_kept', streamOfBytes(audio), 'audio/mpeg');
    let sent = 0;
    const failing = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ === 3) controller.error(new Error('the provider hung up'));
        else controller.enqueue(encoder.encode('partial '));
      },
    });
    await assert.rejects(store.put('ws_a/rec_kept', failing, 'audio/wav'), /the provider hung up/);
    assert.deepEqual((await piece(await store.get('ws_a/rec_kept'))).text, audio);
    assert.deepEqual(await store.stat('ws_a/rec_kept'), { size: 55, contentType: 'audio/mpeg' });
    const fresh = new ReadableStream<Uint8Array>({
      pull: (controller) => controller.error(new Error('nothing at all')),
    });
    await assert.rejects(store.put('ws_a/rec_never_written', fresh, 'audio/wav'), /nothing at all/);
    assert.equal(await store.stat('ws_a/rec_never_written'), null);
  });

  test(`${name}: an empty recording is stored, and no range of it can be served`, async () => {
    const store = await create();
    assert.deepEqual(await store.put('ws_a/rec_empty', streamOfBytes(''), 'audio/wav'), {
      size: 0,
      contentType: 'audio/wav',
    });
    const whole = found(await store.get('ws_a/rec_empty'));
    assert.deepEqual(await readAllBytes(whole.body), new Uint8Array());
    assert.equal(whole.size, 0);
    const unsatisfiable = { ok: false, reason: 'range_not_satisfiable', size: 0 };
    assert.deepEqual(await store.get('ws_a/rec_empty', { start: 0 }), unsatisfiable);
    assert.deepEqual(await store.get('ws_a/rec_empty', { suffix: 1 }), unsatisfiable);
  });

  test(`${name}: keys that share a beginning are separate objects`, async () => {
    const store = await create();
    await store.put('ws_b/rec_1', streamOfBytes('one'), 'audio/mpeg');
    await store.put('ws_b/rec_10', streamOfBytes('ten'), 'audio/mpeg');
    await store.put('ws_c/rec_1', streamOfBytes('other workspace'), 'audio/mpeg');
    await store.delete('ws_b/rec_10');
    assert.equal((await piece(await store.get('ws_b/rec_1'))).text, 'one');
    assert.equal((await piece(await store.get('ws_c/rec_1'))).text, 'other workspace');
  });

  test(`${name}: a reader may stop early, and the object stays readable`, async () => {
    const store = await create();
    await store.put('ws_a/rec_cancelled', streamOfBytes(audio), 'audio/mpeg');
    for (let i = 0; i < 20; i++) {
      const read = found(await store.get('ws_a/rec_cancelled', { start: 10 }));
      await read.body.cancel();
    }
    assert.equal((await piece(await store.get('ws_a/rec_cancelled', { start: 51 }))).text, 'ong.');
  });

  test(`${name}: a large recording goes in and out as a stream, never held in memory whole`, async () => {
    const store = await create();
    const size = 256 * 1024 * 1024 + 12_345;
    const written = await peakGrowth(async () => {
      assert.deepEqual(await store.put('ws_a/rec_large', largeStream(size), 'audio/wav'), {
        size,
        contentType: 'audio/wav',
      });
    });
    const read = await peakGrowth(async () => {
      const { body, start, end } = found(await store.get('ws_a/rec_large'));
      assert.deepEqual([start, end], [0, size - 1]);
      await checkLarge(body, size);
    });
    // Holding the object would take all 256 MiB. A stream holds a few chunks (or an upload part or
    // two); the rest of the margin is for garbage the collector has not reclaimed yet.
    const limit = 128 * 1024 * 1024;
    assert.ok(written < limit, `writing grew memory by ${Math.round(written / 2 ** 20)} MiB`);
    assert.ok(read < limit, `reading grew memory by ${Math.round(read / 2 ** 20)} MiB`);
    const tail = found(await store.get('ws_a/rec_large', { suffix: 3 }));
    assert.deepEqual([tail.start, tail.end], [size - 3, size - 1]);
    await tail.body.cancel();
    await store.delete('ws_a/rec_large');
  });
}
