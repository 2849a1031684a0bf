/**
 * The dashboard in real Chromium against the real server, with calls that came in through the
 * generic PBX webhook and a recording uploaded through the API: log in, filter the log, open a
 * call, play its recording. Screenshots of each page go to .test-artifacts/dashboard/.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { MemoryLeaseStore, systemClock } from '@calltrail/core';
import { buildApp } from '@calltrail/server';
import { loadConfig } from '@calltrail/server/config';
import { openRecordingStore } from '@calltrail/server/recordings';
import { browserSkip, chromiumArgs, chromiumPath } from '@calltrail/server/testing/chromium';
import { fakeClock } from '@calltrail/server/testing/fake-clock';
import { seedWorkspace, type TestApp, testSecrets } from '@calltrail/server/testing/test-app';
import { openTestDatabase } from '@calltrail/server/testing/test-database';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium, type Page } from 'playwright-core';
import { dashboardRoot } from '../build/build.ts';

const artifacts = join(dashboardRoot, '..', '..', '.test-artifacts', 'dashboard');

/** One second of a 440 Hz tone: 8 kHz, 16-bit mono PCM in a RIFF/WAVE file. */
function toneWav(seconds = 1, rate = 8000): Buffer {
  const samples = seconds * rate;
  const wav = Buffer.alloc(44 + samples * 2);
  wav.write('RIFF', 0, 'ascii');
  wav.writeUInt32LE(36 + samples * 2, 4);
  wav.write('WAVEfmt ', 8, 'ascii');
  wav.writeUInt32LE(16, 16); // fmt chunk size
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(rate, 24);
  wav.writeUInt32LE(rate * 2, 28); // bytes per second
  wav.writeUInt16LE(2, 32); // bytes per frame
  wav.writeUInt16LE(16, 34); // bits per sample
  wav.write('data', 36, 'ascii');
  wav.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++) {
    wav.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate)), 44 + i * 2);
  }
  return wav;
}

const skip = browserSkip();
const email = 'manager@clinic.example';
const password = 'correct horse battery';

