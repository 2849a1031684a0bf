/** Telephony connections: a workspace's account at a provider, and the webhook URLs to paste there. */
import { type Static, Type } from 'typebox';
import { Page, Timestamp } from './common.ts';

export const ProviderId = Type.Union(
  [
    Type.Literal('twilio'),
    Type.Literal('mango'),
    Type.Literal('zadarma'),
    Type.Literal('uis'),
    Type.Literal('asterisk'),
  ],
  { description: 'The telephony provider' },
);

const Settings = Type.Record(Type.String(), Type.Unknown(), {
  description: 'Provider settings (see the README’s "connect your telephony")',
});

export const TelephonyConnection = Type.Object(
  {
    id: Type.String(),
    provider: ProviderId,
    name: Type.String(),
    settings: Settings,
    credentialsSet: Type.Array(Type.String(), {
      description: 'Which credentials are stored (encrypted); their values are never returned',
    }),
    webhookUrls: Type.Array(
      Type.Object({
        purpose: Type.String({ description: 'Where to paste it in the provider’s console' }),
        url: Type.String(),
      }),
      { description: 'Empty for providers Calltrail connects to itself (Asterisk AMI)' },
    ),
    lastEventAt: Type.Union([Timestamp, Type.Null()]),
    createdAt: Timestamp,
  },
  { $id: 'TelephonyConnection' },
);
export type TelephonyConnection = Static<typeof TelephonyConnection>;

export const CreateTelephonyConnection = Type.Object(
  {
    provider: ProviderId,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    credentials: Type.Record(Type.String(), Type.Unknown(), { description: 'Checked against the provider' }),
    settings: Type.Optional(Settings),
  },
  { additionalProperties: false },
);

export const UpdateTelephonyConnection = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    credentials: Type.Optional(
      Type.Record(Type.String(), Type.Unknown(), { description: 'Replaces all stored credentials' }),
    ),
    settings: Type.Optional(Settings),
  },
  { additionalProperties: false },
);

export const TelephonyConnectionList = Type.Object({
  ...Page.properties,
  items: Type.Array(TelephonyConnection),
});

/**
 * One property of a provider's credentials or settings, as JSON Schema: enough to build a form
 * field from it. Keywords beyond these (items, maxItems…) pass through as they are.
 */
const FormProperty = Type.Object(
  {
    type: Type.Optional(Type.String()),
    title: Type.Optional(Type.String({ description: 'The label, in the provider console’s own terms' })),
    description: Type.Optional(Type.String()),
    pattern: Type.Optional(Type.String()),
    format: Type.Optional(Type.String()),
    writeOnly: Type.Optional(Type.Boolean({ description: 'A secret: stored, never shown back' })),
    minimum: Type.Optional(Type.Number()),
    maximum: Type.Optional(Type.Number()),
    minLength: Type.Optional(Type.Integer()),
    maxLength: Type.Optional(Type.Integer()),
  },
  { additionalProperties: true },
);

const FormObject = (description: string) =>
  Type.Object(
    {
      type: Type.Literal('object'),
      properties: Type.Record(Type.String(), FormProperty),
      required: Type.Optional(Type.Array(Type.String())),
      additionalProperties: Type.Optional(Type.Boolean()),
    },
    { additionalProperties: true, description },
  );

export const TelephonyProvider = Type.Object(
  {
    id: ProviderId,
    title: Type.String(),
    credentials: FormObject('JSON Schema of `credentials`, exactly as a new connection is checked against'),
    settings: FormObject('JSON Schema of `settings`, exactly as a new connection is checked against'),
    webhookPaths: Type.Array(
      Type.Object({
        purpose: Type.String({ description: 'Where to paste it in the provider’s console' }),
        subpath: Type.String({ description: 'Under the connection’s webhook URL; empty for the URL itself' }),
      }),
      { description: 'Empty for providers Calltrail connects to itself (Asterisk AMI)' },
    ),
  },
  { $id: 'TelephonyProvider' },
);
export type TelephonyProvider = Static<typeof TelephonyProvider>;

export const TelephonyProviderList = Type.Object({ items: Type.Array(TelephonyProvider) });
