/** Telephony webhooks. The generic one takes JSON call events from any PBX, per workspace. */
import { timingSafeEqual } from 'node:crypto';
import { AppError, type CallEvent } from '@calltrail/core';
import { ErrorBody, GenericCallEvent, WebhookAccepted } from '@calltrail/protocol';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { RouteDeps } from '../../app.ts';
import { ingestCallEvent } from '../../calls/ingest-call-event.ts';
import { sha256 } from '../../ids.ts';
import { getWorkspace } from '../../stores/sql/workspaces.ts';

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Canonical JSON (sorted keys), so a re-serialised retry of the same event is recognised. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function hookRoutes(deps: RouteDeps): FastifyPluginAsyncTypebox {
  const ingestDeps = { db: deps.database.db, clock: deps.clock };
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
      },
      async (request) => {
        const secret = request.headers['x-calltrail-secret'] ?? request.query.secret;
        const workspace = await getWorkspace(deps.database.db, request.params.workspaceId);
        // Unknown workspace and wrong secret answer alike, so ids cannot be probed.
        if (!secret || !workspace || !sameSecret(secret, workspace.webhookSecret)) {
          throw new AppError('INVALID_WEBHOOK_SECRET');
        }
        const body = request.body;
        let at: Date | null = null;
        if (body.at) {
          at = new Date(body.at);
          if (Number.isNaN(at.getTime()))
            throw new AppError('VALIDATION_FAILED', { at: body.at }, 'at is not a date');
        }
        const event: CallEvent = {
          kind: body.event,
          at,
          receivedAt: deps.clock.now(),
          direction: body.direction ?? 'inbound',
          from: body.from,
          to: body.to,
          ...(body.status ? { endStatus: body.status } : {}),
        };
        return ingestCallEvent(ingestDeps, {
          workspaceId: workspace.id,
          provider: 'generic',
          providerCallId: body.callId,
          // Without a provider time, a repeat is only recognisable by its content.
          dedupeKey: sha256(canonical(body)),
          raw: body,
          event,
        });
      },
    );
  };
}
