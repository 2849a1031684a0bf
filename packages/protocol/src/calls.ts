/** The call record as the REST API returns it, and the generic call webhook any PBX can send. */
import { type Static, type TSchema, Type } from 'typebox';
import { ChannelSchema, E164, Page, PageQuery, Timestamp } from './common.ts';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const CallStatusSchema = Type.Union([
  Type.Literal('ringing'),
  Type.Literal('answered'),
  Type.Literal('completed'),
  Type.Literal('missed'),
  Type.Literal('busy'),
  Type.Literal('failed'),
]);

/** Mirrors core's AttributionReason (a server test keeps the two in sync). */
export const AttributionReasonSchema = Type.Union(
  [
    Type.Literal('lease_window'),
    Type.Literal('static_number'),
    Type.Literal('offline_number'),
    Type.Literal('overflow_number'),
    Type.Literal('no_live_lease'),
    Type.Literal('unknown_number'),
    Type.Literal('several_leases'),
    Type.Literal('weak_evidence'),
    Type.Literal('grace_window'),
    Type.Literal('reused_number'),
    Type.Literal('fallback_number'),
    Type.Literal('caller_history'),
    Type.Literal('outbound_call'),
  ],
  {
    description:
      'Attributed: lease_window (a session), caller_history (the session the caller’s earlier call was credited to), ' +
      'static_number, offline_number, overflow_number (a channel). ' +
      'Uncertain: several_leases, weak_evidence (activity too old), grace_window (window ended shortly before), ' +
      'reused_number (number taken from a live session), fallback_number (pool exhausted). ' +
      'Unattributed: no_live_lease, unknown_number, outbound_call, fallback_number, overflow_number (no channel).',
  },
);

export const AttributionSchema = Type.Object(
  {
    status: Type.Union([Type.Literal('attributed'), Type.Literal('uncertain'), Type.Literal('unattributed')]),
    confidence: Type.Number({ minimum: 0, maximum: 1, description: 'Probability that sessionId is right' }),
    sessionId: Nullable(Type.String()),
    candidates: Type.Array(Type.Object({ sessionId: Type.String(), probability: Type.Number() }), {
      description: 'Likeliest first; probabilities sum to at most 1, the rest being "none of them"',
    }),
    reason: AttributionReasonSchema,
  },
  { $id: 'Attribution' },
);
export type Attribution = Static<typeof AttributionSchema>;

export const TouchSchema = Type.Object({
  channel: ChannelSchema,
  source: Nullable(Type.String()),
  medium: Nullable(Type.String()),
  campaign: Nullable(Type.String()),
  term: Nullable(Type.String()),
  content: Nullable(Type.String()),
});

export const CallSessionSchema = Type.Object({
  id: Type.String(),
  visitorId: Type.String(),
  startedAt: Timestamp,
  landingPage: Type.String(),
  referrer: Nullable(Type.String()),
  touch: TouchSchema,
  clickIds: Type.Record(Type.String(), Type.String()),
  gaClientId: Nullable(Type.String()),
  gaSessionId: Nullable(Type.String()),
  metricaClientId: Nullable(Type.String()),
});

export const CallRecordingSchema = Type.Object(
  {
    status: Type.Union(
      [Type.Literal('pending'), Type.Literal('stored'), Type.Literal('failed'), Type.Literal('deleted')],
      {
        description:
          'pending: reported, not fetched yet; stored: can be played (GET /calls/{id}/recording); ' +
          'failed: the provider never gave it; deleted: past the workspace’s recordingRetentionDays',
      },
    ),
    durationSeconds: Nullable(Type.Integer({ description: 'As the provider reported it' })),
    sizeBytes: Nullable(Type.Integer({ description: 'Once stored' })),
  },
  { description: 'The call’s recording; with several, the one that can be played, newest first' },
);
export type CallRecording = Static<typeof CallRecordingSchema>;

