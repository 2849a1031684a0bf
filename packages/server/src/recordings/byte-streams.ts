/** Stream plumbing for recordings: Node streams to web streams with backpressure, and a size cap. */
import type { Readable } from 'node:stream';

/**
 * A web stream that pulls from a Node stream one chunk per read, so a slow store slows the sender
 * instead of filling memory. Cancelling it destroys the source.
 */
export function webStreamOf(source: Readable): ReadableStream<Uint8Array> {
  const chunks = source[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(next.value as Uint8Array);
      },
      async cancel() {
        await chunks.return?.();
        source.destroy();
      },
    },
    { highWaterMark: 0 },
  );
}

/** Thrown into a stream that carries more than its cap. */
export class TooLargeError extends Error {
  override name = 'TooLargeError';
  constructor(readonly limit: number) {
    super(`more than ${limit} bytes`);
  }
}

/** Passes `body` through, failing it with TooLargeError once it goes past `limit` bytes. */
export function capBytes(body: ReadableStream<Uint8Array>, limit: number): ReadableStream<Uint8Array> {
  let seen = 0;
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.length;
        if (seen > limit) controller.error(new TooLargeError(limit));
        else controller.enqueue(chunk);
      },
    }),
  );
}
