/** Sites: the domains the snippet runs on and the business numbers it replaces. */
import { AppError, parsePhoneOrError } from '@calltrail/core';
import { CreateSite, IdParams, PageQuery, Site, SiteList } from '@calltrail/protocol';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { RouteDeps } from '../../app.ts';
import { newId, newSiteKey } from '../../ids.ts';
import { getSite, insertSite, listSites, type SiteRow } from '../../stores/sql/sites.ts';
import { security } from '../security.ts';

export function toSite(row: SiteRow) {
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    domains: row.domains,
    businessNumbers: row.businessNumbers,
    consentMode: row.consentMode as 'none' | 'wait',
    createdAt: row.createdAt.toISOString(),
  };
}

export function siteRoutes(deps: RouteDeps): FastifyPluginAsyncTypebox {
  const { db } = deps.database;
  return async (app) => {
    app.post(
      '',
      {
        schema: {
          tags: ['sites'],
          summary: 'Create a site',
          security,
          body: CreateSite,
          response: { 201: Site },
        },
        preHandler: deps.auth.workspace('settings:write'),
      },
      async (request, reply) => {
        const businessNumbers = [...new Set(request.body.businessNumbers.map((n) => parsePhoneOrError(n)))];
        const row: SiteRow = {
          id: newId('site'),
          workspaceId: request.auth.workspaceId,
          key: newSiteKey(),
          name: request.body.name,
          domains: [...new Set(request.body.domains.map((d) => d.toLowerCase()))],
          businessNumbers,
          consentMode: request.body.consentMode ?? 'none',
          createdAt: deps.clock.now(),
        };
        await insertSite(db, row);
        deps.tracking.sites.invalidate();
        return reply.status(201).send(toSite(row));
      },
    );

    app.get(
      '',
      {
        schema: {
          tags: ['sites'],
          summary: 'List sites',
          security,
          querystring: PageQuery,
          response: { 200: SiteList },
        },
        preHandler: deps.auth.workspace('settings:read'),
      },
      async (request) => {
        const page = await listSites(db, request.auth.workspaceId, request.query);
        return { items: page.items.map(toSite), nextCursor: page.nextCursor };
      },
    );

    app.get(
      '/:id',
      {
        schema: {
          tags: ['sites'],
          summary: 'Get a site',
          security,
          params: IdParams,
          response: { 200: Site },
        },
        preHandler: deps.auth.workspace('settings:read'),
      },
      async (request) => {
        const row = await getSite(db, request.auth.workspaceId, request.params.id);
        if (!row) throw new AppError('SITE_NOT_FOUND', { id: request.params.id });
        return toSite(row);
      },
    );
  };
}
