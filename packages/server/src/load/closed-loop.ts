/**
 * The closed-loop driver, for finding a server's ceiling: each connection sends its next request as
 * soon as the previous reply arrives. Its latencies understate what users would see under that load
 * (coordinated omission); use it for requests per second, and the open loop for latency.
 */
import { ConnectionPool } from './connection-pool.ts';
import { type HttpReply, HttpTransportError } from './http-connection.ts';
import { LoadRecorder, type LoadSummary, type RequestKind } from './load-recorder.ts';
import type { LoadProgress } from './open-loop.ts';

/** The requests one connection sends, in order; it sees each reply before choosing the next request. */
export interface ClosedLoopWorker {
  next(): { kind: RequestKind; request: string };
  observe(kind: RequestKind, reply: HttpReply | null): void;
}

export interface ClosedLoopOptions {
  url: string;
  connections: number;
  /** Total run, warm-up included. */
  durationS: number;
  /** Replies before this are left out of the figures. */
  warmupS: number;
  timeoutMs: number;
  /** One worker per connection. */
  worker(index: number, authority: string): ClosedLoopWorker;
  onProgress?: (progress: LoadProgress) => void;
}

/** A worker that sends the same request again and again. */
export function repeatRequest(request: string): ClosedLoopWorker {
  return { next: () => ({ kind: 'other', request }), observe: () => {} };
}

const retryAfterTransportErrorMs = 10;

export async function runClosedLoop(options: ClosedLoopOptions): Promise<LoadSummary> {
  const pool = new ConnectionPool(options.url, {
    connections: options.connections,
    timeoutMs: options.timeoutMs,
  });
  const recorder = new LoadRecorder();
  const endMs = options.durationS * 1000;
  const warmupMs = options.warmupS * 1000;
  const start = performance.now();
  const clock = () => performance.now() - start;

  async function loop(worker: ClosedLoopWorker) {
    while (clock() < endMs) {
      const { kind, request } = worker.next();
      const sentMs = clock();
      const measured = sentMs >= warmupMs;
      if (measured) recorder.sent++;
      try {
        const reply = await pool.send(request);
        // A reply that lands after the end would stretch the window the rate is computed over.
        if (measured && clock() < endMs) recorder.reply(kind, reply, clock() - sentMs);
        worker.observe(kind, reply);
      } catch (error) {
        if (measured) recorder.error(error instanceof HttpTransportError ? error.code : 'client error');
        worker.observe(kind, null);
        await new Promise((resolve) => setTimeout(resolve, retryAfterTransportErrorMs));
      }
    }
  }

  const progress =
    options.onProgress &&
    setInterval(() => {
      options.onProgress?.({
        elapsedS: Math.min(clock(), endMs) / 1000,
        totalS: options.durationS,
        sent: recorder.sent,
        ok: recorder.ok,
        errors: recorder.errorCount,
      });
    }, 250);
  const loops = Array.from({ length: options.connections }, (_, i) =>
    loop(options.worker(i, pool.authority)),
  );
  await Promise.all(loops);
  if (progress) clearInterval(progress);
  pool.close();
  return recorder.summary('closed', Math.max(0, options.durationS - options.warmupS), null);
}
