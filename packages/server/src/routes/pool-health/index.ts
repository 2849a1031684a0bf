/** Pool health: a pool's offered load, blocking and recommended size hour by hour, and alerts on demand. */
import { AppError } from '@calltrail/core';
import { IdParams, PoolAlertEvaluation, PoolHealth, PoolHealthQuery } from '@calltrail/protocol';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { RouteDeps } from '../../app.ts';
import { ceilHour, floorHour, hourMs, poolHealthHours } from '../../pool-health/pool-health-hours.ts';
import { raisePoolAlerts } from '../../pool-health/raise-pool-alerts.ts';
import { getPool } from '../../stores/sql/sites.ts';
import { toPoolAlert } from '../alerts/index.ts';
import { security } from '../security.ts';

/** 31 days of hours: a month's busy hours in one request, and a bound on what one request reads. */
export const maxHealthHours = 31 * 24;

/** The hours asked for: on the hour, the last 24 by default. */
function period(query: PoolHealthQuery, now: Date): { from: Date; to: Date } {
  const to = query.to ? ceilHour(new Date(query.to)) : new Date(floorHour(now).getTime() + hourMs);
  const from = query.from ? floorHour(new Date(query.from)) : new Date(to.getTime() - 24 * hourMs);
  if (to < from) throw new AppError('INVALID_PERIOD', { from: query.from, to: query.to });
  if (to.getTime() - from.getTime() > maxHealthHours * hourMs) {
    throw new AppError(
      'PERIOD_TOO_LONG',
      { maxHours: maxHealthHours },
      `The period is longer than ${maxHealthHours} hours`,
    );
  }
  return { from, to };
}

export function poolHealthRoutes(deps: RouteDeps): FastifyPluginAsyncTypebox {
  const { db } = deps.database;
  return async (app) => {
    app.get(
      '/:id/health',
      {
        schema: {
          tags: ['pools'],
          summary: 'A pool’s health per hour',
          description:
            'For each hour: how sessions were served, the offered load (sessions per second × mean lease ' +
            'holding time, in erlangs), the blocking observed vs what Erlang B predicts for the pool’s size, ' +
            'the size that meets the pool’s target, the share of its numbers held (utilisation), and the ' +
            'shortest gap before a number went to a new visitor. The last 24 hours by default, at most ' +
            `${maxHealthHours}.`,
          security,
          params: IdParams,
          querystring: PoolHealthQuery,
          response: { 200: PoolHealth },
        },
        preHandler: deps.auth.workspace('reports:read'),
      },
      async (request) => {
        const pool = await getPool(db, request.auth.workspaceId, request.params.id);
        if (!pool) throw new AppError('POOL_NOT_FOUND', { id: request.params.id });
        const now = deps.clock.now();
        const report = await poolHealthHours(db, pool, period(request.query, now), now);
        return {
          poolId: pool.id,
          targetBlocking: pool.targetBlocking,
          poolSize: report.poolSize,
          from: report.from.toISOString(),
          to: report.to.toISOString(),
          hours: report.hours.map((h) => ({ ...h, hour: h.hour.toISOString() })),
        };
      },
    );

    app.post(
      '/:id/health/evaluate',
      {
        schema: {
          tags: ['pools'],
          summary: 'Evaluate a pool’s alerts now',
          description:
            'Runs the alert evaluation the server runs every 5 minutes, for this pool only: each of the last ' +
            '24 hours whose blocking is above the target beyond chance gets its blocking_above_target alert.',
          security,
          params: IdParams,
          response: { 200: PoolAlertEvaluation },
        },
        preHandler: deps.auth.workspace('reports:read'),
      },
      async (request) => {
        const { workspaceId } = request.auth;
        const pool = await getPool(db, workspaceId, request.params.id);
        if (!pool) throw new AppError('POOL_NOT_FOUND', { id: request.params.id });
        const result = await raisePoolAlerts(db, deps.clock.now(), { workspaceId, poolId: pool.id });
        return { alerts: result.alerts.map(({ row }) => toPoolAlert(row, pool.name)) };
      },
    );
  };
}
