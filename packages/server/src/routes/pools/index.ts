/** Pools: the numbers leased to visitor sessions for one business number of a site. */
import { AppError, type Channel, isChannel, parsePhoneOrError } from '@calltrail/core';
import { CreatePool, IdParams, PageQuery, Pool, PoolList, UpdatePool } from '@calltrail/protocol';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Static } from 'typebox';
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
  updatePool,
} from '../../stores/sql/sites.ts';
import { security } from '../security.ts';
import { siteBusinessNumber } from '../sites/site-business-number.ts';

async function toPool(db: Db, row: PoolRow) {
  return {
    id: row.id,
    siteId: row.siteId,
    name: row.name,
    businessNumber: row.businessNumber,
    position: row.position,
    rules: row.rules as Pool['rules'],
    holdMinutes: row.holdMinutes,
    heartbeatSeconds: row.heartbeatSeconds,
    fallbackNumber: row.fallbackNumber,
    exhaustionPolicy: row.exhaustionPolicy as Pool['exhaustionPolicy'],
    overflowNumber: row.overflowNumber,
    channel: row.channel as Channel | null,
    targetBlocking: row.targetBlocking,
    numbers: await poolNumbers(db, row.workspaceId, row.id),
    createdAt: row.createdAt.toISOString(),
  };
}

type Settings = Static<typeof UpdatePool>;

/** The channel a pool's rules name, when they all name exactly the same one: the overflow's default. */
function rulesChannel(rules: Pool['rules']): Channel | null {
  const channels = new Set<string>();
  for (const rule of rules) {
    const condition = rule.conditions.find((c) => c.field === 'channel' && c.op === 'is');
    const [value, ...more] = condition?.values ?? [];
    if (value === undefined || more.length > 0) return null;
    channels.add(value.toLowerCase());
  }
  const [only] = channels;
  return channels.size === 1 && only !== undefined && isChannel(only) ? only : null;
}

/** The pool row after applying settings from a create or update body; checks the overflow policy. */
function applySettings(pool: PoolRow, body: Settings): PoolRow {
  const next: PoolRow = {
    ...pool,
    name: body.name ?? pool.name,
    position: body.position ?? pool.position,
    rules: body.rules ?? pool.rules,
    holdMinutes: body.holdMinutes ?? pool.holdMinutes,
    heartbeatSeconds: body.heartbeatSeconds ?? pool.heartbeatSeconds,
    exhaustionPolicy: body.exhaustionPolicy ?? pool.exhaustionPolicy,
    targetBlocking: body.targetBlocking ?? pool.targetBlocking,
  };
  if (body.fallbackNumber !== undefined) {
    next.fallbackNumber = body.fallbackNumber === null ? null : parsePhoneOrError(body.fallbackNumber);
  }
  if (body.overflowNumber !== undefined) {
    next.overflowNumber = body.overflowNumber === null ? null : parsePhoneOrError(body.overflowNumber);
  }
  if (body.channel !== undefined) next.channel = body.channel;
  else if (next.channel === null) next.channel = rulesChannel(next.rules as Pool['rules']);
  if (next.exhaustionPolicy === 'overflow' && next.overflowNumber === null) {
    throw new AppError('OVERFLOW_NUMBER_REQUIRED');
  }
  return next;
}

interface NumberRowsInput {
  workspaceId: string;
  pool: PoolRow;
  provider: string;
  destination: string | null;
  now: Date;
}

function numberRow(input: NumberRowsInput, number: string, kind: 'pool' | 'overflow'): TrackingNumberRow {
  return {
    id: newId('num'),
    workspaceId: input.workspaceId,
    number,
    kind,
    provider: input.provider,
    destination: input.destination,
    siteId: input.pool.siteId,
    poolId: input.pool.id,
    businessNumber: input.pool.businessNumber,
    channel: kind === 'overflow' ? input.pool.channel : null,
    source: null,
    campaign: null,
    createdAt: input.now,
  };
}

/** Refuses numbers the workspace already tracks, and a number given twice (say, as pool and overflow number). */
async function refuseTaken(db: Db, workspaceId: string, numbers: string[]): Promise<void> {
  const taken = await takenNumbers(db, workspaceId, numbers);
  const clash = numbers.find((n, i) => taken.has(n) || numbers.indexOf(n) !== i);
  if (clash) throw new AppError('NUMBER_TAKEN', { number: clash });
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
        const now = deps.clock.now();
        const pool = applySettings(
          {
            id: newId('pool'),
            workspaceId,
            siteId: site.id,
            name: body.name,
            businessNumber,
            holdMinutes: 30,
            heartbeatSeconds: 30,
            fallbackNumber: null,
            position: 0,
            rules: [],
            exhaustionPolicy: 'fallback',
            overflowNumber: null,
            channel: null,
            targetBlocking: 0.01,
            createdAt: now,
          },
          body,
        );
        const overflow = pool.overflowNumber === null ? [] : [pool.overflowNumber];
        await refuseTaken(db, workspaceId, [...numbers, ...overflow]);
        const input = {
          workspaceId,
          pool,
          provider: body.provider ?? 'generic',
          destination: body.destination ? parsePhoneOrError(body.destination) : null,
          now,
        };
        await insertPool(db, pool, [
          ...numbers.map((n) => numberRow(input, n, 'pool')),
          ...overflow.map((n) => numberRow(input, n, 'overflow')),
        ]);
        deps.tracking.sites.invalidate();
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

    app.patch(
      '/:id',
      {
        schema: {
          tags: ['pools'],
          summary: 'Change a pool: settings, routing rules, policy, numbers',
          description:
            'Fields left out keep their value. Removed numbers are never offered again; leases they hold run out and their history stays.',
          security,
          params: IdParams,
          body: UpdatePool,
          response: { 200: Pool },
        },
        preHandler: deps.auth.workspace('settings:write'),
      },
      async (request) => {
        const { workspaceId } = request.auth;
        const current = await getPool(db, workspaceId, request.params.id);
        if (!current) throw new AppError('POOL_NOT_FOUND', { id: request.params.id });
        const body = request.body;
        const pool = applySettings(current, body);
        const existing = new Set(await poolNumbers(db, workspaceId, pool.id));
        const add = [...new Set((body.addNumbers ?? []).map((n) => parsePhoneOrError(n)))].filter(
          (n) => !existing.has(n),
        );
        const remove = [...new Set((body.removeNumbers ?? []).map((n) => parsePhoneOrError(n)))].filter((n) =>
          existing.has(n),
        );
        if (existing.size + add.length - remove.length < 1) throw new AppError('POOL_WOULD_BE_EMPTY');
        const overflowChanged = pool.overflowNumber !== current.overflowNumber;
        const newOverflow = overflowChanged && pool.overflowNumber !== null ? [pool.overflowNumber] : [];
        await refuseTaken(db, workspaceId, [...add, ...newOverflow]);
        const input = { workspaceId, pool, provider: 'generic', destination: null, now: deps.clock.now() };
        await updatePool(db, pool, {
          add: [
            ...add.map((n) => numberRow(input, n, 'pool')),
            ...newOverflow.map((n) => numberRow(input, n, 'overflow')),
          ],
          remove: [
            ...remove,
            ...(overflowChanged && current.overflowNumber !== null ? [current.overflowNumber] : []),
          ],
        });
        deps.tracking.sites.invalidate();
        return toPool(db, pool);
      },
    );
  };
}
