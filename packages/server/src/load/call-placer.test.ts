import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { CallPlacer } from './call-placer.ts';
import type { PlannedCall } from './call-plan.ts';

const missedAndCalledBack: PlannedCall = {
  atS: 0,
  caller: '+79161234567',
  offline: false,
  waitS: 20,
  talkS: null,
  agent: 'Anna Petrova',
  queue: 'reception',
  callback: { afterS: 200, agent: 'Ivan Sokolov', waitS: 10, talkS: 60 },
};
const shown = { biz: '+74957770000', show: '+74958880001' };

describe('placing calls through the webhook', () => {
  const received: { secret: unknown; body: Record<string, unknown> }[] = [];
  let server: Server;
  let url: string;
  let status = 200;

  before(async () => {
    server = createServer((request, response) => {
      let text = '';
      request.on('data', (chunk: Buffer) => {
        text += chunk.toString();
      });
      request.on('end', () => {
        received.push({ secret: request.headers['x-calltrail-secret'], body: JSON.parse(text) });
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(status === 200 ? '{"callId":"c","duplicate":false}' : '{"error":{"code":"NOPE"}}');
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  });
  after(() => server.close());

  /** A placer on a clock of its own, 1000 simulated seconds per real one, with a run of `endMs`. */
  function placer(endMs: number, offlineNumber: string | null = null) {
    const start = performance.now();
    return new CallPlacer(
      { url, secret: 's3cret', offlineNumber },
      { timeScale: 1000, endMs, clock: () => performance.now() - start, timeoutMs: 2000 },
    );
  }

  test('a missed call and its callback reach the webhook in order, stamped with the time they were sent', async () => {
    received.length = 0;
    const calls = placer(1000);
    const before = Date.now();
    calls.place(missedAndCalledBack, shown, 'load-1', 0);
    await calls.drain();
    assert.deepEqual(
      received.map(({ body }) => [body.callId, body.event, body.direction, body.from, body.to]),
      [
        ['load-1', 'ringing', 'inbound', '+79161234567', '+74958880001'],
        ['load-1', 'ended', 'inbound', '+79161234567', '+74958880001'],
        ['load-1-cb', 'ringing', 'outbound', '+74957770000', '+79161234567'],
        ['load-1-cb', 'answered', 'outbound', '+74957770000', '+79161234567'],
        ['load-1-cb', 'ended', 'outbound', '+74957770000', '+79161234567'],
      ],
    );
    assert.ok(received.every(({ secret }) => secret === 's3cret'));
    const times = received.map(({ body }) => Date.parse(String(body.at)));
    assert.ok(times.every((at, i) => at >= before && at >= (times[i - 1] ?? 0)));
    // 200 simulated seconds at 1000× is 200 ms of real time between the missed call and the callback.
    assert.ok((times[2] ?? 0) - (times[0] ?? 0) >= 190, 'the callback waits its time');
    assert.deepEqual(calls.summary(), { placed: 1, callbacks: 1, notPlaced: 0, events: 5, errors: {} });
  });

  test('a callback due after the end is not made; a call ringing after the end is not placed', async () => {
    received.length = 0;
    const calls = placer(100);
    calls.place(missedAndCalledBack, shown, 'load-2', 0);
    calls.place(missedAndCalledBack, shown, 'load-3', 150);
    await calls.drain();
    assert.deepEqual(
      received.map(({ body }) => `${body.callId} ${body.event}`),
      ['load-2 ringing', 'load-2 ended'],
    );
    assert.deepEqual(calls.summary(), { placed: 1, callbacks: 0, notPlaced: 1, events: 2, errors: {} });
  });

  test('an offline caller dials the billboard number; a visit shown no number makes no call', async () => {
    received.length = 0;
    const calls = placer(1000, '+74957773001');
    calls.place({ ...missedAndCalledBack, offline: true, callback: null }, shown, 'load-4', 0);
    calls.place(missedAndCalledBack, null, 'load-5', 0);
    await calls.drain();
    assert.deepEqual(new Set(received.map(({ body }) => body.to)), new Set(['+74957773001']));
    assert.equal(calls.summary().notPlaced, 1);
  });

  test('refused events are counted by status and code, and their call is not counted as placed', async () => {
    status = 401;
    try {
      const calls = placer(1000);
      calls.place({ ...missedAndCalledBack, callback: null }, shown, 'load-6', 0);
      await calls.drain();
      assert.deepEqual(calls.summary().errors, { '401 NOPE': 2 });
      assert.equal(calls.summary().placed, 0);
    } finally {
      status = 200;
    }
  });
});
