/**
 * One keep-alive HTTP/1.1 connection that carries one request at a time and parses replies itself.
 * On a 2-vCPU machine the load generator competes with the server it measures; this costs a fraction
 * of node:http's client per request, so the figures describe the server rather than the client.
 */
import { connect, type Socket } from 'node:net';

export interface HttpReply {
  status: number;
  body: string;
}

/** A request that got no HTTP reply: `code` is a socket error code (ECONNREFUSED…) or `timeout`. */
export class HttpTransportError extends Error {
  override name = 'HttpTransportError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface Pending {
  resolve(reply: HttpReply): void;
  reject(error: HttpTransportError): void;
}

const headEnd = Buffer.from('\r\n\r\n');

export class HttpConnection {
  readonly #socket: Socket;
  readonly #ready: Promise<void>;
  #connected = false;
  #rejectReady: (error: HttpTransportError) => void = () => {};
  #pending: Pending | null = null;
  #buffer: Buffer = Buffer.alloc(0);
  #closed = false;
  /** False once a reply said `Connection: close`. */
  #reusable = true;

  constructor(host: string, port: number, timeoutMs: number) {
    this.#socket = connect({ host, port, noDelay: true });
    this.#ready = new Promise((resolve, reject) => {
      this.#rejectReady = reject;
      this.#socket.once('connect', () => {
        this.#connected = true;
        resolve();
      });
    });
    // Rejections are delivered to callers of send(); this one only keeps Node from reporting it.
    this.#ready.catch(() => {});
    this.#socket.setTimeout(timeoutMs);
    this.#socket.on('timeout', () => {
      // Idle keep-alive sockets may sit quietly; only a request waiting for its reply times out.
      if (this.#pending || !this.#connected)
        this.#fail(new HttpTransportError('timeout', `no reply within ${timeoutMs} ms`));
    });
    this.#socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    this.#socket.on('error', (error: NodeJS.ErrnoException) =>
      this.#fail(new HttpTransportError(error.code ?? 'ESOCKET', error.message)),
    );
    this.#socket.on('close', () =>
      this.#fail(new HttpTransportError('ECONNRESET', 'the server closed the connection')),
    );
  }

  /** Whether another request may be sent on this connection once the current one is answered. */
  get reusable(): boolean {
    return this.#reusable && !this.#closed;
  }

  /** Sends a complete request (head and body already serialised) and resolves with the reply. */
  async send(request: string): Promise<HttpReply> {
    if (this.#pending) throw new Error('one request at a time per connection');
    await this.#ready;
    if (this.#closed) throw new HttpTransportError('ECONNRESET', 'the connection is closed');
    return new Promise<HttpReply>((resolve, reject) => {
      this.#pending = { resolve, reject };
      this.#socket.write(request);
    });
  }

  close(): void {
    this.#closed = true;
    this.#socket.destroy();
  }

  #fail(error: HttpTransportError): void {
    this.#closed = true;
    this.#socket.destroy();
    this.#rejectReady(error);
    const pending = this.#pending;
    this.#pending = null;
    pending?.reject(error);
  }

  #onData(chunk: Buffer): void {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    const parsed = parseReply(this.#buffer);
    if (parsed === null) return;
    if (parsed === 'invalid') {
      this.#fail(new HttpTransportError('EPROTO', 'the reply is not valid HTTP/1.1'));
      return;
    }
    this.#buffer = this.#buffer.subarray(parsed.length);
    if (!parsed.keepAlive) this.#reusable = false;
    const pending = this.#pending;
    this.#pending = null;
    pending?.resolve({ status: parsed.status, body: parsed.body });
    if (!this.#reusable) this.close();
  }
}

interface ParsedReply {
  status: number;
  body: string;
  keepAlive: boolean;
  /** Bytes the reply took from the buffer. */
  length: number;
}

/** One complete reply from the start of `data`, null while incomplete. Exported for its tests. */
export function parseReply(data: Buffer): ParsedReply | 'invalid' | null {
  const end = data.indexOf(headEnd);
  if (end < 0) return null;
  const head = data.toString('latin1', 0, end);
  if (!head.startsWith('HTTP/1.')) return 'invalid';
  const status = Number(head.slice(9, 12));
  if (!Number.isInteger(status)) return 'invalid';
  let contentLength = -1;
  let chunked = false;
  let keepAlive = head.startsWith('HTTP/1.1');
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line
      .slice(colon + 1)
      .trim()
      .toLowerCase();
    if (name === 'content-length') contentLength = Number(value);
    else if (name === 'transfer-encoding') chunked = value.includes('chunked');
    else if (name === 'connection') keepAlive = value.includes('keep-alive') || !value.includes('close');
  }
  const bodyStart = end + headEnd.length;
  if (status === 204 || status === 304 || (status >= 100 && status < 200)) {
    return { status, body: '', keepAlive, length: bodyStart };
  }
  if (chunked) {
    const chunks: Buffer[] = [];
    let at = bodyStart;
    for (;;) {
      const lineEnd = data.indexOf('\r\n', at);
      if (lineEnd < 0) return null;
      const size = Number.parseInt(data.toString('latin1', at, lineEnd), 16);
      if (!Number.isInteger(size) || size < 0) return 'invalid';
      const chunkStart = lineEnd + 2;
      if (size === 0) {
        // No trailers are expected: the reply ends with the empty line after the last chunk.
        if (data.length < chunkStart + 2) return null;
        return { status, body: Buffer.concat(chunks).toString('utf8'), keepAlive, length: chunkStart + 2 };
      }
      if (data.length < chunkStart + size + 2) return null;
      chunks.push(data.subarray(chunkStart, chunkStart + size));
      at = chunkStart + size + 2;
    }
  }
  if (contentLength < 0 || !Number.isInteger(contentLength)) {
    // Only a body ended by closing the connection has neither; a load client cannot wait for that.
    return 'invalid';
  }
  if (data.length < bodyStart + contentLength) return null;
  return {
    status,
    body: data.toString('utf8', bodyStart, bodyStart + contentLength),
    keepAlive,
    length: bodyStart + contentLength,
  };
}
