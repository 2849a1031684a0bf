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
