/**
 * The recordings port: where a call recording's audio lives once it was fetched from the provider or
 * uploaded. Audio is moved as web streams, never as one buffer, so a long recording costs the same
 * memory as a short one. Adapters live in the server (a directory, S3-compatible object storage) and
 * pass one contract suite (`recordingStoreContract` in core's testing module).
 */
import type { ByteRange } from './byte-range.ts';

/** What a store knows of an object without reading it. */
export interface StoredRecording {
  size: number;
  contentType: string;
}

/** Bytes `start`..`end` (inclusive) of an object of `size` bytes. */
export interface RecordingBytes extends StoredRecording {
  body: ReadableStream<Uint8Array>;
  start: number;
  end: number;
}

/** A read is a value: a missing object or a range outside it is an expected answer, not an error. */
export type RecordingRead =
  | ({ ok: true } & RecordingBytes)
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'range_not_satisfiable'; size: number };

/**
 * Keys are one or more segments of letters, digits, `_` and `-`, joined by `/`, such as
 * `ws_1/rec_2`: safe as a file path and as an object key alike.
 */
export interface RecordingStore {
  /**
   * Stores the whole stream under the key, replacing what was there. A reader sees the old object
   * or the new one, never a part: when the stream fails, the old one stays.
   */
  put(key: string, body: ReadableStream<Uint8Array>, contentType: string): Promise<StoredRecording>;
  /** The whole object, or one byte range of it. The caller reads or cancels `body`. */
  get(key: string, range?: ByteRange): Promise<RecordingRead>;
  stat(key: string): Promise<StoredRecording | null>;
  /** Deleting what is not there is not an error. */
  delete(key: string): Promise<void>;
}

const keyPattern = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/;

export function isRecordingKey(key: string): boolean {
  return key.length <= 512 && keyPattern.test(key);
}
