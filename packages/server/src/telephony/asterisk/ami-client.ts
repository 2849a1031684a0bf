/**
 * A client of the Asterisk Manager Interface over TCP: reads the banner, logs in with an ActionID,
 * hands every event over in order, and keeps the session alive. After a drop, a silent peer or a
 * refused login it reconnects with exponential backoff, for as long as it is not closed.
 */
import { createConnection, type Socket } from 'node:net';
import { type AmiFrame, AmiFrameReader, formatFrame } from './ami-frame.ts';
import { type Backoff, backoffDelay, reconnectBackoff } from './backoff.ts';

export type ConnectorLog = (message: string, details?: Record<string, unknown>) => void;

/** What a logged-in session offers its user. */
export interface AmiSession {
  /** Sends an action and resolves with its response (a `Response: Error` too); rejects on timeout or drop. */
  action(name: string, fields?: Record<string, string>): Promise<AmiFrame>;
}

export interface AmiClientOptions {
  host: string;
  port: number;
  username: string;
  secret: string;
  /** The event classes to receive (Login's `Events`), e.g. `call,cdr`. */
  events: string;
  /** Every event of a logged-in session, in the order received. */
  onEvent(frame: AmiFrame): void;
  /** After each successful login, before the session's later events are read. */
  onLogin?(session: AmiSession): Promise<void> | void;
  log: ConnectorLog;
  backoff?: Backoff;
  random?: () => number;
  /** A Ping this often proves a quiet connection alive; NAT boxes drop idle TCP silently. */
  pingIntervalMs?: number;
  /** How long the banner, a login or any response may take. */
  responseTimeoutMs?: number;
}

interface Pending {
  resolve(frame: AmiFrame): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

export class AmiClient {
  private socket: Socket | null = null;
  private retry: NodeJS.Timeout | null = null;
  private attempt = 0;
  private closing = false;
  private stopped: (() => void) | null = null;
  private actionCount = 0;

  constructor(private readonly options: AmiClientOptions) {}

  start(): void {
    this.connect();
  }

  /** Stops reconnecting and closes the connection; resolves once the socket is closed. */
  close(): Promise<void> {
    this.closing = true;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    const socket = this.socket;
    if (!socket) return Promise.resolve();
    return new Promise((resolve) => {
      this.stopped = resolve;
      socket.destroy();
    });
  }

  private connect(): void {
    const { options } = this;
    const socket = createConnection({ host: options.host, port: options.port });
    this.socket = socket;
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 30_000);
    const reader = new AmiFrameReader();
    const pending = new Map<string, Pending>();
    const responseTimeoutMs = options.responseTimeoutMs ?? 10_000;
    let loggedIn = false;
    let failure = 'connection closed';
    let ping: NodeJS.Timeout | null = null;
    const drop = (reason: string) => {
      failure = reason;
      socket.destroy();
    };
    // Asterisk sends the banner at once; a server that does not is not an AMI port.
    const bannerTimer = setTimeout(() => drop('no AMI banner'), responseTimeoutMs);

    // Responses are handled inside the read loop, not a promise later: the events that follow a
    // login's response in the same chunk must already see the session as logged in.
    const send = (
      name: string,
      fields: Record<string, string>,
      onResponse: (frame: AmiFrame) => void,
      onFailure: (error: Error) => void,
    ) => {
      if (socket.destroyed) {
        onFailure(new Error('AMI connection closed'));
        return;
      }
      this.actionCount += 1;
      const actionId = `calltrail-${this.actionCount}`;
      const timer = setTimeout(() => {
        pending.delete(actionId);
        onFailure(new Error(`AMI ${name}: no response within ${responseTimeoutMs} ms`));
      }, responseTimeoutMs);
      pending.set(actionId, { resolve: onResponse, reject: onFailure, timer });
      socket.write(formatFrame([['Action', name], ['ActionID', actionId], ...Object.entries(fields)]));
    };
    const session: AmiSession = {
      action: (name, fields = {}) =>
        new Promise<AmiFrame>((resolve, reject) => send(name, fields, resolve, reject)),
    };

    const login = () =>
      send(
        'Login',
        { Username: options.username, Secret: options.secret, Events: options.events },
        (response) => {
          if (response.get('Response') !== 'Success') {
            // Asterisk closes the socket after a refused login; this side does not wait for it.
            drop(`login refused: ${response.get('Message') ?? 'no message'}`);
            return;
          }
          loggedIn = true;
          this.attempt = 0;
          options.log('AMI logged in', { host: options.host, port: options.port });
          ping = setInterval(() => {
            session.action('Ping').catch(() => drop('no answer to Ping'));
          }, options.pingIntervalMs ?? 30_000);
          Promise.resolve(options.onLogin?.(session)).catch((error: Error) =>
            options.log('AMI session setup failed', { error: error.message }),
          );
        },
        (error) => drop(`login failed: ${error.message}`),
      );

    socket.on('data', (chunk: Buffer) => {
      let read: ReturnType<AmiFrameReader['push']>;
      try {
        read = reader.push(chunk);
      } catch (error) {
        drop((error as Error).message);
        return;
      }
      if (read.banner !== undefined) {
        clearTimeout(bannerTimer);
        if (!/Call Manager\//.test(read.banner)) {
          drop(`not an AMI banner: ${read.banner.slice(0, 80)}`);
          return;
        }
        login();
      }
      for (const frame of read.frames) {
        const actionId = frame.get('ActionID');
        const waiting = frame.get('Response') !== undefined && actionId ? pending.get(actionId) : undefined;
        if (waiting && actionId) {
          pending.delete(actionId);
          clearTimeout(waiting.timer);
          waiting.resolve(frame);
        } else if (loggedIn && frame.event !== undefined) {
          options.onEvent(frame);
        }
      }
    });
    socket.on('error', (error) => {
      failure = error.message;
    });
    socket.on('close', () => {
      clearTimeout(bannerTimer);
      if (ping) clearInterval(ping);
      for (const waiting of pending.values()) {
        clearTimeout(waiting.timer);
        waiting.reject(new Error(`AMI connection closed: ${failure}`));
      }
      pending.clear();
      this.socket = null;
      if (this.closing) {
        this.stopped?.();
        return;
      }
      const delayMs = backoffDelay(this.attempt, options.backoff ?? reconnectBackoff, options.random);
      this.attempt += 1;
      options.log('AMI connection lost; reconnecting', {
        reason: failure,
        wasLoggedIn: loggedIn,
        attempt: this.attempt,
        delayMs,
      });
      this.retry = setTimeout(() => {
        this.retry = null;
        this.connect();
      }, delayMs);
    });
  }
}
