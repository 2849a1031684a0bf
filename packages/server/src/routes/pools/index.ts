/** Pools: the numbers leased to visitor sessions for one business number of a site. */
import { AppError, parsePhoneOrError } from '@calltrail/core';
import { CreatePool, IdParams, PageQuery, Pool, PoolList } from '@calltrail/protocol';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { RouteDeps } from '../../app.ts';
import type { Db } from '../../db/database.ts';
import { newId } from '../../ids.ts';
import {
  getPool,
  getSite,
  insertPool,
  listPools,
  type PoolRow,
  poolNumbers,
  type TrackingNumberRow,
  takenNumbers,
} from '../../stores/sql/sites.ts';
import { security } from '../security.ts';
import { siteBusinessNumber } from '../sites/site-business-number.ts';

async function toPool(db: Db, row: PoolRow) {
  return {
    id: row.id,
    siteId: row.siteId,
    name: row.name,
    businessNumber: row.businessNumber,
    holdMinutes: row.holdMinutes,
    heartbeatSeconds: row.heartbeatSeconds,
    fallbackNumber: row.fallbackNumber,
    numbers: await poolNumbers(db, row.workspaceId, row.id),
    createdAt: row.createdAt.toISOString(),
  };
}

export function poolRoutes(deps: RouteDeps): FastifyPluginAsyncTypebox {
  const { db } = deps.database;
  return async (app) => {
    app.post(
      '',
      {
        schema: {
          tags: ['pools'],
          summary: 'Create a pool with its numbers',
          security,
          body: CreatePool,
          response: { 201: Pool },
        },
        preHandler: deps.auth.workspace('settings:write'),
      },
      async (request, reply) => {
        const { workspaceId } = request.auth;
        const body = request.body;
        const site = await getSite(db, workspaceId, body.siteId);
        if (!site) throw new AppError('SITE_NOT_FOUND', { id: body.siteId });
        const businessNumber = siteBusinessNumber(site, body.businessNumber);
        const numbers = [...new Set(body.numbers.map((n) => parsePhoneOrError(n)))];
        const taken = await takenNumbers(db, workspaceId, numbers);
        const clash = numbers.find((n) => taken.has(n));
        if (clash) throw new AppError('NUMBER_TAKEN', { number: clash });
        const now = deps.clock.now();
        const pool: PoolRow = {
          id: newId('pool'),
          workspaceId,
          siteId: site.id,
          name: body.name,
          businessNumber,
          holdMinutes: body.holdMinutes ?? 30,
          heartbeatSeconds: body.heartbeatSeconds ?? 30,
          fallbackNumber: body.fallbackNumber ? parsePhoneOrError(body.fallbackNumber) : null,
          createdAt: now,
        };
        const destination = body.destination ? parsePhoneOrError(body.destination) : null;
        const rows: TrackingNumberRow[] = numbers.map((number) => ({
          id: newId('num'),
          workspaceId,
          number,
          kind: 'pool',
          provider: body.provider ?? 'generic',
          destination,
          siteId: site.id,
          poolId: pool.id,
          businessNumber,
          channel: null,
          source: null,
          campaign: null,
          createdAt: now,
        }));
        await insertPool(db, pool, rows);
        return reply.status(201).send(await toPool(db, pool));
      },
    );

    app.get(
      '',
      {
        schema: {
          tags: ['pools'],
          summary: 'List pools',
          security,
          querystring: PageQuery,
          response: { 200: PoolList },
        },
        preHandler: deps.auth.workspace('settings:read'),
      },
      async (request) => {
        const page = await listPools(db, request.auth.workspaceId, request.query);
        return {
          items: await Promise.all(page.items.map((p) => toPool(db, p))),
          nextCursor: page.nextCursor,
        };
      },
    );

    app.get(
      '/:id',
      {
        schema: {
          tags: ['pools'],
          summary: 'Get a pool',
          security,
          params: IdParams,
          response: { 200: Pool },
        },
        preHandler: deps.auth.workspace('settings:read'),
      },
      async (request) => {
        const row = await getPool(db, request.auth.workspaceId, request.params.id);
        if (!row) throw new AppError('POOL_NOT_FOUND', { id: request.params.id });
        return toPool(db, row);
      },
    );
  };
}
