/** Workspaces: the ones a user belongs to, creating one, and the current one with its settings and webhook. */
import { AppError, type Role } from '@calltrail/core';
import {
  CreateWorkspace,
  ErrorBody,
  UpdateWorkspace,
  WebhookInfo,
  Workspace,
  WorkspaceList,
} from '@calltrail/protocol';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { setUpWorkspace } from '../../accounts/set-up-workspace.ts';
import type { RouteDeps } from '../../app.ts';
import {
  getWorkspace,
  listWorkspacesOfUser,
  updateWorkspace,
  type WorkspaceRow,
} from '../../stores/sql/workspaces.ts';
import { security } from '../security.ts';

export function toWorkspace(row: WorkspaceRow, role?: Role) {
  return {
    id: row.id,
    name: row.name,
    timeZone: row.timeZone,
    currency: row.currency,
    ...(role ? { role } : {}),
    repeatWindowDays: row.repeatWindowDays,
    recordingRetentionDays: row.recordingRetentionDays,
    createdAt: row.createdAt.toISOString(),
  };
}

// Listing and creating workspaces act for a person; an API token lives inside one workspace.
const cookieOnly = [{ cookie: [] }];

export function workspaceRoutes(deps: RouteDeps): FastifyPluginAsyncTypebox {
  const { db } = deps.database;
  return async (app) => {
    app.get(
      '/workspaces',
      {
        schema: {
          tags: ['workspaces'],
          summary: 'The workspaces of the logged-in user, with their role in each',
          security: cookieOnly,
          response: { 200: WorkspaceList, 401: ErrorBody, 403: ErrorBody },
        },
        preHandler: deps.auth.user(),
      },
      async (request) => {
        const rows = await listWorkspacesOfUser(db, request.user!.userId);
        return { items: rows.map((row) => toWorkspace(row, row.role)) };
      },
    );

    app.post(
      '/workspaces',
      {
        schema: {
          tags: ['workspaces'],
          summary: 'Create a workspace; the logged-in user becomes its owner',
          security: cookieOnly,
          body: CreateWorkspace,
          response: { 201: Workspace, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
        },
        preHandler: deps.auth.user(),
      },
      async (request, reply) => {
        const row = await setUpWorkspace(db, request.body, deps.clock.now(), request.user!.userId);
        return reply.status(201).send(toWorkspace(row, 'owner'));
      },
    );

    app.get(
      '/workspace',
      {
        schema: {
          tags: ['workspaces'],
          summary: 'The current workspace (the token’s, or X-Workspace-Id with a session cookie)',
          security,
          response: { 200: Workspace, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
        },
        // Every role may read calls, so this admits any member.
        preHandler: deps.auth.workspace('calls:read'),
      },
      async (request) => {
        const row = await getWorkspace(db, request.auth.workspaceId);
        if (!row) throw new AppError('WORKSPACE_NOT_FOUND');
        return toWorkspace(row, request.auth.role);
      },
    );

    app.patch(
      '/workspace',
      {
        schema: {
          tags: ['workspaces'],
          summary: 'Change the current workspace’s settings',
          security,
          body: UpdateWorkspace,
          response: { 200: Workspace, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
        },
        preHandler: deps.auth.workspace('settings:write'),
      },
      async (request) => {
        const { repeatWindowDays, recordingRetentionDays } = request.body;
        const row = await updateWorkspace(db, request.auth.workspaceId, {
          repeatWindowDays,
          recordingRetentionDays,
        });
        if (!row) throw new AppError('WORKSPACE_NOT_FOUND');
        return toWorkspace(row, request.auth.role);
      },
    );

    app.get(
      '/workspace/webhook',
      {
        schema: {
          tags: ['workspaces'],
          summary: 'Where the PBX sends generic call events, and the secret it signs them with',
          security,
          response: { 200: WebhookInfo, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
        },
        preHandler: deps.auth.workspace('settings:write'),
      },
      async (request) => {
        const row = await getWorkspace(db, request.auth.workspaceId);
        if (!row) throw new AppError('WORKSPACE_NOT_FOUND');
        return { url: `${deps.config.publicUrl}/hooks/v1/generic/${row.id}`, secret: row.webhookSecret };
      },
    );
  };
}
