/** Tracking numbers: static ones per source or offline medium here; pool numbers come with their pool. */
import { AppError, parsePhoneOrError } from '@calltrail/core';
import {
  CreateStaticNumber,
  IdParams,
  PageQuery,
  TrackingNumber,
  TrackingNumberList,
} from '@calltrail/protocol';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { RouteDeps } from '../../app.ts';
import { newId } from '../../ids.ts';
import {
  getSite,
  getTrackingNumber,
  insertTrackingNumber,
  listTrackingNumbers,
  type TrackingNumberRow,
  takenNumbers,
} from '../../stores/sql/sites.ts';
import { security } from '../security.ts';
import { siteBusinessNumber } from '../sites/site-business-number.ts';
import { numberImportRoutes } from './import.ts';
import { toTrackingNumber } from './tracking-number.ts';

export function numberRoutes(deps: RouteDeps): FastifyPluginAsyncTypebox {
  const { db } = deps.database;
  return async (app) => {
    // Its own scope: the import reads CSV bodies, the other routes JSON.
    await app.register(numberImportRoutes(deps), { prefix: '/import' });

    app.post(
      '',
      {
        schema: {
          tags: ['numbers'],
          summary: 'Add a static number (per source on a site, or offline media without a site)',
          security,
          body: CreateStaticNumber,
          response: { 201: TrackingNumber },
        },
        preHandler: deps.auth.workspace('settings:write'),
      },
      async (request, reply) => {
        const { workspaceId } = request.auth;
        const body = request.body;
        const number = parsePhoneOrError(body.number);
        let businessNumber: string | null = null;
        if (body.siteId) {
          const site = await getSite(db, workspaceId, body.siteId);
          if (!site) throw new AppError('SITE_NOT_FOUND', { id: body.siteId });
          businessNumber = siteBusinessNumber(site, body.businessNumber);
        }
        if ((await takenNumbers(db, workspaceId, [number])).has(number))
          throw new AppError('NUMBER_TAKEN', { number });
        const row: TrackingNumberRow = {
          id: newId('num'),
          workspaceId,
          number,
          kind: 'static',
          provider: body.provider ?? 'generic',
          destination: body.destination ? parsePhoneOrError(body.destination) : null,
          siteId: body.siteId ?? null,
          poolId: null,
          businessNumber,
          channel: body.channel,
          source: body.source?.toLowerCase() ?? null,
          campaign: body.campaign ?? null,
          createdAt: deps.clock.now(),
        };
        await insertTrackingNumber(db, row);
        deps.tracking.sites.invalidate();
        return reply.status(201).send(toTrackingNumber(row));
      },
    );

    app.get(
      '',
      {
        schema: {
          tags: ['numbers'],
          summary: 'List tracking numbers',
          security,
          querystring: PageQuery,
          response: { 200: TrackingNumberList },
        },
        preHandler: deps.auth.workspace('settings:read'),
      },
      async (request) => {
        const page = await listTrackingNumbers(db, request.auth.workspaceId, request.query);
        return { items: page.items.map(toTrackingNumber), nextCursor: page.nextCursor };
      },
    );

    app.get(
      '/:id',
      {
        schema: {
          tags: ['numbers'],
          summary: 'Get a tracking number',
          security,
          params: IdParams,
          response: { 200: TrackingNumber },
        },
        preHandler: deps.auth.workspace('settings:read'),
      },
      async (request) => {
        const row = await getTrackingNumber(db, request.auth.workspaceId, request.params.id);
        if (!row) throw new AppError('NUMBER_NOT_FOUND', { id: request.params.id });
        return toTrackingNumber(row);
      },
    );
  };
}
