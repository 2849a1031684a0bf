/**
 * The simulated sites and their pools: one pool per site, sized with Erlang B for the site's busy hour
 * the way a user plans one (§2.2: busy-hour λ × (E[V] + H) at the blocking target), unless a size is
 * given. Also the directory that turns a shown number into the code the simulator tracks it by.
 */
import type { PoolConfig, SiteNumbers } from '../pool/assign-numbers.ts';
import { erlangB } from '../pool/erlang-b.ts';
import { type PoolSizing, sizePool } from '../pool/pool-sizing.ts';
import type { DialledNumber } from './attribution-input.ts';
import { createRandom } from './random.ts';
import type { SimulationConfig } from './scenarios.ts';
import { expectedActivitySeconds } from './traffic.ts';
import { busyHourFactor, siteWeights } from './traffic-model.ts';

export interface SimulatedSite {
  index: number;
  id: string;
  setup: SiteNumbers;
  poolSize: number;
  /** The site's share of all sessions. */
  weight: number;
  sessionsPerDay: number;
  busyHourSessionsPerHour: number;
  /** What Erlang sizing gives for the site's busy hour (computed even when the size is given). */
  sizing: PoolSizing;
  /** B(A, N) at the sizing load for the pool actually used. */
  predictedBlocking: number;
  /** Codes of the pool's numbers, in the pool's order. */
  poolCodes: number[];
}

export interface PoolPlan {
  sites: SimulatedSite[];
  /** Code of every tracking number; the business numbers are not tracking numbers and have none. */
  codeOf: Map<string, number>;
  numbers: DialledNumber[];
  /** The E[V] sizing used: mean first-to-last activity of the model's visits. */
  expectedVisitSeconds: number;
}

/** Sizing must not depend on the run's seed: a user sizes once, then runs many seeds. */
const sizingSeed = 0x5eed;

function phone(prefix: string, site: number, n: number): string {
  return `+1${prefix}${String(site).padStart(4, '0')}${String(n).padStart(5, '0')}`;
}

export function planPools(config: SimulationConfig): PoolPlan {
  const { traffic } = config;
  const expectedVisitSeconds = expectedActivitySeconds(traffic, createRandom(sizingSeed));
  const peak = busyHourFactor(traffic);
  const codeOf = new Map<string, number>();
  const numbers: DialledNumber[] = [];
  const register = (number: string, info: DialledNumber): number => {
    codeOf.set(number, numbers.length);
    numbers.push(info);
    return numbers.length - 1;
  };

  const sites = siteWeights(traffic).map((weight, index): SimulatedSite => {
    const id = `site-${index + 1}`;
    const sessionsPerDay = traffic.sessionsPerDay * weight;
    const busyHourSessionsPerHour = (sessionsPerDay / 24) * peak;
    const sizing = sizePool({
      sessionsPerHour: busyHourSessionsPerHour,
      visitSeconds: expectedVisitSeconds,
      holdMinutes: config.holdMinutes,
      target: config.target,
      around: 0,
    });
    const poolSize = config.poolSize ?? Math.max(1, Math.round(sizing.poolSize * config.poolSizeFactor));
    const poolNumbers = Array.from({ length: poolSize }, (_, n) => phone('555', index, n));
    const poolCodes = poolNumbers.map((number) => register(number, { kind: 'pool', siteId: id }));
    const fallbackNumber = phone('556', index, 0);
    const overflowNumber = phone('556', index, 1);
    register(fallbackNumber, { kind: 'fallback', siteId: id });
    register(overflowNumber, { kind: 'overflow', siteId: id });
    const businessNumber = phone('557', index, 0);
    const pool: PoolConfig = {
      id: `pool-${index + 1}`,
      position: 0,
      businessNumber,
      rules: [],
      holdMs: config.holdMinutes * 60_000,
      exhaustionPolicy: config.policy,
      fallbackNumber,
      overflowNumber,
      numbers: poolNumbers,
    };
    return {
      index,
      id,
      setup: { businessNumbers: [businessNumber], statics: [], pools: [pool] },
      poolSize,
      weight,
      sessionsPerDay,
      busyHourSessionsPerHour,
      sizing,
      predictedBlocking: erlangB(sizing.offeredLoad, poolSize),
      poolCodes,
    };
  });
  return { sites, codeOf, numbers, expectedVisitSeconds };
}
