/**
 * Webhooks of the telephony providers: `/hooks/v1/<provider>/<token>[/<subpath>]`. The token
 * names the workspace's connection; the provider verifies the request's signature with the
 * connection's credentials, reads it into call events and recording references, and may shape the
 * answer. Everything read is stored before the provider gets its 2xx, so a crash or a database
 * outage (503) makes the provider retry, and a retry changes nothing that was stored.
 */
import type { WebhookRequest } from '@calltrail/core';
import { AppError, normalizePhone } from '@calltrail/core';
import { ErrorBody, ProviderWebhookAccepted } from '@calltrail/protocol';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { RouteDeps } from '../../app.ts';
import { findTrackingNumber } from '../../stores/sql/sites.ts';
import { connectionByToken } from '../../stores/sql/telephony.ts';
import { openCredentials, providerOf, webhookBase } from '../../telephony/connections.ts';
import { storeOutcome, touchWhenStale } from '../../telephony/store-outcome.ts';

/** Providers post small forms; a body larger than this is not a call event. */
const bodyLimit = 64 * 1024;

function headersOf(request: FastifyRequest): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

export function providerHookRoutes(deps: RouteDeps): FastifyPluginAsyncTypebox {
  const { db } = deps.database;
  const ingestDeps = {
    db,
    clock: deps.clock,
    flushLeaseHistory: () => deps.tracking.journal.flush(),
  };
  return async (app) => {
    // Signatures are computed over the body as sent: keep it as text whatever its type.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'string', bodyLimit }, (_request, body, done) =>
      done(null, body),
    );

    const handler = async (request: FastifyRequest) => {
      const params = request.params as { provider: string; token: string; '*'?: string };
      const connection = await connectionByToken(db, params.token);
      // Unknown and foreign tokens answer alike, so tokens cannot be probed.
      if (!connection || connection.provider !== params.provider) throw new AppError('WEBHOOK_NOT_FOUND');
      const definition = providerOf(connection.provider);
      const { provider } = definition;
      if (provider.kind !== 'webhook') throw new AppError('WEBHOOK_NOT_FOUND');
      const contentType = request.headers['content-type'] ?? '';
      const rawBody = typeof request.body === 'string' ? request.body : '';
      const receivedAt = deps.clock.now();
      const incoming: WebhookRequest = {
        method: request.method,
        publicUrl: deps.config.publicUrl + request.url,
        subpath: params['*'] ?? '',
        headers: headersOf(request),
        query: request.query as Record<string, string>,
        rawBody,
        form: /^application\/x-www-form-urlencoded/i.test(contentType)
          ? Object.fromEntries(new URLSearchParams(rawBody))
          : {},
        receivedAt,
      };
      const credentials = openCredentials(connection, deps.secrets);
      provider.verify(incoming, credentials as never);
      const outcome = await provider.handle(incoming, {
        credentials: credentials as never,
        settings: connection.settings as never,
        publicBaseUrl: deps.config.publicUrl,
        webhookBase: webhookBase(deps.config.publicUrl, connection),
        destinationOf: async (number) => {
          const e164 = normalizePhone(number);
          const row = e164 ? await findTrackingNumber(db, connection.workspaceId, e164) : null;
          return row?.destination ?? row?.businessNumber ?? null;
        },
      });
      const callIds = await storeOutcome(ingestDeps, connection, outcome, receivedAt);
      await touchWhenStale(db, connection.id, connection.lastEventAt, receivedAt);
      return { outcome, callIds };
    };

    const schema = {
      tags: ['telephony'],
      summary: 'A telephony provider’s webhook (its URLs come from GET /api/v1/telephony/connections)',
      description:
        'Signed and shaped as the provider documents it. 401 INVALID_SIGNATURE for a forged request, ' +
        '400 UNKNOWN_EVENT or INVALID_EVENT for what cannot be read, 503 when nothing could be stored.',
      params: Type.Object({
        provider: Type.String({ maxLength: 32 }),
        token: Type.String({ maxLength: 128 }),
        '*': Type.Optional(Type.String({ maxLength: 256 })),
      }),
      response: {
        200: ProviderWebhookAccepted,
        400: ErrorBody,
        401: ErrorBody,
        404: ErrorBody,
        413: ErrorBody,
        503: ErrorBody,
      },
    };
    for (const url of ['/:provider/:token', '/:provider/:token/*']) {
      app.route({
        method: ['GET', 'POST'],
        url,
        schema,
        handler: async (request, reply) => {
          const { outcome, callIds } = await handler(request);
          // A provider's own answer (TwiML, an echo) is text, sent as is rather than serialised.
          if (outcome.reply) return reply.type(outcome.reply.contentType).send(outcome.reply.body as never);
          return { accepted: true as const, callIds };
        },
      });
    }
  };
}
