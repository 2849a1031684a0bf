import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { readAllBytes, streamOfBytes } from '@calltrail/core/testing';
import { capBytes, TooLargeError, webStreamOf } from './byte-streams.ts';

test('a stream within its cap passes unchanged; one past it fails with TooLargeError', async () => {
  assert.equal(
    new TextDecoder().decode(await readAllBytes(capBytes(streamOfBytes('0123456789'), 10))),
    '0123456789',
  );
  await assert.rejects(readAllBytes(capBytes(streamOfBytes('0123456789A'), 10)), (error: unknown) => {
    return error instanceof TooLargeError && error.limit === 10;
  });
});

test('a Node stream is read only as fast as the web stream is, and cancelling it destroys the source', async () => {
  let produced = 0;
  const source = new Readable({
    highWaterMark: 1,
    read() {
      produced++;
      this.push(Buffer.from('chunk'));
    },
  });
  const reader = webStreamOf(source).getReader();
  await reader.read();
  await reader.read();
  // Node reads ahead by its own small buffer, never the whole source.
  assert.ok(produced <= 4, `produced ${produced} chunks for 2 reads`);
  await reader.cancel();
  assert.equal(source.destroyed, true);
});
