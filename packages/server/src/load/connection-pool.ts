/**
 * A fixed number of keep-alive connections to one server. A request waits for a free connection;
 * that wait is part of its latency, as it would be for a browser whose connections are all busy.
 */
import { HttpConnection, type HttpReply, HttpTransportError } from './http-connection.ts';

export interface PoolOptions {
  connections: number;
  /** A request with no reply after this long fails with the code `timeout`. */
  timeoutMs: number;
}

/** Serialises a request with a body; the headers must not contain Content-Length. */
export function httpRequest(
  method: string,
  path: string,
  headers: Readonly<Record<string, string>>,
  body: string,
): string {
  let text = `${method} ${path} HTTP/1.1\r\n`;
  for (const name in headers) text += `${name}: ${headers[name]}\r\n`;
  return `${text}content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

export class ConnectionPool {
  readonly host: string;
  readonly port: number;
  readonly #options: PoolOptions;
  readonly #idle: HttpConnection[] = [];
  readonly #all = new Set<HttpConnection>();
  readonly #waiting: { resolve(connection: HttpConnection): void; reject(error: Error): void }[] = [];
  #closed = false;

  constructor(url: string, options: PoolOptions) {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:') throw new Error(`only http:// targets are supported, got ${url}`);
    this.host = parsed.hostname.replace(/^\[|\]$/g, '');
    this.port = Number(parsed.port || 80);
    this.#options = options;
  }

  /** The value for a Host header. */
  get authority(): string {
    return this.host.includes(':') ? `[${this.host}]:${this.port}` : `${this.host}:${this.port}`;
  }

  async send(request: string): Promise<HttpReply> {
    const connection = await this.#acquire();
    try {
      return await connection.send(request);
    } finally {
      this.#release(connection);
    }
  }

  /** Closes every connection; requests still waiting or in flight fail with the code `closed`. */
  close(): void {
    this.#closed = true;
    for (const waiter of this.#waiting.splice(0)) {
      waiter.reject(new HttpTransportError('closed', 'the connection pool was closed'));
    }
    for (const connection of this.#all) connection.close();
    this.#idle.length = 0;
  }

  #connect(): HttpConnection {
    const connection = new HttpConnection(this.host, this.port, this.#options.timeoutMs);
    this.#all.add(connection);
    return connection;
  }

  #acquire(): Promise<HttpConnection> | HttpConnection {
    if (this.#closed) throw new HttpTransportError('closed', 'the connection pool was closed');
    // A server may close a keep-alive connection while it sits idle.
    for (let idle = this.#idle.pop(); idle; idle = this.#idle.pop()) {
      if (idle.reusable) return idle;
      this.#all.delete(idle);
    }
    if (this.#all.size < this.#options.connections) return this.#connect();
    return new Promise((resolve, reject) => this.#waiting.push({ resolve, reject }));
  }

  #release(connection: HttpConnection): void {
    if (this.#closed) return;
    let next: HttpConnection | null = connection;
    if (!connection.reusable) {
      connection.close();
      this.#all.delete(connection);
      next = null;
    }
    const waiter = this.#waiting.shift();
    if (waiter) waiter.resolve(next ?? this.#connect());
    else if (next) this.#idle.push(next);
  }
}
