/**
 * Recordings in a directory (`<DATA_DIR>/recordings` by default): one file per key, written to a
 * temporary file beside it, flushed to disk and renamed over the old one, so a reader sees the old
 * file or the new one and a failed write leaves nothing behind. The content type travels in the file:
 * a one-line header before the audio, so type and bytes are replaced in the same rename.
 */
import { randomUUID } from 'node:crypto';
import { type FileHandle, mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import {
  type ByteRange,
  isRecordingKey,
  type RecordingRead,
  type RecordingStore,
  resolveByteRange,
  type StoredRecording,
} from '@calltrail/core';

const magic = 'CTREC1 ';
const maxHeader = 512;
const readChunk = 64 * 1024;

interface OpenedFile extends StoredRecording {
  handle: FileHandle;
  headerLength: number;
}

function isMissing(error: unknown): boolean {
  return (error as { code?: unknown }).code === 'ENOENT';
}

async function writeFully(handle: FileHandle, chunk: Uint8Array): Promise<void> {
  let at = 0;
  while (at < chunk.length) {
    const { bytesWritten } = await handle.write(chunk, at, chunk.length - at);
    at += bytesWritten;
  }
}

/** Reads `length` bytes from `position` on demand, and closes the file when done or cancelled. */
function fileStream(handle: FileHandle, position: number, length: number): ReadableStream<Uint8Array> {
  let at = position;
  const end = position + length;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          if (at >= end) {
            await handle.close();
            controller.close();
            return;
          }
          const buffer = new Uint8Array(Math.min(readChunk, end - at));
          const { bytesRead } = await handle.read(buffer, 0, buffer.length, at);
          if (bytesRead === 0) throw new Error('the recording file is shorter than its size');
          at += bytesRead;
          controller.enqueue(buffer.subarray(0, bytesRead));
        } catch (error) {
          await handle.close().catch(() => {});
          controller.error(error);
        }
      },
      cancel: () => handle.close(),
    },
    { highWaterMark: 0 },
  );
}

export class FsRecordingStore implements RecordingStore {
  constructor(private readonly root: string) {}

  private pathOf(key: string): string {
    if (!isRecordingKey(key)) throw new Error(`not a recording key: ${JSON.stringify(key)}`);
    return join(this.root, ...key.split('/'));
  }

  async put(key: string, body: ReadableStream<Uint8Array>, contentType: string): Promise<StoredRecording> {
    if (!/^[\x20-\x7e]+$/.test(contentType) || contentType.length > maxHeader - magic.length - 1) {
      throw new Error(`not a storable content type: ${JSON.stringify(contentType)}`);
    }
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    const temporary = join(dirname(path), `.${basename(path)}.${randomUUID()}.tmp`);
    const handle = await open(temporary, 'wx');
    let size = 0;
    try {
      try {
        await writeFully(handle, new TextEncoder().encode(`${magic}${contentType}\n`));
        for await (const chunk of body) {
          await writeFully(handle, chunk);
          size += chunk.length;
        }
        // On disk before it replaces the old file: a crash must not leave a renamed empty file.
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    return { size, contentType };
  }

  private async openFile(key: string): Promise<OpenedFile | null> {
    let handle: FileHandle;
    try {
      handle = await open(this.pathOf(key), 'r');
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
    try {
      const head = new Uint8Array(maxHeader);
      const { bytesRead } = await handle.read(head, 0, maxHeader, 0);
      const text = new TextDecoder().decode(head.subarray(0, bytesRead));
      const newline = text.indexOf('\n');
      if (!text.startsWith(magic) || newline < 0) throw new Error(`${key} is not a recording file`);
      const headerLength = new TextEncoder().encode(text.slice(0, newline + 1)).length;
      const { size } = await handle.stat();
      return {
        handle,
        headerLength,
        size: size - headerLength,
        contentType: text.slice(magic.length, newline),
      };
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  async get(key: string, range?: ByteRange): Promise<RecordingRead> {
    const file = await this.openFile(key);
    if (!file) return { ok: false, reason: 'not_found' };
    const { handle, headerLength, size, contentType } = file;
    const bytes = range ? resolveByteRange(range, size) : { start: 0, end: size - 1 };
    if (!bytes) {
      await handle.close();
      return { ok: false, reason: 'range_not_satisfiable', size };
    }
    const length = bytes.end - bytes.start + 1;
    return {
      ok: true,
      size,
      contentType,
      ...bytes,
      body: fileStream(handle, headerLength + bytes.start, length),
    };
  }

  async stat(key: string): Promise<StoredRecording | null> {
    const file = await this.openFile(key);
    if (!file) return null;
    await file.handle.close();
    return { size: file.size, contentType: file.contentType };
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }
}
