/**
 * Pool routing: which of a site's pools serves a session. Each pool has rules; a rule is a list of
 * conditions that must all hold, and the pool serves a session matching any of its rules. A pool
 * without rules is a catch-all. Pools are tried by position, catch-alls last: the first match wins.
 */

export const routingFields = [
  'channel',
  'source',
  'medium',
  'campaign',
  'term',
  'landingPage',
  'device',
  'country',
  'region',
  'city',
] as const;
export type RoutingField = (typeof routingFields)[number];

export const routingOperators = ['is', 'isNot', 'contains', 'startsWith'] as const;
export type RoutingOperator = (typeof routingOperators)[number];

export interface RoutingCondition {
  field: RoutingField;
  op: RoutingOperator;
  /** The condition holds when any value matches ('isNot': when none does). Compared case-insensitively. */
  values: string[];
}

export interface PoolRule {
  conditions: RoutingCondition[];
}

/** What routing can see of a session; landingPage is the landing URL's path and query. */
export type SessionFacts = Record<RoutingField, string | null>;

export interface RoutedPool {
  position: number;
  rules: readonly PoolRule[];
}

function valueMatches(op: RoutingOperator, actual: string, wanted: string): boolean {
  if (op === 'contains') return actual.includes(wanted);
  if (op === 'startsWith') return actual.startsWith(wanted);
  return actual === wanted;
}

export function conditionHolds(condition: RoutingCondition, facts: SessionFacts): boolean {
  const actual = facts[condition.field]?.toLowerCase() ?? null;
  const any =
    actual !== null && condition.values.some((v) => valueMatches(condition.op, actual, v.toLowerCase()));
  return condition.op === 'isNot' ? !any : any;
}

export function poolServes(pool: Pick<RoutedPool, 'rules'>, facts: SessionFacts): boolean {
  if (pool.rules.length === 0) return true;
  return pool.rules.some((rule) => rule.conditions.every((c) => conditionHolds(c, facts)));
}

/** The first pool, by position with catch-alls last, that serves the session; null when none does. */
export function routeSession<P extends RoutedPool>(pools: readonly P[], facts: SessionFacts): P | null {
  // One pass, no sorted copy: this runs on every page view and heartbeat. Ties keep the given order.
  let best: P | null = null;
  for (const pool of pools) {
    if (best !== null && !routesBefore(pool, best)) continue;
    if (poolServes(pool, facts)) best = pool;
  }
  return best;
}

function routesBefore(a: RoutedPool, b: RoutedPool): boolean {
  const aCatchAll = a.rules.length === 0;
  const bCatchAll = b.rules.length === 0;
  if (aCatchAll !== bCatchAll) return bCatchAll;
  return a.position < b.position;
}

/** The path and query of a landing URL, which is what landingPage conditions compare against. */
export function landingPath(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.pathname + parsed.search;
  } catch {
    return null;
  }
}
