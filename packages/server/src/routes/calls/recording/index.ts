/**
 * A call's recording: play it (byte ranges, as audio players seek), download it, upload one, and
 * read who listened. Every listen and download is written to the access log before a byte is sent.
 */

import type { Readable } from 'node:stream';
import { AppError, parseRangeHeader } from '@calltrail/core';
import {
  CallRecordingSchema,
  ErrorBody,
  IdParams,
  PageQuery,
  RecordingAccessList,
} from '@calltrail/protocol';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { RouteDeps } from '../../../app.ts';
import { newId } from '../../../ids.ts';
import { capBytes, TooLargeError, webStreamOf } from '../../../recordings/byte-streams.ts';
import {
  extensionOf,
  maxRecordingBytes,
  mediaTypeOf,
  uploadTypes,
} from '../../../recordings/recording-media.ts';
import {
  listRecordingAccess,
  playableRecordingOfCall,
  recordAccess,
  saveUploadedRecording,
} from '../../../stores/sql/recordings.ts';
import { security } from '../../security.ts';

const Binary = Type.String({ format: 'binary' });

export function recordingRoutes(deps: RouteDeps): FastifyPluginAsyncTypebox {
  const { db } = deps.database;
  const store = deps.recordings;
  return async (app) => {
    // Audio goes to the store as it arrives. Every type reaches the handler, which answers 415 only
    // after checking who is asking and for which call.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));

    const findCall = async (workspaceId: string, id: string) => {
      const found = await playableRecordingOfCall(db, workspaceId, id);
      if (!found) throw new AppError('CALL_NOT_FOUND', { id });
      return found;
    };

    app.get(
      '',
      {
        schema: {
          tags: ['calls'],
          summary: 'Play or download the call’s recording',
          description:
            'Answers Range requests (one range) with 206 and Content-Range, as audio players seek; ' +
            '416 RANGE_NOT_SATISFIABLE for a range outside the file. ?download=1 adds Content-Disposition: ' +
            'attachment. Every request is written to the access log (GET …/recording/access).',
          security,
          params: IdParams,
          querystring: Type.Object({
            download: Type.Optional(
              Type.Union(
                [Type.Literal('1'), Type.Literal('true'), Type.Literal('0'), Type.Literal('false')],
                {
                  description: '1 or true: save as a file',
                },
              ),
            ),
          }),
          produces: [...uploadTypes],
          response: { 200: Binary, 206: Binary, 403: ErrorBody, 404: ErrorBody, 416: ErrorBody },
        },
        preHandler: deps.auth.workspace('recordings:listen'),
      },
      async (request, reply) => {
        const { workspaceId, userId, tokenId } = request.auth;
        const { recording } = await findCall(workspaceId, request.params.id);
        if (!recording?.storageKey) throw new AppError('RECORDING_NOT_FOUND', { callId: request.params.id });
        const download = request.query.download === '1' || request.query.download === 'true';
        const rangeHeader = request.headers.range;
        // HEAD (Fastify answers it with this handler) sends no audio, so it is no listen.
        if (request.method !== 'HEAD') {
          await recordAccess(db, {
            workspaceId,
            recordingId: recording.id,
            callId: request.params.id,
            action: download ? 'download' : 'listen',
            userId,
            tokenId,
            range: rangeHeader ?? null,
            ip: request.ip,
            at: deps.clock.now(),
          });
        }
        const range = parseRangeHeader(rangeHeader);
        const read = await store.get(recording.storageKey, range ?? undefined);
        if (!read.ok && read.reason === 'not_found') {
          request.log.warn({ recordingId: recording.id }, 'a stored recording is missing from the store');
          throw new AppError('RECORDING_NOT_FOUND', { callId: request.params.id });
        }
        if (!read.ok) {
          reply.header('content-range', `bytes */${read.size}`);
          throw new AppError('RANGE_NOT_SATISFIABLE', { range: rangeHeader, size: read.size });
        }
        reply
          .header('accept-ranges', 'bytes')
          .header('content-type', read.contentType)
          .header('content-length', String(read.end - read.start + 1))
          // Calls are personal data: no shared cache keeps them, and no browser cache outlives the tab.
          .header('cache-control', 'private, no-store')
          .header('x-content-type-options', 'nosniff');
        if (download) {
          reply.header(
            'content-disposition',
            `attachment; filename="call-${request.params.id}.${extensionOf(read.contentType)}"`,
          );
        }
        if (range) reply.status(206).header('content-range', `bytes ${read.start}-${read.end}/${read.size}`);
        // A stream, sent as it is read rather than serialised against the schema.
        return reply.send(read.body as never);
      },
    );

    app.post(
      '',
      {
        schema: {
          tags: ['calls'],
          summary: 'Upload the call’s recording (replaces an earlier upload)',
          description: `The body is the audio (${uploadTypes.join(', ')}), up to 200 MB; 415 for other types.`,
          security,
          params: IdParams,
          consumes: [...uploadTypes],
          response: { 201: CallRecordingSchema, 404: ErrorBody, 413: ErrorBody, 415: ErrorBody },
        },
        bodyLimit: maxRecordingBytes,
        preHandler: deps.auth.workspace('settings:write'),
      },
      async (request, reply) => {
        const { workspaceId } = request.auth;
        const { call } = await findCall(workspaceId, request.params.id);
        const contentType = mediaTypeOf(request.headers['content-type']);
        if (!(uploadTypes as readonly string[]).includes(contentType) || !request.body) {
          throw new AppError('UNSUPPORTED_MEDIA_TYPE', { contentType, accepted: uploadTypes });
        }
        if (Number(request.headers['content-length']) > maxRecordingBytes) {
          throw new AppError('BODY_TOO_LARGE', { limit: maxRecordingBytes });
        }
        const storageKey = `${workspaceId}/${newId('rec')}`;
        const body = capBytes(webStreamOf(request.body as Readable), maxRecordingBytes);
        const stored = await store.put(storageKey, body, contentType).catch((error: unknown) => {
          throw error instanceof TooLargeError
            ? new AppError('BODY_TOO_LARGE', { limit: maxRecordingBytes })
            : error;
        });
        const { replacedKey } = await saveUploadedRecording(db, {
          workspaceId,
          provider: call.provider,
          providerCallId: call.providerCallId,
          storageKey,
          contentType,
          sizeBytes: stored.size,
          now: deps.clock.now(),
        });
        if (replacedKey) {
          await store.delete(replacedKey).catch((error: unknown) => {
            request.log.warn({ err: error, key: replacedKey }, 'a replaced recording could not be deleted');
          });
        }
        return reply
          .status(201)
          .send({ status: 'stored' as const, durationSeconds: null, sizeBytes: stored.size });
      },
    );

    app.get(
      '/access',
      {
        schema: {
          tags: ['calls'],
          summary: 'Who listened to or downloaded the call’s recording, newest first',
          description: 'For owners and admins (members:manage): it tells what each member did.',
          security,
          params: IdParams,
          querystring: PageQuery,
          response: { 200: RecordingAccessList, 403: ErrorBody, 404: ErrorBody },
        },
        preHandler: deps.auth.workspace('members:manage'),
      },
      async (request) => {
        const { workspaceId } = request.auth;
        await findCall(workspaceId, request.params.id);
        const page = await listRecordingAccess(db, workspaceId, request.params.id, request.query);
        return {
          items: page.items.map(({ access, userEmail, tokenName }) => ({
            id: String(access.id),
            recordingId: access.recordingId,
            callId: access.callId,
            action: access.action as 'listen' | 'download',
            userId: access.userId,
            userEmail,
            tokenId: access.tokenId,
            tokenName,
            range: access.range,
            ip: access.ip,
            at: access.at.toISOString(),
          })),
          nextCursor: page.nextCursor,
        };
      },
    );
  };
}
