/** Pool health per hour (offered load, blocking seen vs predicted, recommended size) and pool alerts. */
import { type Static, type TSchema, Type } from 'typebox';
import { Id, Page, PageQuery, Timestamp } from './common.ts';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const PoolHealthQuery = Type.Object({
  from: Type.Optional(
    Type.String({
      format: 'date-time',
      description: 'First hour (rounded down to the hour); default 23 hours before the current hour',
    }),
  ),
  to: Type.Optional(
    Type.String({
      format: 'date-time',
      description:
        'End of the period (rounded up to the hour, exclusive); default and at most the end of the current hour',
    }),
  ),
});
export type PoolHealthQuery = Static<typeof PoolHealthQuery>;

export const PoolHealthHour = Type.Object(
  {
    hour: Timestamp,
    complete: Type.Boolean({ description: 'false for the current hour, still being counted' }),
    sessions: Type.Integer({ description: 'New sessions that asked the pool for a number' }),
    leased: Type.Integer({ description: 'Sessions given a free number' }),
    fallbacks: Type.Integer({ description: 'Sessions shown the fallback number: every number was leased' }),
    overflows: Type.Integer({ description: 'Sessions shown the overflow number: every number was leased' }),
    reused: Type.Integer({ description: 'Sessions given a number taken over from a live session' }),
    blocked: Type.Integer({
      description: 'fallbacks + overflows + reused: sessions that found every number leased',
    }),
    poolSize: Type.Integer({ description: 'Numbers in the pool (its size today)' }),
    meanHoldingSeconds: Type.Number({
      description:
        'Mean time the leases started in the hour held their number: last activity − start + hold, or the provisional 15 s for a lease never confirmed',
    }),
    offeredLoad: Type.Number({
      description:
        'Erlangs: sessions per second × mean holding time, the mean count wanting a number at once',
    }),
    utilisation: Nullable(
      Type.Number({
        description:
          'Mean share of the pool’s numbers held in the hour, 0 to 1: the carried load (holding seconds of the leases started in the hour over the seconds observed) over poolSize, capped at 1; null for an empty pool',
      }),
    ),
    observedBlocking: Nullable(
      Type.Number({ description: '(fallbacks + overflows + reused) / sessions; null without sessions' }),
    ),
    predictedBlocking: Nullable(
      Type.Number({ description: 'Erlang B for the offered load and the pool size' }),
    ),
    recommendedSize: Nullable(
      Type.Integer({ description: 'The smallest pool whose Erlang B blocking meets the pool’s target' }),
    ),
    shortestGap: Nullable(
      Type.Number({
        description:
          'Seconds from a holder’s window end to the next visitor’s lease on the same number, shortest in the hour; 0 when taken over live; null without handovers',
      }),
    ),
    aboveTarget: Type.Boolean({
      description:
        'Observed blocking above the target beyond chance: what raises a blocking_above_target alert',
    }),
  },
  { $id: 'PoolHealthHour' },
);
export type PoolHealthHour = Static<typeof PoolHealthHour>;

export const PoolHealth = Type.Object(
  {
    poolId: Type.String(),
    targetBlocking: Type.Number({ description: 'The blocking share the pool is sized for' }),
    poolSize: Type.Integer(),
    from: Timestamp,
    to: Timestamp,
    hours: Type.Array(PoolHealthHour, {
      description: 'One entry per hour from `from` to `to`, oldest first',
    }),
  },
  { $id: 'PoolHealth' },
);
export type PoolHealth = Static<typeof PoolHealth>;

export const PoolAlertKind = Type.Union([Type.Literal('blocking_above_target')], {
  description:
    'blocking_above_target: observed blocking in the hour exceeded the pool’s target beyond chance',
});

export const PoolAlert = Type.Object(
  {
    id: Type.String(),
    poolId: Type.String(),
    poolName: Type.String(),
    kind: PoolAlertKind,
    hour: Timestamp,
    observed: Type.Number({ description: 'The observed blocking share in the hour' }),
    target: Type.Number({ description: 'The pool’s target blocking share' }),
    recommendedSize: Nullable(
      Type.Integer({ description: 'Numbers needed to meet the target at that load' }),
    ),
    createdAt: Timestamp,
  },
  { $id: 'PoolAlert' },
);
export type PoolAlert = Static<typeof PoolAlert>;

export const AlertListQuery = Type.Object({
  ...PageQuery.properties,
  poolId: Type.Optional(Id),
});
export type AlertListQuery = Static<typeof AlertListQuery>;

export const AlertList = Type.Object({ ...Page.properties, items: Type.Array(PoolAlert) });
export type AlertList = Static<typeof AlertList>;

export const PoolAlertEvaluation = Type.Object({
  alerts: Type.Array(PoolAlert, {
    description: 'The pool’s alerts for the hours just evaluated, new or refreshed',
  }),
});
export type PoolAlertEvaluation = Static<typeof PoolAlertEvaluation>;