export const CallRecord = Type.Object(
  {
    id: Type.String(),
    provider: Type.String(),
    providerCallId: Type.String(),
    direction: Type.Union([Type.Literal('inbound'), Type.Literal('outbound')]),
    status: CallStatusSchema,
    caller: Nullable(
      Type.String({ description: 'E.164; masked for roles that may not see it; null if withheld' }),
    ),
    callerRaw: Nullable(Type.String({ description: 'As the provider sent it (masked like caller)' })),
    trackingNumber: Nullable(
      Type.String({
        description:
          'E.164, the number dialled: inbound, the tracking number; outbound, the customer’s number, masked like caller',
      }),
    ),
    trackingNumberRaw: Type.String({ description: 'As the provider sent it (outbound: masked like caller)' }),
    startedAt: Timestamp,
    answeredAt: Nullable(Timestamp),
    endedAt: Nullable(Timestamp),
    waitSeconds: Nullable(Type.Integer()),
    talkSeconds: Nullable(Type.Integer()),
    agent: Nullable(Type.String({ description: 'The extension or manager who answered first' })),
    queue: Nullable(Type.String({ description: 'The department, queue or group the call went through' })),
    transfers: Type.Array(Type.String(), { description: 'Agents the call was transferred to, in order' }),
    channel: Nullable(ChannelSchema),
    source: Nullable(
      Type.String({
        description:
          "The source credited with the call: the attributed session's, or a static or offline number's (e.g. billboard)",
      }),
    ),
    attribution: AttributionSchema,
    session: Nullable(CallSessionSchema),
    visitorId: Nullable(
      Type.String({
        description: "The caller's visitor: the attributed session's, else the previous call's",
      }),
    ),
    firstTime: Type.Boolean({
      description: 'The caller had never called the workspace before (true for withheld callers)',
    }),
    repeat: Type.Boolean({
      description: 'The caller called within the workspace’s repeatWindowDays before this call',
    }),
    previousCallId: Nullable(Type.String({ description: 'The caller’s latest earlier call' })),
    recording: Nullable(CallRecordingSchema),
    tags: Type.Array(Type.String(), { description: 'Set by operators (PATCH /calls/{id})' }),
    rating: Nullable(Type.Integer({ minimum: 1, maximum: 5 })),
    qualified: Nullable(Type.Boolean({ description: 'null until an operator decides' })),
    dealValue: Nullable(Type.Number({ minimum: 0, description: 'In the workspace’s currency' })),
  },
  { $id: 'CallRecord' },
);
export type CallRecord = Static<typeof CallRecord>;

export const CallAnnotation = Type.Object(
  {
    tags: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 50, pattern: '\\S' }), {
        maxItems: 20,
        description: 'Replaces the call’s tags; each is trimmed, and repeats are dropped',
      }),
    ),
    // One schema of both types, not a union: the server coerces types, and in a union 0 fails
    // the integer branch and is coerced to null by the other, clearing the rating it should refuse.
    rating: Type.Optional(Type.Unsafe<number | null>({ type: ['integer', 'null'], minimum: 1, maximum: 5 })),
    qualified: Type.Optional(Nullable(Type.Boolean())),
    dealValue: Type.Optional(
      Nullable(Type.Number({ minimum: 0, description: 'In the workspace’s currency' })),
    ),
  },
  {
    $id: 'CallAnnotation',
    additionalProperties: false,
    description: 'What an operator says of a call; fields left out keep their value, null clears one',
  },
);
export type CallAnnotation = Static<typeof CallAnnotation>;

