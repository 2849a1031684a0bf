/** The demo load against a real `calltrail start` in a child process (PGlite, memory leases). */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CallRecord } from '@calltrail/protocol';
import { type DemoLoadResult, runDemoLoad, testDemoLoad } from './demo-load.ts';
import { type ServerProcess, startServerProcess } from './server-process.ts';
import { logInAsOwner } from './site-setup.ts';

describe('the demo load', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'calltrail-demo-'));
  const owner = { email: 'demo@localhost', password: 'demo test password' };
  let server: ServerProcess;
  let headers: Record<string, string>;
  let demo: DemoLoadResult;
  let calls: CallRecord[];

  const get = async (path: string) => {
    const response = await fetch(`${server.url}/api/v1${path}`, { headers });
    assert.equal(response.status, 200, await response.clone().text());
    return response.json() as Promise<Record<string, unknown>>;
  };

  before(async () => {
    server = await startServerProcess({
      env: {
        DATA_DIR: dataDir,
        SNIPPET_RATE_LIMIT: '0',
        CALLTRAIL_ADMIN_EMAIL: owner.email,
        CALLTRAIL_ADMIN_PASSWORD: owner.password,
      },
    });
    // 30 visits in 2 s, time compressed 120×, half of them calling; calls ringing in the 8 s are played out.
    demo = await runDemoLoad({
      url: server.url,
      auth: owner,
      ...testDemoLoad,
    });
    headers = await logInAsOwner(server.url, owner);
    calls = (await get('/calls?limit=200')).items as CallRecord[];
  });
  after(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('visits and webhook calls all succeed, and the calls are in the call log', () => {
    assert.deepEqual(demo.summary.errors, {});
    assert.deepEqual(demo.summary.calls?.errors, {});
    assert.ok(demo.callsPlaced >= 5, `${demo.callsPlaced} calls placed`);
    const inbound = calls.filter((call) => call.direction === 'inbound');
    assert.equal(inbound.length, demo.callsPlaced);
    assert.ok(
      inbound.every((call) => call.status !== 'ringing' && call.status !== 'answered'),
      'all ended',
    );
  });

  test('most inbound calls are attributed to the session that showed the number', () => {
    const inbound = calls.filter((call) => call.direction === 'inbound');
    const attributed = inbound.filter((call) => call.attribution.status === 'attributed');
    assert.ok(attributed.length / inbound.length > 0.6, `${attributed.length} of ${inbound.length}`);
    assert.ok(attributed.some((call) => call.session !== null && call.channel !== null));
  });

  test('missed calls from a known caller get outbound callbacks to that caller', () => {
    const outbound = calls.filter((call) => call.direction === 'outbound');
    assert.equal(outbound.length, demo.callbacks);
    const missedCallers = new Set(
      calls.filter((call) => call.direction === 'inbound' && call.status === 'missed').map((c) => c.caller),
    );
    assert.ok(outbound.length > 0, 'at least one callback');
    for (const callback of outbound) assert.ok(missedCallers.has(callback.trackingNumber));
  });

  test('the ad costs are uploaded for the campaigns the visits came from', async () => {
    assert.ok(demo.costRows > 0);
    const today = new Date().toISOString().slice(0, 10);
    const costs = (await get(`/costs?from=${today}&to=${today}`)).items as { campaign: string }[];
    const campaigns = new Set(costs.map((row) => row.campaign));
    assert.ok(campaigns.has('implants_search') && campaigns.has('braces_direct'), [...campaigns].join());
  });

  test('an operator assesses every answered inbound call, some with a deal value', () => {
    const answered = calls.filter((call) => call.direction === 'inbound' && call.status === 'completed');
    assert.ok(answered.length > 0);
    assert.equal(demo.assessed, answered.length);
    for (const call of answered) {
      assert.notEqual(call.qualified, null, call.id);
      assert.equal(call.tags.length, 1, call.id);
      assert.ok(call.rating !== null && call.rating >= 1 && call.rating <= 5, call.id);
    }
    for (const call of calls.filter((c) => c.status !== 'completed'))
      assert.equal(call.qualified, null, call.id);
    const deals = answered.filter((call) => call.dealValue !== null);
    assert.ok(deals.every((call) => call.qualified === true && (call.dealValue ?? 0) > 0));
  });

  test('set up again, the demo workspace is found rather than added twice', async () => {
    const again = await runDemoLoad({
      url: server.url,
      auth: { headers },
      visits: 1,
      durationS: 1,
      callShare: 0,
    });
    assert.equal(again.siteKey, demo.siteKey);
    assert.equal(again.poolId, demo.poolId);
    assert.equal(again.assessed, 0, 'calls assessed by the first run are left as they were');
    const sites = (await get('/sites')).items as unknown[];
    assert.equal(sites.length, 1);
  });
});
