/** The missed-calls worklist: each missed inbound call and whether, and how fast, it was called back. */
import { type Static, Type } from 'typebox';
import { CallRecord } from './calls.ts';
import { Id, Page, PageQuery, Timestamp } from './common.ts';

export const MissedStateSchema = Type.Union(
  [
    Type.Literal('called_back'),
    Type.Literal('caller_reached'),
    Type.Literal('attempted'),
    Type.Literal('pending'),
    Type.Literal('lost'),
  ],
  {
    description:
      'Within 24 h of the missed call: called_back (an answered outbound call to the caller), else ' +
      'caller_reached (the caller called again and was answered), else attempted (outbound calls, none ' +
      'answered) or pending (nothing yet) while the 24 h run; lost once they are over. A withheld caller is ' +
      'lost once they are over.',
  },
);
export type MissedState = Static<typeof MissedStateSchema>;

export const MissedReportQuery = Type.Object({
  from: Type.Optional(Type.String({ format: 'date-time', description: 'Default: 7 days before to' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'Default: now' })),
  siteId: Type.Optional(Id),
  state: Type.Optional(MissedStateSchema),
  cursor: PageQuery.properties.cursor,
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});
export type MissedReportQuery = Static<typeof MissedReportQuery>;

export const MissedExportQuery = Type.Omit(MissedReportQuery, ['cursor', 'limit']);
export type MissedExportQuery = Static<typeof MissedExportQuery>;

export const MissedCallback = Type.Object({
  callId: Type.String(),
  startedAt: Timestamp,
  afterSeconds: Type.Integer({ description: 'From the missed call’s start to this call’s start' }),
  answered: Type.Boolean(),
  direction: Type.Union([Type.Literal('outbound'), Type.Literal('inbound')]),
});

export const MissedCall = Type.Object(
  {
    call: CallRecord,
    state: MissedStateSchema,
    callback: Type.Union([MissedCallback, Type.Null()], {
      description: 'The call that settled it: the first answered callback, or the caller’s answered call',
    }),
    attempts: Type.Integer({ description: 'Outbound calls to the caller within 24 h after the missed call' }),
  },
  { $id: 'MissedCall' },
);
export type MissedCall = Static<typeof MissedCall>;

export const MissedSummary = Type.Object({
  inbound: Type.Integer({ description: 'Inbound calls in the period' }),
  missed: Type.Integer({ description: 'Of them, missed, busy or failed' }),
  missedShare: Type.Number({ description: 'missed / inbound; 0 without calls' }),
  recovered: Type.Integer({ description: 'Missed calls called back or whose caller was reached' }),
  lost: Type.Integer(),
  lostShare: Type.Number({ description: 'lost / inbound; 0 without calls' }),
  pending: Type.Integer(),
  medianCallbackSeconds: Type.Union([Type.Number(), Type.Null()], {
    description: 'Over called_back calls: from the missed call’s start to the first answered callback’s',
  }),
});
export type MissedSummary = Static<typeof MissedSummary>;

export const MissedReport = Type.Object(
  {
    summary: MissedSummary,
    items: Type.Array(MissedCall, { description: 'Newest first' }),
    nextCursor: Page.properties.nextCursor,
  },
  { $id: 'MissedReport' },
);
export type MissedReport = Static<typeof MissedReport>;
