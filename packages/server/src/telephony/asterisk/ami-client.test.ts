/** Specification of the AMI client's connection handling: what it does when the PBX is not there or not right. */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server } from 'node:net';
import { describe, test } from 'node:test';
import { AmiClient } from './ami-client.ts';
import { AmiFrameReader, formatFrame } from './ami-frame.ts';
import { eventually } from './ami-replay-server.ts';

const quick = { initialMs: 20, maxMs: 100 };

/** A TCP server that greets with `banner` and accepts any login, but answers nothing after it. */
async function silentServer(banner: string): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => {
    socket.on('error', () => {});
    socket.write(`${banner}\r\n`);
    const reader = new AmiFrameReader({ banner: false });
    socket.on('data', (chunk: Buffer) => {
      for (const action of reader.push(chunk).frames) {
        if (action.get('Action') !== 'Login') continue;
        socket.write(
          formatFrame([
            ['Response', 'Success'],
            ['ActionID', action.get('ActionID') ?? ''],
            ['Message', 'Authentication accepted'],
          ]),
        );
      }
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, port: (server.address() as { port: number }).port };
}

function client(port: number, options: { pingIntervalMs?: number; responseTimeoutMs?: number } = {}) {
  const logged: { message: string; details?: Record<string, unknown> }[] = [];
  const it = new AmiClient({
    host: '127.0.0.1',
    port,
    username: 'calltrail',
    secret: 'amp111',
    events: 'call,cdr',
    onEvent: () => {},
    log: (message, details) => logged.push({ message, ...(details && { details }) }),
    backoff: quick,
    ...options,
  });
  const reasons = () =>
    logged
      .filter((line) => line.message === 'AMI connection lost; reconnecting')
      .map((line) => line.details?.reason);
  return { it, logged, reasons };
}

describe('the AMI client', () => {
  test('retries a PBX that is down, with growing delays, until it is closed', async () => {
    const { server, port } = await silentServer('Asterisk Call Manager/9.0.0');
    server.close();
    await once(server, 'close');
    const { it, logged, reasons } = client(port);
    it.start();
    await eventually(() => assert.ok(reasons().length >= 3));
    await it.close();
    const attempts = reasons().length;
    assert.match(String(reasons()[0]), /ECONNREFUSED/);
    const delays = logged.map((line) => line.details?.delayMs as number).filter(Number.isFinite);
    assert.ok(delays[2]! >= delays[0]!, `delays ${delays}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.equal(reasons().length, attempts, 'no retry after close()');
  });

  test('leaves a server whose banner is not AMI’s', async () => {
    const { server, port } = await silentServer('SSH-2.0-OpenSSH_9.2');
    const { it, reasons } = client(port);
    it.start();
    await eventually(() => assert.match(String(reasons()[0]), /not an AMI banner: SSH-2.0/));
    await it.close();
    server.close();
  });

  test('drops a connection whose PBX stops answering Ping, and connects again', async () => {
    const { server, port } = await silentServer('Asterisk Call Manager/9.0.0');
    const { it, logged, reasons } = client(port, { pingIntervalMs: 20, responseTimeoutMs: 50 });
    it.start();
    await eventually(() => assert.equal(reasons()[0], 'no answer to Ping'));
    await eventually(() => assert.ok(logged.filter((line) => line.message === 'AMI logged in').length >= 2));
    await it.close();
    server.close();
  });
});
