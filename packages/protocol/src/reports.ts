/** The reports behind the dashboard: sources (with drill-down and period comparison), heat map, time series. */
import { type Static, type TSchema, Type } from 'typebox';
import { ChannelSchema, Id, Timestamp } from './common.ts';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const ReportGroupBy = Type.Union(
  [
    Type.Literal('channel'),
    Type.Literal('source'),
    Type.Literal('campaign'),
    Type.Literal('term'),
    Type.Literal('landingPage'),
  ],
  { description: 'What a row stands for: the drill-down goes channel → source → campaign → term' },
);
export type ReportGroupBy = Static<typeof ReportGroupBy>;

export const TouchModelSchema = Type.Union([Type.Literal('last'), Type.Literal('first')], {
  description:
    'last: a call counts for the session attribution matched it to; first: for its visitor’s earliest session ever',
});

const Period = {
  from: Type.String({ format: 'date-time', description: 'Start of the period (inclusive)' }),
  to: Type.String({
    format: 'date-time',
    description: 'End of the period (exclusive); at most 366 days after from',
  }),
};

const Drilldown = {
  channel: Type.Optional(ChannelSchema),
  source: Type.Optional(Type.String({ maxLength: 500, description: 'Only this utm_source' })),
  campaign: Type.Optional(Type.String({ maxLength: 500, description: 'Only this utm_campaign' })),
  siteId: Type.Optional(Id),
};

export const SourcesReportQuery = Type.Object({
  ...Period,
  compareFrom: Type.Optional(
    Type.String({ format: 'date-time', description: 'Start of the comparison period; give compareTo too' }),
  ),
  compareTo: Type.Optional(Type.String({ format: 'date-time', description: 'End of the comparison period' })),
  groupBy: Type.Optional(ReportGroupBy),
  touch: Type.Optional(TouchModelSchema),
  ...Drilldown,
});
export type SourcesReportQuery = Static<typeof SourcesReportQuery>;

export const ReportMetricsSchema = Type.Object({
  sessions: Type.Integer({ description: 'Sessions that started in the period with this touch' }),
  calls: Type.Integer({ description: 'Inbound calls started in the period credited to this touch' }),
  uniqueCallers: Type.Integer(),
  firstTimeCalls: Type.Integer({ description: 'Calls from callers who never called the workspace before' }),
  answered: Type.Integer(),
  missed: Type.Integer({ description: 'Calls that ended missed, busy or failed' }),
  qualified: Type.Integer(),
  waitSecondsSum: Type.Number(),
  waitSecondsCount: Type.Integer({ description: 'Calls whose wait time is known' }),
  cost: Nullable(
    Type.Number({
      description:
        'Ad spend in the workspace’s currency over the local days the period touches; null where costs cannot be split (by landing page)',
    }),
  ),
  revenue: Type.Number({ description: 'Sum of the calls’ deal values' }),
  deals: Type.Integer({ description: 'Calls with a deal value above zero' }),
  conversion: Nullable(Type.Number({ description: 'calls / sessions' })),
  qualifiedShare: Nullable(Type.Number({ description: 'qualified / calls' })),
  missedShare: Nullable(Type.Number({ description: 'missed / calls' })),
  meanWaitSeconds: Nullable(Type.Number()),
  cpl: Nullable(Type.Number({ description: 'cost / calls' })),
  cpo: Nullable(Type.Number({ description: 'cost / deals' })),
  romi: Nullable(Type.Number({ description: '(revenue − cost) / cost' })),
});
export type ReportMetricsBody = Static<typeof ReportMetricsSchema>;

export const ReportChangeSchema = Type.Object({
  absolute: Nullable(Type.Number()),
  relative: Nullable(Type.Number({ description: '(current − previous) / |previous|; null from zero' })),
});

const Comparison = Type.Object({
  metrics: ReportMetricsSchema,
  change: Type.Record(Type.String(), ReportChangeSchema, {
    description: 'Per metric, current vs comparison',
  }),
});

export const SourcesReportRow = Type.Object({
  key: Nullable(
    Type.String({
      description:
        'The group’s value (a channel, source, …); null for sessions without one and unattributed calls',
    }),
  ),
  metrics: ReportMetricsSchema,
  comparison: Type.Optional(Comparison),
});
export type SourcesReportRow = Static<typeof SourcesReportRow>;

export const SourcesReport = Type.Object({
  groupBy: ReportGroupBy,
  touch: TouchModelSchema,
  from: Timestamp,
  to: Timestamp,
  compareFrom: Type.Optional(Timestamp),
  compareTo: Type.Optional(Timestamp),
  currency: Type.String({ description: 'The workspace’s currency: cost, revenue, CPL, CPO' }),
  rows: Type.Array(SourcesReportRow, { description: 'Most calls first, then most sessions' }),
  totals: Type.Object({ metrics: ReportMetricsSchema, comparison: Type.Optional(Comparison) }),
});
export type SourcesReport = Static<typeof SourcesReport>;

export const ReportPeriodQuery = Type.Object({
  ...Period,
  touch: Type.Optional(TouchModelSchema),
  ...Drilldown,
});
export type ReportPeriodQuery = Static<typeof ReportPeriodQuery>;

export const Heatmap = Type.Object({
  timeZone: Type.String({ description: 'The workspace’s IANA time zone the hours are read in' }),
  from: Timestamp,
  to: Timestamp,
  cells: Type.Array(
    Type.Object({
      weekday: Type.Integer({ minimum: 0, maximum: 6, description: '0 = Monday … 6 = Sunday' }),
      hour: Type.Integer({ minimum: 0, maximum: 23 }),
      calls: Type.Integer({ description: 'Inbound calls that started in this local hour' }),
      missed: Type.Integer({ description: 'Of them, missed, busy or failed' }),
    }),
    { description: 'All 168 cells, Monday 00:00 first' },
  ),
});
export type Heatmap = Static<typeof Heatmap>;

export const Timeseries = Type.Object({
  timeZone: Type.String(),
  from: Timestamp,
  to: Timestamp,
  days: Type.Array(
    Type.Object({
      day: Type.String({ format: 'date', description: 'A local day of the workspace' }),
      sessions: Type.Integer(),
      calls: Type.Integer(),
      conversion: Nullable(Type.Number({ description: 'calls / sessions; null without sessions' })),
    }),
    { description: 'Every local day the period touches, in order, days without traffic included' },
  ),
});
export type Timeseries = Static<typeof Timeseries>;
