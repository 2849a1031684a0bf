import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { closeNow, listenOnLoopback } from '../testing/loopback-server.ts';
import { repeatRequest, runClosedLoop } from './closed-loop.ts';
import { httpRequest } from './connection-pool.ts';
import { snippetWorker } from './snippet-worker.ts';

describe('the closed-loop driver', () => {
  let server: Server;
  let url: string;
  let inFlight = 0;
  let maxInFlight = 0;
  const bodies: Record<string, unknown>[] = [];
  let sessions = 0;

  before(async () => {
    server = createServer((request, response) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      let text = '';
      request.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      request.on('end', () => {
        const body = JSON.parse(text) as Record<string, unknown>;
        bodies.push({ ...body, path: request.url });
        if (request.url === '/s/v1/session') sessions++;
        const reply =
          request.url === '/s/v1/session'
            ? { vid: body.vid ?? `vis_${sessions}`, sid: `ses_${sessions}`, hb: 30, numbers: [] }
            : { numbers: [] };
        setTimeout(() => {
          inFlight--;
          response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(reply));
        }, 2);
      });
    });
    url = await listenOnLoopback(server);
  });
  after(() => closeNow(server));

  test('each connection sends its next request only once the previous reply is in', async () => {
    maxInFlight = 0;
    const summary = await runClosedLoop({
      url,
      connections: 3,
      durationS: 0.5,
      warmupS: 0.1,
      timeoutMs: 2000,
      worker: (_i, authority) =>
        repeatRequest(httpRequest('POST', '/x', { host: authority, 'content-type': 'text/plain' }, '{}')),
    });
    assert.equal(maxInFlight, 3);
    assert.ok(summary.ok > 50, `${summary.ok} replies`);
    assert.equal(summary.seconds, 0.4);
    assert.equal(summary.requestsPerS, summary.ok / 0.4);
    assert.equal(summary.sendLag, null);
  });

  test('the snippet worker plays whole visits: a session request, then hits of that session only', async () => {
    bodies.length = 0;
    await runClosedLoop({
      url,
      connections: 1,
      durationS: 0.5,
      warmupS: 0,
      timeoutMs: 2000,
      worker: (i, authority) => snippetWorker({ url, siteKey: 'site_k', origin: null }, authority, i + 1),
    });
    let sid: unknown = null;
    let hits = 0;
    for (const body of bodies) {
      if (body.path === '/s/v1/session')
        sid = `ses_${bodies.filter((b) => b.path === '/s/v1/session').indexOf(body) + 1}`;
      else {
        hits++;
        assert.equal(body.sid, sid);
      }
    }
    const share = hits / bodies.length;
    // About 3 hits for every session request on the reference model.
    assert.ok(share > 0.6 && share < 0.85, `hit share ${share}`);
  });
});
