/** `calltrail simulate --load` against a real `calltrail start` in a child process (PGlite, memory leases). */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../config.ts';
import type { LoadSummary } from '../load/load-recorder.ts';
import { type ServerProcess, startServerProcess } from '../load/server-process.ts';
import { createLoadSite, type LoadSite, logInAsOwner } from '../load/site-setup.ts';
import { runCaptured } from '../testing/captured-output.ts';
import type { Values } from './admin-commands.ts';
import { loadPlan, runLoadCommand } from './simulate-load.ts';

function simulate(values: Values) {
  return runCaptured((io) => {
    const context = { config: loadConfig({}), stdout: io.stdout, now: () => new Date() };
    return runLoadCommand(values, context, { env: {}, ...io });
  });
}

describe('calltrail simulate --load', () => {
  const usage: [Values, RegExp][] = [
    [{ 'site-key': 'k' }, /--url is required/],
    [{ url: 'https://example.com', 'site-key': 'k' }, /--url must be an http:\/\/ URL/],
    [{ url: 'http://127.0.0.1:1' }, /--site-key is required/],
    [{ url: 'http://127.0.0.1:1', 'site-key': 'k', rate: '0' }, /--rate must be a positive number/],
    [
      { url: 'http://127.0.0.1:1', 'site-key': 'k', sessions: '2.5' },
      /--sessions must be a positive integer/,
    ],
    [
      { url: 'http://127.0.0.1:1', 'site-key': 'k', arrival: 'bursty' },
      /--arrival must be poisson or uniform/,
    ],
    [{ url: 'http://127.0.0.1:1', 'site-key': 'k', duration: '5', warmup: '5' }, /--warmup must be shorter/],
    [{ url: 'http://127.0.0.1:1', 'site-key': 'k', 'call-share': '0.1' }, /calls need --webhook-url/],
    [
      { url: 'http://127.0.0.1:1', 'site-key': 'k', 'webhook-url': 'http://127.0.0.1:1/hooks/v1/generic/ws' },
      /--webhook-url needs --webhook-secret/,
    ],
    [
      { url: 'http://127.0.0.1:1', 'site-key': 'k', 'webhook-url': 'ftp://x', 'webhook-secret': 's' },
      /--webhook-url must be an http\(s\) URL/,
    ],
    [
      {
        url: 'http://127.0.0.1:1',
        'site-key': 'k',
        'webhook-url': 'http://x',
        'webhook-secret': 's',
        'call-share': '2',
      },
      /--call-share must be a share from 0 to 1/,
    ],
    [{ url: 'http://127.0.0.1:1', 'site-key': 'k', email: 'a@b' }, /--email needs --demo/],
    [{ url: 'http://127.0.0.1:1', demo: true, password: 'p' }, /--demo needs --email/],
    [{ url: 'http://127.0.0.1:1', demo: true, email: 'a@b' }, /--demo needs --password/],
    [
      { url: 'http://127.0.0.1:1', demo: true, email: 'a@b', password: 'p', 'site-key': 'k' },
      /--site-key is not used with --demo/,
    ],
  ];
  for (const [values, message] of usage) {
    test(`wrong usage is refused: ${message.source}`, () => assert.throws(() => loadPlan(values), message));
  }

  test('the defaults: 10 visits/s of Poisson arrivals for 30 s over 64 connections, time compressed 20×', () => {
    const plan = loadPlan({
      url: 'http://127.0.0.1:3000/',
      'site-key': 'k',
      origin: 'https://clinic.example/x',
    });
    assert.equal(plan.url, 'http://127.0.0.1:3000');
    assert.equal(plan.origin, 'https://clinic.example');
    assert.deepEqual(
      [
        plan.schedule.rate,
        plan.schedule.process,
        plan.schedule.durationS,
        plan.connections,
        plan.schedule.timeScale,
      ],
      [10, 'poisson', 30, 64, 20],
    );
  });

  test('calls take the webhook secret from the environment, and --demo the password', () => {
    const calls = loadPlan(
      { url: 'http://127.0.0.1:1', 'site-key': 'k', 'webhook-url': 'http://127.0.0.1:1/hooks/v1/generic/ws' },
      { CALLTRAIL_WEBHOOK_SECRET: 'from env' },
    ).calls;
    assert.equal(calls?.webhook?.secret, 'from env');
    assert.equal(calls?.model.callShare, 0.08);
    const demo = loadPlan(
      { url: 'http://127.0.0.1:1', demo: true, email: 'a@b' },
      { CALLTRAIL_ADMIN_PASSWORD: 'pw' },
    );
    assert.deepEqual(demo.demo, { email: 'a@b', password: 'pw' });
    assert.deepEqual([demo.schedule.rate, demo.schedule.durationS, demo.siteKey], [1, 300, null]);
    assert.equal(
      loadPlan({ url: 'http://127.0.0.1:1', 'site-key': 'k' }).calls,
      null,
      'no webhook, no calls',
    );
  });

  describe('against a running server', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'calltrail-simulate-'));
    const owner = { email: 'load@localhost', password: 'load test password' };
    let server: ServerProcess;
    let site: LoadSite;

    before(async () => {
      server = await startServerProcess({
        env: {
          DATA_DIR: dataDir,
          SNIPPET_RATE_LIMIT: '0',
          CALLTRAIL_ADMIN_EMAIL: owner.email,
          CALLTRAIL_ADMIN_PASSWORD: owner.password,
        },
      });
      site = await createLoadSite(server.url, await logInAsOwner(server.url, owner), { poolSize: 50 });
    });
    after(async () => {
      await server?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    test('a short run reports the visits and requests it sustained, with no errors', async () => {
      const { code, stdout } = await simulate({
        url: server.url,
        'site-key': site.siteKey,
        origin: site.origin,
        rate: '20',
        duration: '4',
        arrival: 'uniform',
        json: true,
      });
      assert.equal(code, 0);
      const { summary } = JSON.parse(stdout) as { summary: LoadSummary };
      assert.deepEqual(summary.errors, {});
      assert.equal(summary.scheduled?.sessions, 80);
      assert.equal(summary.sessionsPerS, 20);
      assert.equal(summary.ok, summary.sent);
      assert.ok(summary.sent > 80, 'hits follow the session requests');
      assert.ok(summary.latency.p50 > 0 && summary.latency.p50 <= summary.latency.p99);
    });

    test('the text report names the rates, the percentiles and the errors', async () => {
      const { code, stdout } = await simulate({
        url: server.url,
        'site-key': site.siteKey,
        origin: site.origin,
        rate: '5',
        duration: '1',
      });
      assert.equal(code, 0);
      assert.match(stdout, /^Open-loop load on http:\/\/127\.0\.0\.1:\d+: 5 visits\/s \(poisson\) for 1 s/);
      assert.match(stdout, /sessions +[\d.]+\/s started/);
      assert.match(stdout, /latency +p50 [\d.]+ ms +p99 [\d.]+ ms +p99\.9 [\d.]+ ms/);
      assert.match(stdout, /errors +none/);
    });

    test('with a webhook, some visits end in calls placed through it, counted in the summary', async () => {
      const headers = await logInAsOwner(server.url, owner);
      const hook = (await (await fetch(`${server.url}/api/v1/workspace/webhook`, { headers })).json()) as {
        url: string;
        secret: string;
      };
      const { code, stdout } = await simulate({
        url: server.url,
        'site-key': site.siteKey,
        origin: site.origin,
        rate: '20',
        duration: '6',
        sessions: '20',
        'time-scale': '120',
        'webhook-url': `${server.url}${new URL(hook.url).pathname}`,
        'webhook-secret': hook.secret,
        'call-share': '0.5',
        json: true,
      });
      assert.equal(code, 0);
      const { summary } = JSON.parse(stdout) as { summary: LoadSummary };
      assert.ok(summary.calls && summary.calls.placed > 0, JSON.stringify(summary.calls));
      assert.deepEqual(summary.calls.errors, {});
      assert.doesNotMatch(stdout, new RegExp(hook.secret), 'the secret stays out of the output');
      const calls = (await (
        await fetch(`${server.url}/api/v1/calls?direction=inbound`, { headers })
      ).json()) as {
        items: unknown[];
      };
      assert.equal(calls.items.length, summary.calls.placed);
    });

    test('--demo sets up the demo site and runs the load with calls on it', async () => {
      const { code, stdout } = await simulate({
        url: server.url,
        demo: true,
        email: owner.email,
        password: owner.password,
        rate: '10',
        duration: '3',
        'time-scale': '120',
        'call-share': '0.3',
      });
      assert.equal(code, 0);
      assert.match(stdout, /^Demo workspace \S+: site "Demo clinic" \(key \S+\), \d+ cost rows; open http/);
      assert.match(stdout, /visits\/s \(poisson\) for 3 s over 64 connections, with calls/);
      assert.match(stdout, /calls +\d+ placed/);
      assert.match(stdout, /webhook +errors none/);
    });

    test('a wrong webhook secret is reported as webhook errors, the visits still run', async () => {
      const { code, stdout } = await simulate({
        url: server.url,
        'site-key': site.siteKey,
        origin: site.origin,
        rate: '20',
        duration: '4',
        sessions: '20',
        'time-scale': '120',
        'webhook-url': `${server.url}/hooks/v1/generic/ws_nope`,
        'webhook-secret': 'wrong',
        'call-share': '0.5',
      });
      assert.equal(code, 0);
      assert.match(stdout, /calls +0 placed/);
      assert.match(stdout, /webhook +errors 401 INVALID_WEBHOOK_SECRET ×\d+/);
    });

    test('a wrong site key fails every request, and the command says what to check', async () => {
      const { code, stdout, stderr } = await simulate({
        url: server.url,
        'site-key': 'site_nope',
        origin: site.origin,
        rate: '5',
        duration: '1',
        arrival: 'uniform',
      });
      assert.equal(code, 1);
      assert.match(stdout, /errors +404 UNKNOWN_SITE_KEY ×5/);
      assert.match(stderr, /no request succeeded: check --url, --site-key and --origin/);
    });
  });
});
