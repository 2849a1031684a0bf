/**
 * Recordings in S3 or any S3-compatible object storage (MinIO, Ceph, Yandex Object Storage, …),
 * spoken to over fetch with Signature Version 4. A recording of up to one part (8 MiB) is one PUT;
 * a longer one is a multipart upload sent part by part, so memory holds at most two parts whatever
 * the length. S3 writes an object whole or not at all, and an upload that fails is aborted.
 */
import {
  type ByteRange,
  formatRange,
  isRecordingKey,
  type RecordingRead,
  type RecordingStore,
  resolveByteRange,
  type StoredRecording,
} from '@calltrail/core';
import { emptyPayloadHash, encodePathSegment, sha256Hex, signRequest } from './sigv4.ts';

export interface S3Location {
  /** Origin (and optional path) of the service, e.g. https://s3.eu-central-1.amazonaws.com. */
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** `endpoint/bucket/key` rather than `bucket.endpoint/key`: most self-hosted servers want it. */
  forcePathStyle: boolean;
}

export interface S3Options {
  fetch?: typeof globalThis.fetch;
  /** Bytes per multipart part; S3 requires at least 5 MiB for every part but the last. */
  partSize?: number;
  now?: () => Date;
}

const defaultPartSize = 8 * 1024 * 1024;

interface Call {
  method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE';
  key: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: Uint8Array<ArrayBuffer>;
}

/** Yields the stream in pieces of exactly `size` bytes, the last one shorter (maybe empty). */
async function* partsOf(
  body: ReadableStream<Uint8Array>,
  size: number,
): AsyncGenerator<Uint8Array<ArrayBuffer>> {
  const held: Uint8Array[] = [];
  let heldBytes = 0;
  const take = (length: number): Uint8Array<ArrayBuffer> => {
    const part = new Uint8Array(length);
    let at = 0;
    while (at < length) {
      const first = held[0]!;
      const used = Math.min(first.length, length - at);
      part.set(first.subarray(0, used), at);
      at += used;
      if (used === first.length) held.shift();
      else held[0] = first.subarray(used);
    }
    heldBytes -= length;
    return part;
  };
  for await (const chunk of body) {
    held.push(chunk);
    heldBytes += chunk.length;
    while (heldBytes >= size) yield take(size);
  }
  yield take(heldBytes);
}

const xmlText = (xml: string, tag: string) => new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml)?.[1];

const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

async function failure(what: string, response: Response): Promise<Error> {
  const text = await response.text().catch(() => '');
  const code = xmlText(text, 'Code');
  const message = xmlText(text, 'Message');
  return new Error(
    `S3 ${what} answered ${response.status}${code ? ` ${code}` : ''}${message ? `: ${message}` : ''}`,
  );
}

/** `bytes 0-9/55` → its parts; null for anything else. */
function contentRangeOf(response: Response) {
  const match = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(response.headers.get('content-range') ?? '');
  if (!match) return null;
  return { start: Number(match[1]), end: Number(match[2]), size: Number(match[3]) };
}

export class S3RecordingStore implements RecordingStore {
  private readonly fetch: typeof globalThis.fetch;
  private readonly partSize: number;
  private readonly now: () => Date;

  constructor(
    private readonly location: S3Location,
    options: S3Options = {},
  ) {
    this.fetch = options.fetch ?? globalThis.fetch;
    this.partSize = options.partSize ?? defaultPartSize;
    this.now = options.now ?? (() => new Date());
  }

  private urlOf(key: string, query: Record<string, string>): URL {
    if (!isRecordingKey(key)) throw new Error(`not a recording key: ${JSON.stringify(key)}`);
    const endpoint = new URL(this.location.endpoint);
    const base = endpoint.pathname.replace(/\/+$/, '');
    const path = key.split('/').map(encodePathSegment).join('/');
    const bucket = encodePathSegment(this.location.bucket);
    const url = this.location.forcePathStyle
      ? new URL(`${endpoint.origin}${base}/${bucket}/${path}`)
      : new URL(`${endpoint.protocol}//${bucket}.${endpoint.host}${base}/${path}`);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    return url;
  }

  private send(call: Call): Promise<Response> {
    const url = this.urlOf(call.key, call.query ?? {});
    const body = call.body ?? new Uint8Array();
    const payloadHash = call.body ? sha256Hex(body) : emptyPayloadHash;
    const headers = signRequest(
      {
        method: call.method,
        url,
        headers: { ...call.headers, 'x-amz-content-sha256': payloadHash },
        payloadHash,
      },
      { ...this.location, service: 's3' },
      this.now(),
    );
    return this.fetch(url, {
      method: call.method,
      headers,
      ...(call.method === 'PUT' || call.method === 'POST' ? { body } : {}),
    });
  }

  async put(key: string, body: ReadableStream<Uint8Array>, contentType: string): Promise<StoredRecording> {
    const parts = partsOf(body, this.partSize);
    const next = async () => (await parts.next()).value ?? new Uint8Array();
    try {
      const first = await next();
      const second = first.length === this.partSize ? await next() : new Uint8Array();
      if (second.length === 0) {
        await this.putObject(key, first, contentType);
        return { size: first.length, contentType };
      }
      return await this.putInParts(key, contentType, first, second, parts);
    } finally {
      // Stops reading the source when an upload fails half-way.
      await parts.return(undefined);
    }
  }

