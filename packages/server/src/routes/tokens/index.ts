/** API tokens of the current workspace: listed without secrets, created once, revoked by id. */
import { AppError } from '@calltrail/core';
import { ApiTokenList, CreateApiToken, CreatedApiToken, ErrorBody, IdParams } from '@calltrail/protocol';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { issueApiToken, toApiToken } from '../../accounts/issue-api-token.ts';
import type { RouteDeps } from '../../app.ts';
import { listApiTokens, revokeApiToken } from '../../stores/sql/users.ts';
import { security } from '../security.ts';

export function tokenRoutes(deps: RouteDeps): FastifyPluginAsyncTypebox {
  const { db } = deps.database;
  return async (app) => {
    app.get(
      '',
      {
        schema: {
          tags: ['tokens'],
          summary: 'List the live API tokens (never their secrets)',
          security,
          response: { 200: ApiTokenList, 401: ErrorBody, 403: ErrorBody },
        },
        preHandler: deps.auth.workspace('members:manage'),
      },
      async (request) => ({ items: (await listApiTokens(db, request.auth.workspaceId)).map(toApiToken) }),
    );

    app.post(
      '',
      {
        schema: {
          tags: ['tokens'],
          summary: 'Create an API token; its secret is shown only in this response',
          description:
            'A caller may not create a token with a role above its own: only an owner makes owner tokens.',
          security,
          body: CreateApiToken,
          response: { 201: CreatedApiToken, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
        },
        preHandler: deps.auth.workspace('members:manage'),
      },
      async (request, reply) => {
        const { row, token } = await issueApiToken(
          db,
          { workspaceId: request.auth.workspaceId, name: request.body.name, role: request.body.role },
          request.auth.role,
          deps.clock.now(),
        );
        return reply.status(201).send({ ...toApiToken(row), token });
      },
    );

    app.delete(
      '/:id',
      {
        schema: {
          tags: ['tokens'],
          summary: 'Revoke an API token; it stops working at once',
          security,
          params: IdParams,
          response: {
            204: Type.Null({ description: 'Revoked' }),
            401: ErrorBody,
            403: ErrorBody,
            404: ErrorBody,
          },
        },
        preHandler: deps.auth.workspace('members:manage'),
      },
      async (request, reply) => {
        const revoked = await revokeApiToken(
          db,
          request.auth.workspaceId,
          request.params.id,
          deps.clock.now(),
        );
        if (!revoked) throw new AppError('NOT_FOUND', { id: request.params.id });
        return reply.status(204).send(null);
      },
    );
  };
}
