/** Telephony webhooks. The generic one takes JSON call events from any PBX, per workspace. */
import { AppError } from '@calltrail/core';
import { ErrorBody, GenericCallEvent, WebhookAccepted } from '@calltrail/protocol';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { RouteDeps } from '../../app.ts';
import { ingestCallEvent } from '../../calls/ingest-call-event.ts';
import { getWorkspace } from '../../stores/sql/workspaces.ts';
import { parseGenericEvent } from '../../telephony/generic/index.ts';
import { sameText } from '../../telephony/same-text.ts';

export function hookRoutes(deps: RouteDeps): FastifyPluginAsyncTypebox {
  const ingestDeps = {
    db: deps.database.db,
    clock: deps.clock,
    // A call must see every lease handed out before it, including those still in the write-behind batch.
    flushLeaseHistory: () => deps.tracking.journal.flush(),
  };
  return async (app) => {
    app.post(
      '/generic/:workspaceId',
      {
        bodyLimit: 16 * 1024,
        schema: {
          tags: ['telephony'],
          summary: 'Generic call event webhook for any PBX',
          description:
            'POST application/json, one event per request, authenticated by the workspace webhook secret in ' +
            'the X-Calltrail-Secret header (or ?secret=). Send ringing, answered and ended events with the same ' +
            'callId; repeats and out-of-order events fold into one call. The event is stored before the 200.',
          params: Type.Object({ workspaceId: Type.String({ minLength: 1, maxLength: 64 }) }),
          querystring: Type.Object({ secret: Type.Optional(Type.String({ maxLength: 256 })) }),
          headers: Type.Object({ 'x-calltrail-secret': Type.Optional(Type.String({ maxLength: 256 })) }),
          body: GenericCallEvent,
          response: { 200: WebhookAccepted, 400: ErrorBody, 401: ErrorBody, 415: ErrorBody, 503: ErrorBody },
        },
        // Authenticate before validating, so strangers learn nothing about the expected body.
        preValidation: async (request) => {
          const { workspaceId } = request.params as { workspaceId: string };
          const query = request.query as { secret?: string };
          const header = request.headers['x-calltrail-secret'];
          const secret = typeof header === 'string' ? header : query.secret;
          const workspace = await getWorkspace(deps.database.db, workspaceId);
          // Unknown workspace and wrong secret answer alike, so ids cannot be probed.
          if (!secret || !workspace || !sameText(secret, workspace.webhookSecret)) {
            throw new AppError('INVALID_WEBHOOK_SECRET');
          }
        },
      },
      async (request) => {
        const parsed = parseGenericEvent(request.body, deps.clock.now());
        return ingestCallEvent(ingestDeps, {
          workspaceId: request.params.workspaceId,
          provider: 'generic',
          ...parsed,
          raw: request.body,
        });
      },
    );
  };
}
