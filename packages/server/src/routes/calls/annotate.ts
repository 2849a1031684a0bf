/**
 * Operators' verdict on a call: tags, a rating, qualified or not, the deal's value. These columns
 * are never derived from provider events, so a later event's refold leaves them as they are.
 */
import { AppError } from '@calltrail/core';
import { CallAnnotation, CallRecord, IdParams } from '@calltrail/protocol';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { and, eq } from 'drizzle-orm';
import type { RouteDeps } from '../../app.ts';
import type { Db } from '../../db/database.ts';
import { calls } from '../../db/schema.ts';
import { getCall } from '../../stores/sql/calls.ts';
import { recordingsOfCalls } from '../../stores/sql/recordings.ts';
import { security } from '../security.ts';
import { toCallRecord } from './index.ts';

/** Tags as stored: trimmed, each once, in the order first given. */
export function normalizeTags(tags: readonly string[]): string[] {
  return [...new Set(tags.map((tag) => tag.trim()))];
}

async function annotateCall(db: Db, workspaceId: string, id: string, annotation: CallAnnotation, now: Date) {
  const { tags, rating, qualified, dealValue } = annotation;
  const updated = await db
    .update(calls)
    .set({
      ...(tags !== undefined && { tags: normalizeTags(tags) }),
      ...(rating !== undefined && { rating }),
      ...(qualified !== undefined && { qualified }),
      ...(dealValue !== undefined && { dealValue }),
      annotatedAt: now,
    })
    .where(and(eq(calls.workspaceId, workspaceId), eq(calls.id, id)))
    .returning({ id: calls.id });
  return updated.length > 0;
}

export function annotateRoutes(deps: RouteDeps): FastifyPluginAsyncTypebox {
  const { db } = deps.database;
  return async (app) => {
    app.patch(
      '/:id',
      {
        schema: {
          tags: ['calls'],
          summary: 'Tag, rate, qualify a call or enter its deal value',
          description: 'Operators, admins and owners. Fields left out keep their value; null clears one.',
          security,
          params: IdParams,
          body: CallAnnotation,
          response: { 200: CallRecord },
        },
        preHandler: deps.auth.workspace('calls:annotate'),
      },
      async (request) => {
        const { workspaceId, role } = request.auth;
        const { id } = request.params;
        if (!(await annotateCall(db, workspaceId, id, request.body, deps.clock.now()))) {
          throw new AppError('CALL_NOT_FOUND', { id });
        }
        const row = await getCall(db, workspaceId, id);
        if (!row) throw new AppError('CALL_NOT_FOUND', { id });
        const recordingOf = await recordingsOfCalls(db, workspaceId, [row.call]);
        return toCallRecord(row, role, recordingOf(row.call));
      },
    );
  };
}
