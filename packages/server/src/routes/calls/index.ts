/** The call log: each call with its attribution and its session's marketing facts. */
import {
  AppError,
  type Attribution,
  type CallStatus,
  type Channel,
  can,
  maskPhone,
  type Role,
} from '@calltrail/core';
import { CallList, CallListQuery, CallRecord, IdParams } from '@calltrail/protocol';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { RouteDeps } from '../../app.ts';
import { listCalls } from '../../calls/list-calls.ts';
import { type CallRow, getCall } from '../../stores/sql/calls.ts';
import { type RecordingSummary, recordingsOfCalls } from '../../stores/sql/recordings.ts';
import { type SessionRow, sessionTouch } from '../../stores/sql/sessions.ts';
import { security } from '../security.ts';
import { annotateRoutes } from './annotate.ts';
import { exportRoutes } from './export.ts';
import { journeyRoutes } from './journey.ts';
import { recordingRoutes } from './recording/index.ts';

function toSession(session: SessionRow) {
  return {
    id: session.id,
    visitorId: session.visitorId,
    startedAt: session.startedAt.toISOString(),
    landingPage: session.landingPage,
    referrer: session.referrer,
    touch: sessionTouch(session),
    clickIds: session.clickIds,
    gaClientId: session.gaClientId,
    gaSessionId: session.gaSessionId,
    metricaClientId: session.metricaClientId,
  };
}

export function toCallRecord(
  row: { call: CallRow; session: SessionRow | null },
  role: Role,
  recording: RecordingSummary | null,
) {
  const { call } = row;
  const seeCaller = can(role, 'callers:see');
  // An outbound call dials the customer: its "tracking number" is their number, masked like a caller.
  const hideDialled = !seeCaller && call.direction === 'outbound';
  return {
    id: call.id,
    provider: call.provider,
    providerCallId: call.providerCallId,
    direction: call.direction as 'inbound' | 'outbound',
    status: call.status as CallStatus,
    caller: seeCaller ? call.caller : maskPhone(call.caller),
    callerRaw: seeCaller || call.callerRaw === null ? call.callerRaw : maskPhone(call.callerRaw),
    trackingNumber: hideDialled ? maskPhone(call.trackingNumber) : call.trackingNumber,
    trackingNumberRaw: hideDialled ? (maskPhone(call.trackingNumberRaw) ?? '') : call.trackingNumberRaw,
    startedAt: call.startedAt.toISOString(),
    answeredAt: call.answeredAt?.toISOString() ?? null,
    endedAt: call.endedAt?.toISOString() ?? null,
    waitSeconds: call.waitSeconds,
    talkSeconds: call.talkSeconds,
    agent: call.agent,
    queue: call.queue,
    transfers: call.transfers,
    channel: call.channel as Channel | null,
    source: call.source,
    attribution: call.attribution as Attribution,
    session: row.session ? toSession(row.session) : null,
    visitorId: call.visitorId,
    firstTime: call.firstTime,
    repeat: call.repeat,
    previousCallId: call.previousCallId,
    recording,
    tags: call.tags,
    rating: call.rating,
    qualified: call.qualified,
    dealValue: call.dealValue,
  };
}

export function callRoutes(deps: RouteDeps): FastifyPluginAsyncTypebox {
  const { db } = deps.database;
  return async (app) => {
    app.get(
      '',
      {
        schema: {
          tags: ['calls'],
          summary: 'List calls, newest first',
          description:
            'Callers are masked for roles that may not see them (analyst). Filters combine (AND); campaign, term ' +
            'and landingPage are read from the attributed session. search matches digits of the tracking number, ' +
            'and of the caller only for roles that may see callers.',
          security,
          querystring: CallListQuery,
          response: { 200: CallList },
        },
        preHandler: deps.auth.workspace('calls:read'),
      },
      async (request) => {
        const { from, to } = request.query;
        if (from && to && new Date(to) < new Date(from)) throw new AppError('INVALID_PERIOD', { from, to });
        const page = await listCalls(db, request.auth.workspaceId, request.query, request.auth.role);
        const recordingOf = await recordingsOfCalls(
          db,
          request.auth.workspaceId,
          page.items.map((r) => r.call),
        );
        return {
          items: page.items.map((r) => toCallRecord(r, request.auth.role, recordingOf(r.call))),
          nextCursor: page.nextCursor,
        };
      },
    );

    app.get(
      '/:id',
      {
        schema: {
          tags: ['calls'],
          summary: 'Get a call',
          security,
          params: IdParams,
          response: { 200: CallRecord },
        },
        preHandler: deps.auth.workspace('calls:read'),
      },
      async (request) => {
        const row = await getCall(db, request.auth.workspaceId, request.params.id);
        if (!row) throw new AppError('CALL_NOT_FOUND', { id: request.params.id });
        const recordingOf = await recordingsOfCalls(db, request.auth.workspaceId, [row.call]);
        return toCallRecord(row, request.auth.role, recordingOf(row.call));
      },
    );

    await app.register(annotateRoutes(deps));
    await app.register(exportRoutes(deps));
    await app.register(journeyRoutes(deps));
    await app.register(recordingRoutes(deps), { prefix: '/:id/recording' });
  };
}
