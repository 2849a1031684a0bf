/**
 * A site as the snippet API needs it: its domains, business numbers, static numbers and pools with
 * their numbers. Loaded in three queries and cached briefly, so a page view costs no configuration
 * queries; writes through the REST API in this process invalidate the cache at once, and other
 * processes see a change within the cache's lifetime (SITE_CACHE_MS).
 */
import type { Clock, ExhaustionPolicy, PoolConfig, PoolRule, SiteNumbers } from '@calltrail/core';
import type { Db } from '../db/database.ts';
import {
  getSiteByKey,
  listPoolsOfSite,
  type PoolRow,
  type SiteRow,
  swappedNumbersOfSite,
} from '../stores/sql/sites.ts';
import { originAllowed } from './site-origin.ts';
import { visitorCookieDomain } from './visitor-cookie.ts';

export interface SiteSetup {
  site: SiteRow;
  numbers: SiteNumbers;
  /** The snippet beats at the pace of the most demanding pool on the site. */
  heartbeatSeconds: number;
  /** Whether a page origin is on one of the site's domains; remembers the answers it gave. */
  allowsOrigin(origin: string): boolean;
  /** The site domain to set the visitor cookie on when Calltrail is reached as `host`, or null; remembered. */
  visitorCookieDomain(host: string): string | null;
}

/** A site sees a handful of origins and hosts; a client that sends arbitrary ones cannot grow a memo past this. */
const maxRemembered = 64;

function remembered<T extends boolean | string | null>(answer: (input: string) => T): (input: string) => T {
  const seen = new Map<string, T>();
  return (input) => {
    let value = seen.get(input);
    if (value === undefined) {
      value = answer(input);
      if (seen.size < maxRemembered) seen.set(input, value);
    }
    return value;
  };
}

const defaultHeartbeatSeconds = 30;

function poolConfig(row: PoolRow, numbers: readonly string[]): PoolConfig {
  return {
    id: row.id,
    businessNumber: row.businessNumber,
    position: row.position,
    rules: row.rules as PoolRule[],
    holdMs: row.holdMinutes * 60_000,
    exhaustionPolicy: row.exhaustionPolicy as ExhaustionPolicy,
    fallbackNumber: row.fallbackNumber,
    overflowNumber: row.overflowNumber,
    numbers,
  };
}

async function loadSiteSetup(db: Db, key: string): Promise<SiteSetup | null> {
  const site = await getSiteByKey(db, key);
  if (!site) return null;
  const [poolRows, numberRows] = await Promise.all([
    listPoolsOfSite(db, site.workspaceId, site.id),
    swappedNumbersOfSite(db, site.workspaceId, site.id),
  ]);
  const numbersOfPool = new Map<string, string[]>();
  for (const row of numberRows) {
    if (row.kind !== 'pool' || row.poolId === null) continue;
    const list = numbersOfPool.get(row.poolId) ?? [];
    list.push(row.number);
    numbersOfPool.set(row.poolId, list);
  }
  return {
    site,
    numbers: {
      businessNumbers: site.businessNumbers,
      statics: numberRows.flatMap((row) =>
        row.kind === 'static' && row.source !== null && row.businessNumber !== null
          ? [
              {
                number: row.number,
                businessNumber: row.businessNumber,
                source: row.source,
                campaign: row.campaign,
              },
            ]
          : [],
      ),
      pools: poolRows.map((row) => poolConfig(row, numbersOfPool.get(row.id) ?? [])),
    },
    heartbeatSeconds:
      poolRows.length === 0 ? defaultHeartbeatSeconds : Math.min(...poolRows.map((p) => p.heartbeatSeconds)),
    allowsOrigin: remembered((origin) => originAllowed(origin, site.domains)),
    visitorCookieDomain: remembered((host) => visitorCookieDomain(host, site.domains)),
  };
}

/** Site setups by key for `ttlMs` on the injected clock; concurrent misses share one load. */
export class SiteSetupCache {
  readonly #entries = new Map<string, { loadedAt: number; setup: Promise<SiteSetup | null> }>();
  readonly #db: Db;
  readonly #clock: Clock;
  readonly #ttlMs: number;

  constructor(db: Db, clock: Clock, ttlMs: number) {
    this.#db = db;
    this.#clock = clock;
    this.#ttlMs = ttlMs;
  }

  get(key: string): Promise<SiteSetup | null> {
    const now = this.#clock.now().getTime();
    const cached = this.#entries.get(key);
    if (cached && now - cached.loadedAt < this.#ttlMs) return cached.setup;
    const setup = loadSiteSetup(this.#db, key);
    const entry = { loadedAt: now, setup };
    this.#entries.set(key, entry);
    // A failed load must not be served from the cache.
    setup.catch(() => {
      if (this.#entries.get(key) === entry) this.#entries.delete(key);
    });
    if (this.#entries.size > 10_000) this.#entries.delete(this.#entries.keys().next().value as string);
    return setup;
  }

  /** After a site, pool or number changes: every site is reloaded on its next request. */
  invalidate(): void {
    this.#entries.clear();
  }
}