  private async putObject(key: string, body: Uint8Array<ArrayBuffer>, contentType: string): Promise<void> {
    const response = await this.send({ method: 'PUT', key, headers: { 'content-type': contentType }, body });
    if (!response.ok) throw await failure('PutObject', response);
    await response.body?.cancel();
  }

  private async putInParts(
    key: string,
    contentType: string,
    first: Uint8Array<ArrayBuffer>,
    second: Uint8Array<ArrayBuffer>,
    rest: AsyncGenerator<Uint8Array<ArrayBuffer>>,
  ): Promise<StoredRecording> {
    const created = await this.send({
      method: 'POST',
      key,
      query: { uploads: '' },
      headers: { 'content-type': contentType },
    });
    if (!created.ok) throw await failure('CreateMultipartUpload', created);
    const uploadId = xmlText(await created.text(), 'UploadId');
    if (!uploadId) throw new Error('S3 CreateMultipartUpload answered without an UploadId');
    const etags: string[] = [];
    let size = 0;
    const upload = async (part: Uint8Array<ArrayBuffer>) => {
      const partNumber = String(etags.length + 1);
      const response = await this.send({ method: 'PUT', key, query: { partNumber, uploadId }, body: part });
      if (!response.ok) throw await failure('UploadPart', response);
      await response.body?.cancel();
      const etag = response.headers.get('etag');
      if (!etag) throw new Error('S3 UploadPart answered without an ETag');
      etags.push(etag);
      size += part.length;
    };
    try {
      await upload(first);
      await upload(second);
      for await (const part of rest) if (part.length > 0) await upload(part);
      const manifest = etags
        .map((etag, i) => `<Part><PartNumber>${i + 1}</PartNumber><ETag>${escapeXml(etag)}</ETag></Part>`)
        .join('');
      const completed = await this.send({
        method: 'POST',
        key,
        query: { uploadId },
        headers: { 'content-type': 'application/xml' },
        body: new TextEncoder().encode(
          `<CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${manifest}</CompleteMultipartUpload>`,
        ),
      });
      if (!completed.ok) throw await failure('CompleteMultipartUpload', completed);
      // S3 may answer 200 and report the failure in the body.
      const answer = await completed.text();
      if (answer.includes('<Error>')) {
        throw new Error(`S3 CompleteMultipartUpload failed: ${xmlText(answer, 'Code') ?? answer}`);
      }
      return { size, contentType };
    } catch (error) {
      const aborted = await this.send({ method: 'DELETE', key, query: { uploadId } }).catch(() => null);
      await aborted?.body?.cancel();
      throw error;
    }
  }

  async get(key: string, range?: ByteRange): Promise<RecordingRead> {
    let asked = range;
    if (asked && 'suffix' in asked) {
      // Some S3-compatible servers read `bytes=-N` as `bytes=0-N`: ask for the same bytes by position.
      const object = await this.stat(key);
      if (!object) return { ok: false, reason: 'not_found' };
      const bytes = resolveByteRange(asked, object.size);
      if (!bytes) return { ok: false, reason: 'range_not_satisfiable', size: object.size };
      asked = bytes;
    }
    const response = await this.send({
      method: 'GET',
      key,
      headers: asked ? { range: formatRange(asked) } : {},
    });
    if (response.status === 404) {
      await response.body?.cancel();
      return { ok: false, reason: 'not_found' };
    }
    if (response.status === 416) {
      await response.body?.cancel();
      const object = await this.stat(key);
      return object
        ? { ok: false, reason: 'range_not_satisfiable', size: object.size }
        : { ok: false, reason: 'not_found' };
    }
    if (response.status !== 200 && response.status !== 206) throw await failure('GetObject', response);
    const contentType = response.headers.get('content-type') ?? 'application/octet-stream';
    const served =
      response.status === 206
        ? contentRangeOf(response)
        : (() => {
            const size = Number(response.headers.get('content-length'));
            return { start: 0, end: size - 1, size };
          })();
    if (!served || !Number.isInteger(served.size)) {
      await response.body?.cancel();
      throw new Error(`S3 GetObject answered ${response.status} without a usable size`);
    }
    const { size } = served;
    const wanted = asked ? resolveByteRange(asked, size) : { start: 0, end: size - 1 };
    if (!wanted) {
      await response.body?.cancel();
      return { ok: false, reason: 'range_not_satisfiable', size };
    }
    if (wanted.start !== served.start || wanted.end !== served.end) {
      await response.body?.cancel();
      throw new Error(
        `S3 GetObject served bytes ${served.start}-${served.end} for ${wanted.start}-${wanted.end}`,
      );
    }
    const stream = response.body ?? new ReadableStream<Uint8Array>({ start: (c) => c.close() });
    return { ok: true, body: stream, size, contentType, ...wanted };
  }

  async stat(key: string): Promise<StoredRecording | null> {
    const response = await this.send({ method: 'HEAD', key });
    if (response.status === 404) return null;
    if (!response.ok) throw await failure('HeadObject', response);
    return {
      size: Number(response.headers.get('content-length')),
      contentType: response.headers.get('content-type') ?? 'application/octet-stream',
    };
  }

  async delete(key: string): Promise<void> {
    const response = await this.send({ method: 'DELETE', key });
    // S3 answers 204 whether or not the key existed; some compatible servers answer 404.
    if (!response.ok && response.status !== 404) throw await failure('DeleteObject', response);
    await response.body?.cancel();
  }
}
