/** Members of the current workspace: who they are and their role; adding, re-roling and removing them. */
import { AddMember, ErrorBody, Member, MemberList, MemberParams, UpdateMember } from '@calltrail/protocol';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { addMemberByEmail } from '../../accounts/add-member-by-email.ts';
import { changeMemberRole, removeMember } from '../../accounts/change-member.ts';
import type { RouteDeps } from '../../app.ts';
import { listMembers } from '../../stores/sql/workspaces.ts';
import { security } from '../security.ts';

export function memberRoutes(deps: RouteDeps): FastifyPluginAsyncTypebox {
  const { db } = deps.database;
  return async (app) => {
    app.get(
      '',
      {
        schema: {
          tags: ['members'],
          summary: 'List the members of the workspace',
          security,
          response: { 200: MemberList, 401: ErrorBody, 403: ErrorBody },
        },
        preHandler: deps.auth.workspace('members:manage'),
      },
      async (request) => ({ items: await listMembers(db, request.auth.workspaceId) }),
    );

    app.post(
      '',
      {
        schema: {
          tags: ['members'],
          summary: 'Add a member by email, creating the user if needed',
          description:
            'An existing user is added with the role and keeps their password. For an unknown email a user is ' +
            'created, and `password` is required. Only an owner may add an owner.',
          security,
          body: AddMember,
          response: { 201: Member, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 409: ErrorBody },
        },
        preHandler: deps.auth.workspace('members:manage'),
      },
      async (request, reply) => {
        const { created: _, ...member } = await addMemberByEmail(
          db,
          request.auth.workspaceId,
          request.body,
          request.auth.role,
          deps.clock.now(),
        );
        return reply.status(201).send(member);
      },
    );

    app.patch(
      '/:userId',
      {
        schema: {
          tags: ['members'],
          summary: "Change a member's role",
          description:
            'Only an owner may make or unmake an owner, and the workspace keeps at least one owner ' +
            '(409 LAST_OWNER).',
          security,
          params: MemberParams,
          body: UpdateMember,
          response: {
            200: Member,
            400: ErrorBody,
            401: ErrorBody,
            403: ErrorBody,
            404: ErrorBody,
            409: ErrorBody,
          },
        },
        preHandler: deps.auth.workspace('members:manage'),
      },
      async (request) =>
        changeMemberRole(
          db,
          request.auth.workspaceId,
          request.params.userId,
          request.body.role,
          request.auth.role,
        ),
    );

    app.delete(
      '/:userId',
      {
        schema: {
          tags: ['members'],
          summary: 'Remove a member from the workspace; their account and the API tokens stay',
          description:
            'The user loses access to this workspace at their next request. Members may remove themselves, ' +
            'but not the last owner (409 LAST_OWNER); only an owner may remove an owner.',
          security,
          params: MemberParams,
          response: {
            204: Type.Null({ description: 'Removed' }),
            401: ErrorBody,
            403: ErrorBody,
            404: ErrorBody,
            409: ErrorBody,
          },
        },
        preHandler: deps.auth.workspace('members:manage'),
      },
      async (request, reply) => {
        await removeMember(db, request.auth.workspaceId, request.params.userId, request.auth.role);
        return reply.status(204).send(null);
      },
    );
  };
}
