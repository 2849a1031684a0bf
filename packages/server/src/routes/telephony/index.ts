/** Telephony connections: a workspace's provider accounts and the webhook URLs to paste there. */
import { AppError } from '@calltrail/core';
import {
  CreateTelephonyConnection,
  IdParams,
  PageQuery,
  TelephonyConnection,
  TelephonyConnectionList,
  UpdateTelephonyConnection,
} from '@calltrail/protocol';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { RouteDeps } from '../../app.ts';
import { newId, newSecret } from '../../ids.ts';
import {
  deleteConnection,
  getConnection,
  insertConnection,
  listConnections,
  updateConnection,
} from '../../stores/sql/telephony.ts';
import { checkAgainst, providerOf, toConnection } from '../../telephony/connections.ts';
import { security } from '../security.ts';

export function telephonyRoutes(deps: RouteDeps): FastifyPluginAsyncTypebox {
  const { db } = deps.database;
  const view = (row: Parameters<typeof toConnection>[0]) =>
    toConnection(row, deps.secrets, deps.config.publicUrl);
  const found = async (workspaceId: string, id: string) => {
    const row = await getConnection(db, workspaceId, id);
    if (!row) throw new AppError('CONNECTION_NOT_FOUND', { id });
    return row;
  };
  return async (app) => {
    app.post(
      '',
      {
        schema: {
          tags: ['telephony'],
          summary: 'Connect a telephony provider',
          description:
            'Credentials are checked against the provider, stored encrypted and never returned. ' +
            'The answer lists the webhook URLs to paste into the provider’s console.',
          security,
          body: CreateTelephonyConnection,
          response: { 201: TelephonyConnection },
        },
        preHandler: deps.auth.workspace('settings:write'),
      },
      async (request, reply) => {
        const definition = providerOf(request.body.provider);
        const settings = request.body.settings ?? {};
        checkAgainst(definition.credentials, request.body.credentials, 'credentials');
        checkAgainst(definition.settings, settings, 'settings');
        const now = deps.clock.now();
        const row = {
          id: newId('tel'),
          workspaceId: request.auth.workspaceId,
          provider: definition.id,
          name: request.body.name,
          token: newSecret('hook'),
          credentials: deps.secrets.seal(JSON.stringify(request.body.credentials)),
          settings,
          lastEventAt: null,
          createdAt: now,
          updatedAt: now,
        };
        await insertConnection(db, row);
        deps.onConnectionsChanged();
        return reply.status(201).send(view(row));
      },
    );

    app.get(
      '',
      {
        schema: {
          tags: ['telephony'],
          summary: 'List telephony connections',
          security,
          querystring: PageQuery,
          response: { 200: TelephonyConnectionList },
        },
        preHandler: deps.auth.workspace('settings:read'),
      },
      async (request) => {
        const page = await listConnections(db, request.auth.workspaceId, request.query);
        return { items: page.items.map(view), nextCursor: page.nextCursor };
      },
    );

    app.get(
      '/:id',
      {
        schema: {
          tags: ['telephony'],
          summary: 'Get a telephony connection with its webhook URLs',
          security,
          params: IdParams,
          response: { 200: TelephonyConnection },
        },
        preHandler: deps.auth.workspace('settings:read'),
      },
      async (request) => view(await found(request.auth.workspaceId, request.params.id)),
    );

    app.patch(
      '/:id',
      {
        schema: {
          tags: ['telephony'],
          summary: 'Rename a connection, replace its credentials or change its settings',
          security,
          params: IdParams,
          body: UpdateTelephonyConnection,
          response: { 200: TelephonyConnection },
        },
        preHandler: deps.auth.workspace('settings:write'),
      },
      async (request) => {
        const row = await found(request.auth.workspaceId, request.params.id);
        const definition = providerOf(row.provider);
        const { name, credentials, settings } = request.body;
        if (credentials) checkAgainst(definition.credentials, credentials, 'credentials');
        if (settings) checkAgainst(definition.settings, settings, 'settings');
        const updated = {
          ...row,
          name: name ?? row.name,
          credentials: credentials ? deps.secrets.seal(JSON.stringify(credentials)) : row.credentials,
          settings: settings ?? row.settings,
          updatedAt: deps.clock.now(),
        };
        await updateConnection(db, updated);
        deps.onConnectionsChanged();
        return view(updated);
      },
    );

    app.delete(
      '/:id',
      {
        schema: {
          tags: ['telephony'],
          summary: 'Disconnect: its webhook URLs stop working at once; its calls stay',
          security,
          params: IdParams,
          response: { 204: Type.Null({ description: 'Disconnected' }) },
        },
        preHandler: deps.auth.workspace('settings:write'),
      },
      async (request, reply) => {
        if (!(await deleteConnection(db, request.auth.workspaceId, request.params.id))) {
          throw new AppError('CONNECTION_NOT_FOUND', { id: request.params.id });
        }
        deps.onConnectionsChanged();
        return reply.status(204).send(null);
      },
    );
  };
}
