/**
 * The dashboard in real Chromium against the real server (PGlite, memory leases) listening on
 * loopback: what every browser suite of the dashboard starts from. Data goes in through the real
 * endpoints (`api`, `hook`), never straight into the database.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { MemoryLeaseStore, systemClock } from '@calltrail/core';
import { buildApp } from '@calltrail/server';
import { loadConfig } from '@calltrail/server/config';
import { openRecordingStore } from '@calltrail/server/recordings';
import { chromiumArgs, chromiumPath } from '@calltrail/server/testing/chromium';
import { fakeClock } from '@calltrail/server/testing/fake-clock';
import {
  type roleHeaders,
  seedWorkspace,
  type TestApp,
  testSecrets,
} from '@calltrail/server/testing/test-app';
import { openTestDatabase } from '@calltrail/server/testing/test-database';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { type Browser, chromium, type Page } from 'playwright-core';
import { dashboardRoot } from '../build/build.ts';

export const artifacts = join(dashboardRoot, '..', '..', '.test-artifacts', 'dashboard');

type Role = Parameters<typeof roleHeaders>[2];

export interface Dashboard {
  app: FastifyInstance;
  origin: string;
  workspaceId: string;
  /** An owner's API token headers, for seeding through the REST API. */
  headers: Record<string, string>;
  /** A REST call that must succeed; returns the parsed JSON body (null for 204). */
  api(options: InjectOptions, what?: string): Promise<unknown>;
  /** One event to the generic PBX webhook, as a PBX sends it; returns the call's id. */
  hook(event: Record<string, unknown>): Promise<string>;
  /** A member who logs in with a password, in the given role. */
  addMember(email: string, password: string, role: Role): Promise<void>;
  /** A new browser page (1280×800) collecting script errors and CSP violations in `errors`. */
  newPage(locale?: 'en-US' | 'ru-RU'): Promise<{ page: Page; errors: string[] }>;
  logIn(page: Page, email: string, password: string): Promise<void>;
  /** A full-page screenshot at .test-artifacts/dashboard/<name>.png. */
  screenshot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

export async function startDashboard(): Promise<Dashboard> {
  // The build that `npm install`/`npm ci` made (the root prepare script). Not rebuilt here: two Vite
  // builds at once (this and the size test, run in parallel) never finish.
  assert.ok(
    existsSync(join(dashboardRoot, 'dist', 'index.html')),
    'the dashboard is not built: run npm run build -w @calltrail/dashboard',
  );
  await mkdir(artifacts, { recursive: true });
  const database = await openTestDatabase('pglite');
  // No snippet rate limit: the simulator's load mode sends many visitors from one address.
  const config = loadConfig({
    PUBLIC_URL: 'http://127.0.0.1',
    TRACKING_FLUSH_MS: '0',
    SNIPPET_RATE_LIMIT: '0',
  });
  const leases = new MemoryLeaseStore();
  const app = await buildApp({
    config,
    database,
    clock: systemClock,
    leases,
    secrets: testSecrets(),
    recordings: openRecordingStore(config.recordings),
  });
  let browser: Browser | undefined;
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const seeding: TestApp = { app, database, clock: fakeClock(), config, leases, close: async () => {} };
    const { workspaceId, webhookSecret, headers } = await seedWorkspace(seeding);
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
    const running = browser;

    const api: Dashboard['api'] = async (options, what) => {
      const response = await app.inject({ ...options, headers: { ...headers, ...options.headers } });
      assert.ok(
        response.statusCode < 300,
        `${what ?? `${options.method} ${options.url}`}: ${response.statusCode} ${response.body}`,
      );
      return response.statusCode === 204 ? null : response.json();
    };

    return {
      app,
      origin,
      workspaceId,
      headers,
      api,
      async hook(event) {
        const response = await app.inject({
          method: 'POST',
          url: `/hooks/v1/generic/${workspaceId}`,
          headers: { 'x-calltrail-secret': webhookSecret },
          payload: event,
        });
        assert.ok(response.statusCode < 300, `webhook ${JSON.stringify(event)}: ${response.body}`);
        return response.json().callId as string;
      },
      async addMember(email, password, role) {
        await api(
          { method: 'POST', url: '/api/v1/members', payload: { email, password, role } },
          `adding ${email}`,
        );
      },
      async newPage(locale = 'en-US') {
        const context = await running.newContext({ locale, viewport: { width: 1280, height: 800 } });
        const page = await context.newPage();
        const errors: string[] = [];
        page.on('pageerror', (error) => errors.push(error.message));
        page.on('console', (message) => {
          // CSP violations are reported on the console, not as page errors. (The 401 of /auth/me
          // before logging in is logged there too, and is expected.)
          if (/Content Security Policy|Refused to/i.test(message.text())) errors.push(message.text());
        });
        return { page, errors };
      },
      async logIn(page, email, password) {
        await page.goto(`${origin}/calls`);
        await page.getByLabel('Email').fill(email);
        await page.getByLabel('Password').fill(password);
        await page.getByRole('button', { name: 'Log in' }).click();
        await page.locator('header nav').waitFor();
      },
      async screenshot(page, name) {
        const path = join(artifacts, `${name}.png`);
        await page.screenshot({ path, fullPage: true });
        console.log(`screenshot: ${path}`);
      },
      async close() {
        await running.close();
        await app.close();
        await database.close();
      },
    };
  } catch (error) {
    await browser?.close();
    await app.close();
    await database.close();
    throw error;
  }
}

/** One second of a 440 Hz tone: 8 kHz, 16-bit mono PCM in a RIFF/WAVE file. */
export function toneWav(seconds = 1, rate = 8000): Buffer {
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

/** Waits for the call log to show exactly these calls, in any order. */
export async function expectCallRows(page: Page, ids: readonly string[]): Promise<void> {
  await page.waitForFunction(
    (expected) => {
      const shown = [...document.querySelectorAll('table.calls tbody tr')].map((row) =>
        row.getAttribute('data-call-id'),
      );
      return JSON.stringify(shown.sort()) === JSON.stringify([...expected].sort());
    },
    ids,
    { timeout: 5000 },
  );
}

/**
 * Plays the page's recording, seeks it to 0.5 s and says where it landed and how long it is: a
 * recording served without byte ranges cannot seek.
 */
export async function playAndSeek(
  page: Page,
  selector: string,
): Promise<{ currentTime: number; duration: number }> {
  return page.locator(selector).evaluate(async (element: HTMLAudioElement) => {
    if (element.readyState < 3) {
      await new Promise((resolve, reject) => {
        element.addEventListener('canplay', resolve, { once: true });
        element.addEventListener('error', () => reject(new Error(`audio error ${element.error?.code}`)), {
          once: true,
        });
      });
    }
    await element.play();
    element.pause();
    const seeked = new Promise((resolve) => element.addEventListener('seeked', resolve, { once: true }));
    element.currentTime = 0.5;
    await seeked;
    return { currentTime: element.currentTime, duration: element.duration };
  });
}
