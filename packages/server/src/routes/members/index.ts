/** Members of the current workspace: who they are and their role; adding one by email. */
import { AddMember, ErrorBody, Member, MemberList } from '@calltrail/protocol';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { addMemberByEmail } from '../../accounts/add-member-by-email.ts';
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
  };
}
