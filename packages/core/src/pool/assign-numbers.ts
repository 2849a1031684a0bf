/**
 * Which number a session sees in place of each of the site's business numbers. The server's snippet
 * API and the simulator both call this, so the simulator measures the code that runs in production.
 *
 * For each business number, in order:
 * 1. a static number whose source (and campaign, when set) matches the session's: the number is the label;
 * 2. else the first pool routed to the session (see routing.ts), which leases a number (see
 *    LeaseOutcome for the order of preference);
 * 3. an exhausted pool shows its overflow number under the 'overflow' policy, else its fallback
 *    number, else nothing (the page keeps the business number);
 * 4. a self-declared crawler gets no lease: it sees static numbers and the pool's fallback only.
 */
import type { ExhaustionPolicy, Lease, LeaseOutcome, LeaseStore } from './lease.ts';
import { type PoolRule, type RoutedPool, routeSession, type SessionFacts } from './routing.ts';

export interface StaticNumberRule {
  number: string;
  businessNumber: string;
  /** utm_source (or the classified source) the number is shown for; compared case-insensitively. */
  source: string;
  /** When set, the campaign must match too. */
  campaign: string | null;
}

export interface PoolConfig extends RoutedPool {
  id: string;
  businessNumber: string;
  rules: readonly PoolRule[];
  holdMs: number;
  exhaustionPolicy: ExhaustionPolicy;
  fallbackNumber: string | null;
  overflowNumber: string | null;
  numbers: readonly string[];
}

export interface SiteNumbers {
  businessNumbers: readonly string[];
  statics: readonly StaticNumberRule[];
  pools: readonly PoolConfig[];
}

export interface SessionToServe {
  id: string;
  visitorId: string;
  facts: SessionFacts;
  crawler: boolean;
}

export type Assignment =
  | { businessNumber: string; kind: 'static'; show: string; poolId: null }
  | {
      businessNumber: string;
      kind: 'pool';
      show: string;
      poolId: string;
      lease: Lease;
      outcome: LeaseOutcome;
      previous: Lease | null;
    }
  | {
      businessNumber: string;
      kind: 'fallback' | 'overflow';
      /** Null when the pool has no fallback number: the page keeps the business number. */
      show: string | null;
      poolId: string;
      reason: 'pool_exhausted' | 'pool_empty' | 'crawler';
    };

export interface AssignDeps {
  leases: LeaseStore;
  newLeaseId: () => string;
}

function staticFor(
  statics: readonly StaticNumberRule[],
  businessNumber: string,
  facts: SessionFacts,
): StaticNumberRule | undefined {
  const source = facts.source?.toLowerCase();
  const campaign = facts.campaign?.toLowerCase();
  return statics.find(
    (s) =>
      s.businessNumber === businessNumber &&
      s.source.toLowerCase() === source &&
      (s.campaign === null || s.campaign.toLowerCase() === campaign),
  );
}

export async function assignNumbers(
  deps: AssignDeps,
  site: SiteNumbers,
  session: SessionToServe,
  now: Date,
): Promise<Assignment[]> {
  const assignments: Assignment[] = [];
  for (const businessNumber of site.businessNumbers) {
    const fixed = staticFor(site.statics, businessNumber, session.facts);
    if (fixed) {
      assignments.push({ businessNumber, kind: 'static', show: fixed.number, poolId: null });
      continue;
    }
    const pool = routeSession(
      site.pools.filter((p) => p.businessNumber === businessNumber),
      session.facts,
    );
    if (!pool) continue;
    if (session.crawler) {
      assignments.push(unleased(businessNumber, pool, 'crawler'));
      continue;
    }
    const result = await deps.leases.acquire({
      id: deps.newLeaseId(),
      poolId: pool.id,
      sessionId: session.id,
      visitorId: session.visitorId,
      numbers: pool.numbers,
      holdMs: pool.holdMs,
      reuseWhenExhausted: pool.exhaustionPolicy === 'reuse',
      now,
    });
    if (result.ok) {
      assignments.push({
        businessNumber,
        kind: 'pool',
        show: result.lease.number,
        poolId: pool.id,
        lease: result.lease,
        outcome: result.outcome,
        previous: result.previous,
      });
    } else {
      assignments.push(unleased(businessNumber, pool, result.reason));
    }
  }
  return assignments;
}

function unleased(
  businessNumber: string,
  pool: PoolConfig,
  reason: 'pool_exhausted' | 'pool_empty' | 'crawler',
): Assignment {
  if (reason !== 'crawler' && pool.exhaustionPolicy === 'overflow' && pool.overflowNumber !== null) {
    return { businessNumber, kind: 'overflow', show: pool.overflowNumber, poolId: pool.id, reason };
  }
  return { businessNumber, kind: 'fallback', show: pool.fallbackNumber, poolId: pool.id, reason };
}
