/** A caller's visitor journey: every session of the visitor with its pages, numbers and calls. */
import { type Static, type TSchema, Type } from 'typebox';
import { CallStatusSchema, TouchSchema } from './calls.ts';
import { ChannelSchema, E164, Timestamp } from './common.ts';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const JourneySession = Type.Object(
  {
    id: Type.String(),
    siteId: Type.String(),
    startedAt: Timestamp,
    lastActivityAt: Timestamp,
    channel: ChannelSchema,
    touch: Type.Omit(TouchSchema, ['channel']),
    landingPage: Type.String(),
    exitPage: Type.String(),
    referrer: Nullable(Type.String()),
    clickIds: Type.Record(Type.String(), Type.String()),
    gaClientId: Nullable(Type.String()),
    gaSessionId: Nullable(Type.String()),
    metricaClientId: Nullable(Type.String()),
    device: Nullable(
      Type.Union([
        Type.Literal('desktop'),
        Type.Literal('mobile'),
        Type.Literal('tablet'),
        Type.Literal('bot'),
      ]),
    ),
    browser: Nullable(Type.String({ description: 'Name and major version, e.g. "Chrome 131"' })),
    os: Nullable(Type.String({ description: 'Name and version, e.g. "Android 14"' })),
    geo: Type.Object({
      country: Nullable(Type.String()),
      region: Nullable(Type.String()),
      city: Nullable(Type.String()),
    }),
    pageViews: Type.Array(Type.Object({ at: Timestamp, url: Type.String() }), {
      description: 'Oldest first, at most 100',
    }),
    trackingNumbers: Type.Array(E164, { description: 'Numbers leased to the session' }),
    attributedCallIds: Type.Array(Type.String(), { description: 'Calls attributed to this session' }),
  },
  { $id: 'JourneySession' },
);
export type JourneySession = Static<typeof JourneySession>;

export const JourneyCall = Type.Object(
  {
    id: Type.String(),
    startedAt: Timestamp,
    direction: Type.Union([Type.Literal('inbound'), Type.Literal('outbound')]),
    status: CallStatusSchema,
    trackingNumber: Nullable(
      Type.String({ description: 'The number dialled (outbound: the customer’s, masked like callers)' }),
    ),
    sessionId: Nullable(Type.String()),
  },
  { $id: 'JourneyCall' },
);
export type JourneyCall = Static<typeof JourneyCall>;

export const CallJourney = Type.Object(
  {
    visitorId: Nullable(Type.String({ description: 'null when the call was linked to no visitor' })),
    sessions: Type.Array(JourneySession, { description: 'The visitor’s latest 50 sessions, oldest first' }),
    calls: Type.Array(JourneyCall, {
      description: 'The visitor’s and the caller’s calls in the workspace, the latest 50, oldest first',
    }),
  },
  { $id: 'CallJourney' },
);
export type CallJourney = Static<typeof CallJourney>;
