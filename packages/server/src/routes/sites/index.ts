/** Sites: the domains the snippet runs on, the business numbers it replaces and its settings. */
import { AppError, parsePhoneOrError } from '@calltrail/core';
import { CreateSite, IdParams, PageQuery, Site, SiteList, UpdateSite } from '@calltrail/protocol';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { RouteDeps } from '../../app.ts';
import { newId, newSiteKey } from '../../ids.ts';
import { getSite, insertSite, listSites, type SiteRow, updateSite } from '../../stores/sql/sites.ts';
import { security } from '../security.ts';

export function toSite(row: SiteRow): Site {
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    domains: row.domains,
    businessNumbers: row.businessNumbers,
    consentMode: row.consentMode as Site['consentMode'],
    consentCookie: row.consentCookie,
    extraParams: row.extraParams,
    extraCookies: row.extraCookies,
    swapAttributes: row.swapAttributes,
    createdAt: row.createdAt.toISOString(),
  };
}

const distinct = (values: readonly string[]): string[] => [...new Set(values)];

/** The site row after applying a create or update body: fields left out keep their value. */
function applySettings(site: SiteRow, body: UpdateSite): SiteRow {
  const next: SiteRow = {
    ...site,
    name: body.name ?? site.name,
    consentMode: body.consentMode ?? site.consentMode,
    extraParams: body.extraParams ? distinct(body.extraParams) : site.extraParams,
    extraCookies: body.extraCookies ? distinct(body.extraCookies) : site.extraCookies,
    swapAttributes: body.swapAttributes ? distinct(body.swapAttributes) : site.swapAttributes,
  };
  if (body.domains) next.domains = distinct(body.domains.map((d) => d.toLowerCase()));
  if (body.businessNumbers)
    next.businessNumbers = distinct(body.businessNumbers.map((n) => parsePhoneOrError(n)));
  if (body.consentCookie !== undefined) next.consentCookie = body.consentCookie;
  return next;
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
        const row = applySettings(
          {
            id: newId('site'),
            workspaceId: request.auth.workspaceId,
            key: newSiteKey(),
            name: request.body.name,
            domains: [],
            businessNumbers: [],
            consentMode: 'none',
            consentCookie: null,
            extraParams: [],
            extraCookies: [],
            swapAttributes: [],
            createdAt: deps.clock.now(),
          },
          request.body,
        );
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

    app.patch(
      '/:id',
      {
        schema: {
          tags: ['sites'],
          summary: 'Change a site: name, domains, business numbers, snippet settings',
          description:
            'Fields left out keep their value; a list replaces the old one. The snippet sees the change ' +
            'within its cache time (5 minutes for the script, SITE_CACHE_MS for the API).',
          security,
          params: IdParams,
          body: UpdateSite,
          response: { 200: Site },
        },
        preHandler: deps.auth.workspace('settings:write'),
      },
      async (request) => {
        const current = await getSite(db, request.auth.workspaceId, request.params.id);
        if (!current) throw new AppError('SITE_NOT_FOUND', { id: request.params.id });
        const site = applySettings(current, request.body);
        await updateSite(db, site);
        deps.tracking.sites.invalidate();
        return toSite(site);
      },
    );
  };
}
