/** Alerts: what the pool-health evaluation raised, newest first. */
import { AppError } from '@calltrail/core';
import { AlertList, AlertListQuery, type PoolAlert } from '@calltrail/protocol';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { RouteDeps } from '../../app.ts';
import { listPoolAlerts, type PoolAlertRow } from '../../stores/sql/pool-health.ts';
import { getPool } from '../../stores/sql/sites.ts';
import { security } from '../security.ts';

export function toPoolAlert(row: PoolAlertRow, poolName: string): PoolAlert {
  return {
    id: row.id,
    poolId: row.poolId,
    poolName,
    kind: row.kind as PoolAlert['kind'],
    hour: row.hour.toISOString(),
    observed: row.observed,
    target: row.target,
    recommendedSize: row.recommendedSize,
    createdAt: row.createdAt.toISOString(),
  };
}

export function alertRoutes(deps: RouteDeps): FastifyPluginAsyncTypebox {
  const { db } = deps.database;
  return async (app) => {
    app.get(
      '',
      {
        schema: {
          tags: ['alerts'],
          summary: 'List pool alerts, newest first',
          description:
            'A blocking_above_target alert marks an hour whose share of sessions that found every number ' +
            'leased exceeded the pool’s target by more than chance explains; it carries the pool size that ' +
            'would have met the target.',
          security,
          querystring: AlertListQuery,
          response: { 200: AlertList },
        },
        preHandler: deps.auth.workspace('reports:read'),
      },
      async (request) => {
        const { workspaceId } = request.auth;
        const { poolId } = request.query;
        if (poolId && !(await getPool(db, workspaceId, poolId))) {
          throw new AppError('POOL_NOT_FOUND', { id: poolId });
        }
        const page = await listPoolAlerts(db, workspaceId, request.query);
        return {
          items: page.items.map((r) => toPoolAlert(r.alert, r.poolName)),
          nextCursor: page.nextCursor,
        };
      },
    );
  };
}
