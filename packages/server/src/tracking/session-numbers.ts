/**
 * Which number a session sees in place of each business number: a static number for its source,
 * else a lease from the number's pool, else the pool's fallback.
 */
import { type Clock, type LeaseStore, leaseWindowEnd } from '@calltrail/core';
import type { NumberSwap } from '@calltrail/protocol';
import type { Db } from '../db/database.ts';
import { newId } from '../ids.ts';
import { insertLease, touchLease } from '../stores/sql/leases.ts';
import type { SessionRow } from '../stores/sql/sessions.ts';
import {
  listPoolsOfSite,
  type PoolRow,
  poolNumbers,
  type SiteRow,
  staticNumbersOfSite,
  type TrackingNumberRow,
} from '../stores/sql/sites.ts';

export interface SessionNumbersDeps {
  db: Db;
  clock: Clock;
  leases: LeaseStore;
}

/** A site with the pools and static numbers that swap its business numbers. */
export interface SiteSetup {
  site: SiteRow;
  pools: PoolRow[];
  statics: TrackingNumberRow[];
}

export async function loadSiteSetup(db: Db, site: SiteRow): Promise<SiteSetup> {
  const [pools, statics] = await Promise.all([
    listPoolsOfSite(db, site.workspaceId, site.id),
    staticNumbersOfSite(db, site.workspaceId, site.id),
  ]);
  return { site, pools, statics };
}

const defaultHeartbeatSeconds = 30;

/** The snippet beats at the pace of the most demanding pool on the site. */
export function heartbeatSeconds(setup: SiteSetup): number {
  return setup.pools.reduce((min, p) => Math.min(min, p.heartbeatSeconds), defaultHeartbeatSeconds);
}

export async function sessionNumbers(
  deps: SessionNumbersDeps,
  setup: SiteSetup,
  session: Pick<SessionRow, 'id' | 'visitorId' | 'source' | 'campaign'>,
): Promise<NumberSwap[]> {
  const { db, clock } = deps;
  const { site, pools, statics } = setup;
  const now = clock.now();
  const swaps: NumberSwap[] = [];
  for (const biz of site.businessNumbers) {
    const fixed = statics.find(
      (n) =>
        n.businessNumber === biz &&
        n.source !== null &&
        n.source === session.source &&
        (n.campaign === null || n.campaign === session.campaign),
    );
    if (fixed) {
      swaps.push({ biz, show: fixed.number, kind: 'static', until: null });
      continue;
    }
    const pool = pools.find((p) => p.businessNumber === biz);
    if (!pool) continue;
    const holdMs = pool.holdMinutes * 60_000;
    const result = await deps.leases.acquire({
      id: newId('lse'),
      poolId: pool.id,
      sessionId: session.id,
      visitorId: session.visitorId,
      numbers: await poolNumbers(db, site.workspaceId, pool.id),
      holdMs,
      now,
    });
    if (result.ok) {
      if (result.fresh) await insertLease(db, site.workspaceId, result.lease);
      else await touchLease(db, result.lease.id, now);
      const until = leaseWindowEnd(result.lease).toISOString();
      swaps.push({ biz, show: result.lease.number, kind: 'pool', until });
    } else {
      swaps.push({ biz, show: pool.fallbackNumber ?? biz, kind: 'fallback', until: null });
    }
  }
  return swaps;
}
