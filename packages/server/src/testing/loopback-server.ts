/** Fake HTTP servers for load tests: listening on a free loopback port, torn down without waiting. */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { Server } from 'node:http';

/** Starts `server` on a free port of 127.0.0.1 and returns its base URL. */
export async function listenOnLoopback(server: Server): Promise<string> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  assert.ok(address && typeof address === 'object');
  return `http://127.0.0.1:${address.port}`;
}

/** Stops `server` at once, dropping kept-alive and unanswered connections. */
export function closeNow(server: Server): void {
  server.closeAllConnections();
  server.close();
}
