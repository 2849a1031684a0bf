import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { after, before, beforeEach, describe, test } from 'node:test';
import { closeNow, listenOnLoopback } from '../testing/loopback-server.ts';
import { runOpenLoop } from './open-loop.ts';
import { referenceVisitModel, type VisitModel } from './visit-plan.ts';
import type { ScheduleOptions } from './visit-schedule.ts';

interface Seen {
  at: number;
  path: string;
  body: Record<string, unknown>;
  origin: string | undefined;
  userAgent: string | undefined;
}

/** A fake snippet API: records what it receives and answers as `respond` says. */
describe('the open-loop driver', () => {
  let server: Server;
  let url: string;
  let seen: Seen[] = [];
  let respond: (seen: Seen, response: ServerResponse) => void;
  let sessions = 0;

  const json = (response: ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    response.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
    });
    response.end(text);
  };
  const answer = (item: Seen, response: ServerResponse) => {
    if (item.path === '/s/v1/session') {
      sessions++;
      json(response, 200, {
        vid: item.body.vid ?? `vis_${sessions}`,
        sid: `ses_${sessions}`,
        hb: 30,
        numbers: [],
      });
    } else json(response, 200, { numbers: [] });
  };

  before(async () => {
    server = createServer((request: IncomingMessage, response) => {
      let text = '';
      request.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      request.on('end', () => {
        const item = {
          at: performance.now(),
          path: request.url ?? '',
          body: JSON.parse(text) as Record<string, unknown>,
          origin: request.headers.origin,
          userAgent: request.headers['user-agent'],
        };
        seen.push(item);
        respond(item, response);
      });
    });
    url = await listenOnLoopback(server);
  });
  beforeEach(() => {
    seen = [];
    sessions = 0;
    respond = answer;
  });
  after(() => closeNow(server));

  /** Visits with no page views or heartbeats: one session request each. */
  const bounces: VisitModel = { ...referenceVisitModel, bounceShare: 1, returningShare: 0 };
  /** Visits of exactly 60 simulated seconds: heartbeats at 20, 40 and 60 s and a page view at 60 s. */
  const steady: VisitModel = {
    ...referenceVisitModel,
    bounceShare: 0,
    durationMedianS: 60,
    durationSigma: 0,
    extraPagesMean: 0,
    heartbeatS: 20,
    returningShare: 0,
  };
  const schedule = (overrides: Partial<ScheduleOptions>): ScheduleOptions => ({
    rate: 20,
    process: 'uniform',
    seed: 1,
    durationS: 1,
    maxVisits: null,
    timeScale: 60,
    model: bounces,
    ...overrides,
  });
  const run = (overrides: Partial<ScheduleOptions>, connections = 64) =>
    runOpenLoop({
      target: { url, siteKey: 'site_test', origin: 'https://clinic.example' },
      schedule: schedule(overrides),
      warmupS: 0,
      connections,
      timeoutMs: 5000,
    });

  test('requests leave on schedule however slow the replies, and latency counts from the schedule', async () => {
    respond = (item, response) => setTimeout(() => answer(item, response), 300);
    const summary = await run({});
    assert.equal(seen.length, 20);
    // 20 visits/s: a request every 50 ms, not one per 300 ms reply (that would take 6 s), so several
    // arrive before the first reply is out.
    const first = seen[0]?.at ?? 0;
    assert.ok(seen.filter((item) => item.at < first + 300).length >= 4);
    assert.ok((seen.at(-1)?.at ?? 0) - first < 2500);
    assert.ok(summary.latency.p50 >= 300, `p50 ${summary.latency.p50}`);
    assert.equal(summary.ok, 20);
    assert.equal(summary.sessionsPerS, 20);
  });

  test('waiting for a busy connection counts in the latency (no coordinated omission)', async () => {
    // One connection and 200 ms per reply against a request every 100 ms: the queue grows by 100 ms each time.
    respond = (item, response) => setTimeout(() => answer(item, response), 200);
    const summary = await run({ rate: 10 }, 1);
    assert.equal(summary.ok, 10);
    assert.ok(summary.latency.max >= 1000, `max ${summary.latency.max}`);
    assert.ok(summary.latency.p50 >= 500, `p50 ${summary.latency.p50}`);
  });

  test('a visit sends its page views and heartbeats in its own session, after the session reply', async () => {
    respond = (item, response) =>
      setTimeout(() => answer(item, response), item.path === '/s/v1/session' ? 400 : 0);
    const summary = await run({ rate: 4, durationS: 2.5, model: steady });
    // 10 visits; at scale 60 their steps fall 333, 667 and 1000 ms in; those due after 2.5 s are cut.
    const hits = seen.filter((item) => item.path === '/s/v1/hit');
    const sessionsSeen = seen.filter((item) => item.path === '/s/v1/session');
    assert.equal(sessionsSeen.length, 10);
    assert.equal(hits.length + summary.notSent.afterEnd, 40);
    for (const hit of hits) {
      assert.match(String(hit.body.sid), /^ses_\d+$/);
      assert.equal(hit.body.k, 'site_test');
      assert.ok(['page', 'heartbeat'].includes(String(hit.body.t)));
    }
    // The first step falls due at 333 ms, but waits for the session reply at 400 ms.
    assert.ok((hits[0]?.at ?? 0) - (sessionsSeen[0]?.at ?? 0) >= 395);
    // The 6 visits that started before 1.5 s had all their steps in the run: 3 heartbeats and a page view each.
    for (let n = 1; n <= 6; n++) {
      // The last heartbeat and the page view are due together, so they may arrive in either order.
      const kinds = hits.filter((hit) => hit.body.sid === `ses_${n}`).map((hit) => String(hit.body.t));
      kinds.sort();
      assert.deepEqual(kinds, ['heartbeat', 'heartbeat', 'heartbeat', 'page'], `ses_${n}`);
    }
    assert.deepEqual(summary.errors, {});
  });

  test('requests look like the browser script: text/plain JSON, the page origin, a browser user agent', async () => {
    await run({ rate: 5 });
    for (const item of seen) {
      assert.equal(item.origin, 'https://clinic.example');
      assert.match(item.userAgent ?? '', /^Mozilla\/5\.0 /);
      assert.match(String(item.body.u), /^https:\/\/clinic\.example\//);
    }
  });

  test('the hits of a failed session are not sent, and errors are counted by status and code', async () => {
    respond = (_item, response) => json(response, 404, { error: { code: 'UNKNOWN_SITE_KEY', message: 'x' } });
    const summary = await run({ rate: 4, durationS: 2, model: steady });
    assert.ok(seen.every((item) => item.path === '/s/v1/session'));
    assert.deepEqual(summary.errors, { '404 UNKNOWN_SITE_KEY': 8 });
    assert.equal(summary.ok, 0);
    assert.equal(summary.notSent.afterFailedSession + summary.notSent.afterEnd, 32);
  });

  test('a server that stops answering is cut off soon after the run, every request counted as an error', async () => {
    respond = () => {};
    const summary = await runOpenLoop({
      target: { url, siteKey: 'site_test', origin: null },
      schedule: schedule({ rate: 10 }),
      warmupS: 0,
      connections: 1,
      timeoutMs: 300,
    });
    // One connection, 300 ms per timeout: a few time out, the rest are still queued at the cut-off.
    assert.equal(summary.sent, 10);
    assert.ok((summary.errors.timeout ?? 0) >= 3, JSON.stringify(summary.errors));
    assert.equal((summary.errors.timeout ?? 0) + (summary.errors['no reply by the end'] ?? 0), 10);
  });

  test('returning visitors send the visitor id an earlier visit was given', async () => {
    await run({ rate: 10, model: { ...bounces, returningShare: 1 } });
    const [first, ...rest] = seen;
    assert.equal(first?.body.vid, undefined);
    assert.ok(rest.every((item) => /^vis_\d+$/.test(String(item.body.vid))));
  });
});