describe('the dashboard in Chromium', { skip }, () => {
  let app: FastifyInstance;
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  let browser: Browser;
  let page: Page;
  let origin: string;
  let answeredCallId: string;
  const pageErrors: string[] = [];

  async function expectOk(response: { statusCode: number; body: string }, what: string) {
    assert.ok(response.statusCode < 300, `${what}: ${response.statusCode} ${response.body}`);
  }

  async function screenshot(name: string) {
    const path = join(artifacts, `${name}.png`);
    await page.screenshot({ path, fullPage: true });
    console.log(`screenshot: ${path}`);
  }

  before(async () => {
    // The build that `npm install`/`npm ci` made (the root prepare script). Not rebuilt here: two Vite
    // builds at once (this and the size test, run in parallel) never finish.
    assert.ok(
      existsSync(join(dashboardRoot, 'dist', 'index.html')),
      'the dashboard is not built: run npm run build -w @calltrail/dashboard',
    );
    await mkdir(artifacts, { recursive: true });
    database = await openTestDatabase('pglite');
    const config = loadConfig({ PUBLIC_URL: 'http://127.0.0.1', TRACKING_FLUSH_MS: '0' });
    const leases = new MemoryLeaseStore();
    app = await buildApp({
      config,
      database,
      clock: systemClock,
      leases,
      secrets: testSecrets(),
      recordings: openRecordingStore(config.recordings),
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

    const seeding: TestApp = { app, database, clock: fakeClock(), config, leases, close: async () => {} };
    const { workspaceId, webhookSecret, headers } = await seedWorkspace(seeding);
    await expectOk(
      await app.inject({
        method: 'POST',
        url: '/api/v1/members',
        headers,
        payload: { email, password, role: 'owner' },
      }),
      'adding the manager',
    );
    await expectOk(
      await app.inject({
        method: 'POST',
        url: '/api/v1/numbers',
        headers,
        payload: { number: '+74950001122', channel: 'offline', source: 'billboard' },
      }),
      'adding the billboard number',
    );

    // Calls arrive as a PBX sends them: one answered on the billboard number, one missed elsewhere.
    const hook = async (event: Record<string, unknown>) => {
      const response = await app.inject({
        method: 'POST',
        url: `/hooks/v1/generic/${workspaceId}`,
        headers: { 'x-calltrail-secret': webhookSecret },
        payload: event,
      });
      await expectOk(response, `webhook ${JSON.stringify(event)}`);
      return response.json().callId as string;
    };
    const start = Date.now() - 10 * 60_000;
    const at = (seconds: number) => new Date(start + seconds * 1000).toISOString();
    const billboard = { callId: 'pbx-1', from: '+79161234567', to: '+74950001122' };
    answeredCallId = await hook({ ...billboard, event: 'ringing', at: at(0) });
    await hook({ ...billboard, event: 'answered', at: at(12), agent: 'Anna <b>Petrova</b>', queue: 'Sales' });
    await hook({ ...billboard, event: 'ended', at: at(95), status: 'completed' });
    const other = { callId: 'pbx-2', from: '+79167654321', to: '+74959998877' };
    await hook({ ...other, event: 'ringing', at: at(200) });
    await hook({ ...other, event: 'ended', at: at(230), status: 'missed' });

    await expectOk(
      await app.inject({
        method: 'POST',
        url: `/api/v1/calls/${answeredCallId}/recording`,
        headers: { ...headers, 'content-type': 'audio/wav' },
        payload: toneWav(),
      }),
      'uploading the recording',
    );

    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: chromiumArgs,
    });
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      // CSP violations are reported on the console, not as page errors. (The 401 of /auth/me before
      // logging in is logged there too, and is expected.)
      if (/Content Security Policy|Refused to/i.test(message.text())) pageErrors.push(message.text());
    });
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    await database?.close();
  });

  test('logging in shows the workspace’s calls', async () => {
    await page.goto(`${origin}/calls`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await screenshot('login');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.locator('table.calls tbody tr').nth(1).waitFor();
    assert.equal(await page.locator('table.calls tbody tr').count(), 2);
    assert.equal(
      await page.locator('header').getByText('Clinic', { exact: true }).count(),
      1,
      'the workspace is named',
    );
    await screenshot('calls');
  });

  test('filtering by channel keeps the address bar and the table in step', async () => {
    await page.getByLabel('Channel').selectOption('offline');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/channel=offline/);
    await page.locator('table.calls tbody tr').first().waitFor();
    await page.waitForFunction(() => document.querySelectorAll('table.calls tbody tr').length === 1);
    const row = page.locator('table.calls tbody tr');
    assert.equal(await row.getAttribute('data-call-id'), answeredCallId);
    assert.match((await row.textContent()) ?? '', /Offline/);
    await screenshot('calls-filtered');
  });

  test('a call opens to its detail, user-supplied text shown as text', async () => {
    await page.locator('table.calls tbody tr a').first().click();
    await page.waitForURL(new RegExp(`/calls/${answeredCallId}$`));
    const detail = page.locator('section.call');
    await detail.getByText('Anna <b>Petrova</b>').waitFor();
    assert.equal(await detail.locator('b').count(), 0, 'the agent’s name is not parsed as HTML');
    const text = (await detail.textContent()) ?? '';
    assert.match(text, /Sales/);
    assert.match(text, /Completed/);
    assert.match(text, /Attributed/);
    assert.match(text, /Offline channel number/);
    assert.match(text, /0:12/, 'wait time');
    assert.match(text, /1:23/, 'talk time');
  });

  test('the recording plays and seeks', async () => {
    const audio = page.locator('section.call audio');
    assert.equal(await audio.getAttribute('src'), `/api/v1/calls/${answeredCallId}/recording`);
    const position = await audio.evaluate(async (element: HTMLAudioElement) => {
      if (element.readyState < 3) {
        await new Promise((resolve, reject) => {
          element.addEventListener('canplay', resolve, { once: true });
          element.addEventListener('error', () => reject(new Error(`audio error ${element.error?.code}`)), {
            once: true,
          });
        });
      }
      const seeked = new Promise((resolve) => element.addEventListener('seeked', resolve, { once: true }));
      element.currentTime = 0.5;
      await seeked;
      return { currentTime: element.currentTime, duration: element.duration };
    });
    assert.ok(Math.abs(position.duration - 1) < 0.05, `a one-second recording, got ${position.duration}`);
    assert.ok(Math.abs(position.currentTime - 0.5) < 0.05, `seeked to 0.5 s, at ${position.currentTime}`);
    await screenshot('call');
  });

  test('the language switch turns the page Russian, dates and all', async () => {
    await page.getByLabel('Language').selectOption('ru');
    await page.getByText('Атрибуция').waitFor();
    assert.match((await page.locator('section.call').textContent()) ?? '', /Завершён/);
    await page.getByRole('link', { name: '← Все звонки' }).click();
    await page.getByRole('heading', { name: 'Звонки' }).waitFor();
    await screenshot('calls-ru');
    assert.deepEqual(pageErrors, [], 'no script errors or CSP violations');
  });
});
