/** Chooses the lease store: Redis when REDIS_URL is set (several server processes), else memory. */
import { type LeaseStore, MemoryLeaseStore } from '@calltrail/core';
import { createClient } from 'redis';
import type { Config } from '../config.ts';
import { RedisLeaseStore } from './redis/lease-store.ts';

export interface OpenLeaseStore {
  store: LeaseStore;
  kind: 'memory' | 'redis';
  close(): Promise<void>;
}

export async function openLeaseStore(config: Pick<Config, 'redisUrl'>): Promise<OpenLeaseStore> {
  if (!config.redisUrl) return { store: new MemoryLeaseStore(), kind: 'memory', close: async () => {} };
  const client = createClient({ url: config.redisUrl });
  // Reconnects are node-redis's job; an unhandled 'error' event would end the process instead.
  client.on('error', () => {});
  await client.connect();
  return {
    store: new RedisLeaseStore(client),
    kind: 'redis',
    close: async () => {
      await client.quit();
    },
  };
}