export const CallListQuery = Type.Object({
  ...PageQuery.properties,
  from: Type.Optional(Timestamp),
  to: Type.Optional(Timestamp),
  channel: Type.Optional(ChannelSchema),
  source: Type.Optional(Type.String({ maxLength: 256 })),
  repeat: Type.Optional(
    Type.Boolean({ description: 'true: repeat calls only; false: calls that are not repeats' }),
  ),
  status: Type.Optional(CallStatusSchema),
  direction: Type.Optional(Type.Union([Type.Literal('inbound'), Type.Literal('outbound')])),
  firstTime: Type.Optional(
    Type.Boolean({ description: 'true: callers who never called before; false: those who had' }),
  ),
  tag: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: 'Calls carrying this tag' })),
  qualified: Type.Optional(
    Type.Boolean({ description: 'As an operator marked it; undecided calls match neither' }),
  ),
  minRating: Type.Optional(Type.Integer({ minimum: 1, maximum: 5, description: 'Rated at least this' })),
  campaign: Type.Optional(
    Type.String({ maxLength: 500, description: 'The attributed session’s utm_campaign' }),
  ),
  term: Type.Optional(Type.String({ maxLength: 500, description: 'The attributed session’s utm_term' })),
  landingPage: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 500,
      description: 'Part of the attributed session’s landing page, any case',
    }),
  ),
  trackingNumber: Type.Optional(E164),
  agent: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: 'Who answered first' })),
  search: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 64,
      description:
        'Digits of a phone number: the tracking number, or the caller for roles that may see callers ' +
        '(others search tracking numbers only, so a masked caller cannot be confirmed by searching)',
    }),
  ),
});
export type CallListQuery = Static<typeof CallListQuery>;

export const CallExportQuery = Type.Omit(CallListQuery, ['cursor', 'limit']);
export type CallExportQuery = Static<typeof CallExportQuery>;

export const CallList = Type.Object({ ...Page.properties, items: Type.Array(CallRecord) });
export type CallList = Static<typeof CallList>;

export const RecordingAccess = Type.Object({
  id: Type.String(),
  recordingId: Type.String(),
  callId: Type.String(),
  action: Type.Union([Type.Literal('listen'), Type.Literal('download')]),
  userId: Nullable(Type.String({ description: 'The member who listened, when logged in' })),
  userEmail: Nullable(Type.String()),
  tokenId: Nullable(Type.String({ description: 'The API token that fetched it, when one did' })),
  tokenName: Nullable(Type.String()),
  range: Nullable(
    Type.String({ description: 'The Range header asked for, e.g. bytes=0- (a player seeking)' }),
  ),
  ip: Nullable(Type.String()),
  at: Timestamp,
});

export const RecordingAccessList = Type.Object({ ...Page.properties, items: Type.Array(RecordingAccess) });
export type RecordingAccessList = Static<typeof RecordingAccessList>;

export const GenericCallEvent = Type.Object(
  {
    callId: Type.String({
      minLength: 1,
      maxLength: 128,
      description: 'Your PBX’s id of the call; repeats fold',
    }),
    event: Type.Union([
      Type.Literal('ringing'),
      Type.Literal('answered'),
      Type.Literal('transferred'),
      Type.Literal('ended'),
    ]),
    at: Type.Optional(
      Type.String({ format: 'date-time', description: 'When it happened; receipt time if absent' }),
    ),
    from: Type.String({ maxLength: 64, description: 'Caller as the PBX knows it; anything, even empty' }),
    to: Type.String({ minLength: 1, maxLength: 64, description: 'The number dialled (a tracking number)' }),
    direction: Type.Optional(Type.Union([Type.Literal('inbound'), Type.Literal('outbound')])),
    status: Type.Optional(
      Type.Union(
        [Type.Literal('completed'), Type.Literal('missed'), Type.Literal('busy'), Type.Literal('failed')],
        {
          description: 'With event "ended": how the call ended',
        },
      ),
    ),
    agent: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 128,
        description: 'With "answered" or "transferred": the extension or manager who took the call',
      }),
    ),
    queue: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 128,
        description: 'The department or queue the call went through',
      }),
    ),
  },
  { $id: 'GenericCallEvent', additionalProperties: false },
);
export type GenericCallEvent = Static<typeof GenericCallEvent>;

export const ProviderWebhookAccepted = Type.Object({
  accepted: Type.Literal(true),
  callIds: Type.Array(Type.String(), { description: 'The Calltrail calls the request added to' }),
});

export const WebhookAccepted = Type.Object({
  callId: Type.String({ description: 'Calltrail call id' }),
  duplicate: Type.Boolean({ description: 'true when this exact event had been received before' }),
});
