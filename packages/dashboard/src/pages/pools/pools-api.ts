/** The pools page's endpoints: pools, their hourly health and their alerts. */
import type { AlertList, Pool, PoolHealth, PoolList as PoolListSchema } from '@calltrail/protocol';
import type { Static } from 'typebox';
import { request, searchOf } from '../../api.ts';

type PoolList = Static<typeof PoolListSchema>;

const pool = (id: string) => `/api/v1/pools/${encodeURIComponent(id)}`;

export const poolsApi = {
  pools: () => request<PoolList>('GET', `/api/v1/pools?${searchOf({ limit: 500 })}`),
  pool: (id: string) => request<Pool>('GET', pool(id)),
  health: (id: string, period: { from?: string; to?: string } = {}) =>
    request<PoolHealth>('GET', `${pool(id)}/health?${searchOf(period)}`),
  alerts: (poolId?: string) =>
    request<AlertList>('GET', `/api/v1/alerts?${searchOf({ poolId, limit: 100 })}`),
};
