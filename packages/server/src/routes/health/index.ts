/** Liveness (the process answers) and readiness (the database answers). */
import { AppError } from '@calltrail/core';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { RouteDeps } from '../../app.ts';

export function healthRoutes(deps: RouteDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/healthz',
      { schema: { tags: ['health'], response: { 200: Type.Object({ status: Type.Literal('ok') }) } } },
      async () => ({ status: 'ok' as const }),
    );
    app.get(
      '/readyz',
      {
        schema: {
          tags: ['health'],
          response: { 200: Type.Object({ status: Type.Literal('ready'), database: Type.String() }) },
        },
      },
      async () => {
        try {
          await deps.database.ping();
        } catch {
          throw new AppError('DATABASE_UNAVAILABLE');
        }
        return { status: 'ready' as const, database: deps.database.kind };
      },
    );
  };
}
