/**
 * What the Redis lease store's tests (lease-store*.test.ts) share: a suite against REDIS_URL with two
 * clients standing in for two server processes and a fresh key prefix per store, the requests the
 * tests send, and a client that records what each script call sent.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Lease, LeaseRequest, LeaseResult } from '@calltrail/core';
import { leaseRequest } from '@calltrail/core/testing';
import { createClient } from 'redis';
import type { LeaseScriptClient } from './lease-store.ts';

const open = (url: string) => createClient({ url });
export type Client = ReturnType<typeof open>;

export const t0 = new Date('2026-01-05T10:00:00Z');
export const seconds = (n: number) => new Date(t0.getTime() + n * 1000);
export const minutes = (n: number) => seconds(n * 60);
export const hold = 30 * 60_000;
export const numbers = (count: number) =>
  Array.from({ length: count }, (_, i) => `+7495${String(i + 1).padStart(7, '0')}`);

export function request(
  sessionId: string,
  now: Date,
  pool: readonly string[],
  id = `lease-${sessionId}`,
): LeaseRequest {
  return leaseRequest(sessionId, now, { id, numbers: pool, holdMs: hold });
}

export function leaseOf(result: LeaseResult): Lease {
  assert.ok(result.ok, `expected a lease, got ${JSON.stringify(result)}`);
  return result.lease;
}

/** A client passing every script call on to `target`, keeping the arguments of each. */
export function recording(target: Client): { client: LeaseScriptClient; calls: string[][] } {
  const calls: string[][] = [];
  const client: LeaseScriptClient = {
    evalSha: (sha1, options) => {
      calls.push(options.arguments);
      return target.evalSha(sha1, options);
    },
    eval: (script, options) => {
      calls.push(options.arguments);
      return target.eval(script, options);
    },
  };
  return { client, calls };
}

export interface RedisFixture {
  /** Two clients, as two server processes would hold them; connected before the first test. */
  first: Client;
  second: Client;
  /** A key prefix under this run's that no other store uses, so runs and tests never see each other's keys. */
  prefix: () => string;
}

/**
 * A suite named `name` against REDIS_URL. Without REDIS_URL it is a single test instead, failed on CI
 * and skipped elsewhere, so the run's closing summary counts it.
 */
export function describeWithRedis(name: string, body: (redis: RedisFixture) => void): void {
  const url = process.env.REDIS_URL;
  if (!url) {
    if (process.env.CI) {
      test(name, () => {
        assert.fail('REDIS_URL is not set on CI: the Redis lease store would go untested');
      });
    } else {
      test(name, { skip: 'REDIS_URL is not set (e.g. REDIS_URL=redis://127.0.0.1:6379)' }, () => {});
    }
    return;
  }
  describe(name, () => {
    const runPrefix = `calltrail-test:${randomUUID()}:`;
    let stores = 0;
    const prefix = () => `${runPrefix}${++stores}:`;
    const [first, second] = [open(url), open(url)];

    before(async () => {
      await Promise.all([first.connect(), second.connect()]);
    });

    after(async () => {
      for await (const keys of first.scanIterator({ MATCH: `${runPrefix}*`, COUNT: 500 })) {
        if (keys.length > 0) await first.del(keys);
      }
      await Promise.all([first.close(), second.close()]);
    });

    body({ first, second, prefix });
  });
}
