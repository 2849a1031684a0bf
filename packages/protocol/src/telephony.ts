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
