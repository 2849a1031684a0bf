/** GET /calls/{id}/journey: the visitor's sessions, pages, numbers and calls behind one call. */
import { AppError, can } from '@calltrail/core';
import { CallJourney, ErrorBody, IdParams } from '@calltrail/protocol';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { RouteDeps } from '../../app.ts';
import { getCall } from '../../stores/sql/calls.ts';
import { callJourney, journeyLimits } from '../../visitors/call-journey.ts';
import { security } from '../security.ts';

export function journeyRoutes(deps: RouteDeps): FastifyPluginAsyncTypebox {
  const { db } = deps.database;
  return async (app) => {
    app.get(
      '/:id/journey',
      {
        schema: {
          tags: ['calls'],
          summary: 'The caller’s journey: the visitor’s sessions and calls',
          description:
            `The visitor’s latest ${journeyLimits.sessions} sessions, oldest first, each with its first ` +
            `${journeyLimits.pageViewsPerSession} page views, the numbers leased to it and the calls attributed ` +
            `to it; and the latest ${journeyLimits.calls} calls of the visitor or the caller (outbound calls to ` +
            'the caller included). A call linked to no visitor has no sessions, only the caller’s calls.',
          security,
          params: IdParams,
          response: { 200: CallJourney, 404: ErrorBody },
        },
        preHandler: deps.auth.workspace('calls:read'),
      },
      async (request) => {
        const row = await getCall(db, request.auth.workspaceId, request.params.id);
        if (!row) throw new AppError('CALL_NOT_FOUND', { id: request.params.id });
        return callJourney(db, row.call, can(request.auth.role, 'callers:see'));
      },
    );
  };
}
