/**
 * Sets up a demo workspace through the server's public API, as an owner would in the dashboard: a site
 * with a business number, a pool, static numbers for a few sources, an offline billboard number, a
 * month of ad costs, and the generic webhook the simulated PBX posts calls to. Running it again finds
 * what the first run made instead of adding more.
 */
import type { CallWebhook } from './call-placer.ts';
import { demoCostsCsv } from './demo-costs.ts';
import { call } from './site-setup.ts';

export interface DemoWorkspace {
  workspaceId: string;
  siteId: string;
  siteKey: string;
  /** Page origin of the site's domain. */
  origin: string;
  businessNumber: string;
  poolId: string;
  webhook: CallWebhook;
  /** Cost rows the upload stored. */
  costRows: number;
}

export interface DemoWorkspaceOptions {
  /**
   * Numbers in the pool when it is created (at most 10,000); an existing pool is kept as it is.
   * Attribution's time constants are real minutes, which the load does not compress: a call is
   * certain only when the number's previous holder left it some 15 minutes before. The default, 1000,
   * hands a number out again every ~18 minutes at the demo's visit a second (numbers are taken
   * free-longest first), so most calls are attributed; a smaller pool makes them "uncertain".
   */
  poolSize?: number;
  /** Days of ad costs up to today (default 30). */
  costDays?: number;
  now?: Date;
}

const siteName = 'Demo clinic';
const domain = 'demo-clinic.example';
const businessNumber = '+74957770000';
const fallbackNumber = '+74957770001';
/** A block of its own (+7 495 888 0000 on), so the demo can share a workspace with `createLoadSite`'s pools. */
const poolBlock = (i: number) => `+7495888${String(i).padStart(4, '0')}`;

/** Sources with a number of their own on the site; the billboard's is offline, on no site. */
const staticNumbers = [
  { number: '+74957772001', channel: 'email', source: 'newsletter' },
  { number: '+74957772002', channel: 'paid_search', source: 'yandex', campaign: 'braces_direct' },
  { number: '+74957772003', channel: 'referral', source: 'zoon.ru' },
] as const;
export const demoBillboardNumber = '+74957773001';

type Json = Record<string, unknown>;

export async function setUpDemoWorkspace(
  url: string,
  headers: Record<string, string>,
  options: DemoWorkspaceOptions = {},
): Promise<DemoWorkspace> {
  const api = async (path: string, init: { method?: string; body?: unknown } = {}) => {
    const response = await call(`${url}/api/v1${path}`, {
      method: init.method ?? 'GET',
      headers: init.body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    return (await response.json()) as Json;
  };
  const workspace = await api('/workspace');
  const site = await demoSite(api);
  const poolId = await demoPool(api, String(site.id), options.poolSize ?? 1000);
  for (const number of staticNumbers) {
    await addNumber(url, headers, { ...number, siteId: site.id, businessNumber });
  }
  await addNumber(url, headers, {
    number: demoBillboardNumber,
    channel: 'offline',
    source: 'billboard',
    campaign: 'metro_2026',
  });
  const costs = await call(`${url}/api/v1/costs?fileName=demo-costs.csv`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'text/csv' },
    body: demoCostsCsv(options.now ?? new Date(), options.costDays ?? 30, String(workspace.currency)),
  });
  const { rowsAdded } = (await costs.json()) as { rowsAdded: number };
  const hook = await api('/workspace/webhook');
  return {
    workspaceId: String(workspace.id),
    siteId: String(site.id),
    siteKey: String(site.key),
    origin: `https://${domain}`,
    businessNumber,
    poolId,
    // The server's public URL may not be the one this machine reaches it by: keep only the path.
    webhook: {
      url: `${url}${new URL(String(hook.url)).pathname}`,
      secret: String(hook.secret),
      offlineNumber: demoBillboardNumber,
    },
    costRows: rowsAdded,
  };
}

type Api = (path: string, init?: { method?: string; body?: unknown }) => Promise<Json>;

function items(page: Json): Json[] {
  return Array.isArray(page.items) ? (page.items as Json[]) : [];
}

async function demoSite(api: Api): Promise<Json> {
  const found = items(await api('/sites?limit=500')).find((site) => site.name === siteName);
  return (
    found ??
    api('/sites', {
      method: 'POST',
      body: { name: siteName, domains: [domain], businessNumbers: [businessNumber] },
    })
  );
}

async function demoPool(api: Api, siteId: string, size: number): Promise<string> {
  const found = items(await api('/pools?limit=500')).find((pool) => pool.siteId === siteId);
  if (found) return String(found.id);
  const pool = await api('/pools', {
    method: 'POST',
    body: {
      siteId,
      name: 'Demo pool',
      businessNumber,
      numbers: Array.from({ length: size }, (_, i) => poolBlock(i)),
      fallbackNumber,
      // The load compresses time about 20×: a minute's hold stands for the default half hour.
      holdMinutes: 1,
    },
  });
  return String(pool.id);
}

/** Adds a static number; one the workspace already has (NUMBER_TAKEN) is left as it is. */
async function addNumber(url: string, headers: Record<string, string>, body: Json): Promise<void> {
  const response = await fetch(`${url}/api/v1/numbers`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.ok || (response.status === 409 && text.includes('NUMBER_TAKEN'))) return;
  throw new Error(`POST ${url}/api/v1/numbers: ${response.status} ${text}`);
}
