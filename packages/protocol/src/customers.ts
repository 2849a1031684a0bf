/** Repeat calls and revenue per customer (LTV), by the first touch of each customer's first call. */
import { type Static, type TSchema, Type } from 'typebox';
import { Id, Timestamp } from './common.ts';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const CustomersGroupBy = Type.Union(
  [Type.Literal('channel'), Type.Literal('source'), Type.Literal('campaign')],
  { description: 'What a row stands for: the first touch’s channel, source or campaign' },
);
export type CustomersGroupBy = Static<typeof CustomersGroupBy>;

export const CustomersReportQuery = Type.Object({
  from: Type.Optional(
    Type.String({ format: 'date-time', description: 'Cohort start (inclusive); default: 90 days before to' }),
  ),
  to: Type.Optional(
    Type.String({ format: 'date-time', description: 'Cohort end (exclusive); default: now' }),
  ),
  groupBy: Type.Optional(CustomersGroupBy),
  siteId: Type.Optional(Id),
});
export type CustomersReportQuery = Static<typeof CustomersReportQuery>;

const CustomersMetrics = {
  customers: Type.Integer({ description: 'Callers whose first inbound call started in the period' }),
  calls: Type.Integer({ description: 'All their inbound calls to date' }),
  repeatCalls: Type.Integer({ description: 'calls − customers' }),
  callsPerCustomer: Type.Number({ description: 'calls / customers; 0 without customers' }),
  qualifiedCalls: Type.Integer(),
  deals: Type.Integer({ description: 'Calls with a deal value above zero' }),
  revenue: Type.Number({ description: 'Sum of the calls’ deal values, in the workspace’s currency' }),
  revenuePerCustomer: Type.Number({ description: 'revenue / customers (LTV to date); 0 without customers' }),
};

export const CustomersRow = Type.Object({
  key: Nullable(
    Type.String({ description: 'The first touch’s channel, source or campaign; null when unknown' }),
  ),
  ...CustomersMetrics,
});
export type CustomersRow = Static<typeof CustomersRow>;

export const CustomersReport = Type.Object(
  {
    currency: Type.String(),
    from: Timestamp,
    to: Timestamp,
    groupBy: CustomersGroupBy,
    rows: Type.Array(CustomersRow, { description: 'Most customers first' }),
    totals: Type.Object(CustomersMetrics),
  },
  { $id: 'CustomersReport' },
);
export type CustomersReport = Static<typeof CustomersReport>;
