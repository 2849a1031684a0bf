/** REST shapes for workspaces, sites, pools, tracking numbers, users, tokens and log-in. */
import { type Static, Type } from 'typebox';
import { ChannelSchema, E164, Id, Page, RoleSchema, Timestamp } from './common.ts';

export const Workspace = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    timeZone: Type.String({ description: 'IANA time zone, e.g. Europe/Moscow' }),
    currency: Type.String({ description: 'ISO 4217, e.g. RUB' }),
    role: Type.Optional(RoleSchema),
    repeatWindowDays: Type.Integer({
      minimum: 1,
      maximum: 365,
      description: 'A call is a repeat call when the same caller called within this many days before',
    }),
    recordingRetentionDays: Type.Integer({
      minimum: 1,
      maximum: 3650,
      description: 'Call recordings are deleted this many days after the call (the access log stays)',
    }),
    createdAt: Timestamp,
  },
  { $id: 'Workspace' },
);
export type Workspace = Static<typeof Workspace>;

export const UpdateWorkspace = Type.Object(
  {
    repeatWindowDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })),
    recordingRetentionDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateWorkspace = Static<typeof UpdateWorkspace>;

export const CreateWorkspace = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  timeZone: Type.Optional(Type.String({ maxLength: 64, default: 'UTC' })),
  currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$', default: 'USD' })),
});

export const WorkspaceList = Type.Object({ items: Type.Array(Workspace) });

export const WebhookInfo = Type.Object({
  url: Type.String({ description: 'Paste into your PBX: POST generic call events here' }),
  secret: Type.String({ description: 'Sent as the X-Calltrail-Secret header (or ?secret=)' }),
});

export const ConsentMode = Type.Union([Type.Literal('none'), Type.Literal('wait')], {
  description: 'none: track at once; wait: keep the default number until consent is given',
});

export const Site = Type.Object(
  {
    id: Type.String(),
    key: Type.String({ description: 'Public site key used by the snippet' }),
    name: Type.String(),
    domains: Type.Array(Type.String()),
    businessNumbers: Type.Array(E164, { description: 'Numbers written on the site, to be replaced' }),
    consentMode: ConsentMode,
    consentCookie: Type.Union([Type.String(), Type.Null()], {
      description: 'Under consentMode wait: the cookie whose presence (not 0/false/no/deny) gives consent',
    }),
    extraParams: Type.Array(Type.String(), { description: 'Extra query parameters the snippet records' }),
    extraCookies: Type.Array(Type.String(), { description: 'Extra cookies the snippet records' }),
    swapAttributes: Type.Array(Type.String(), {
      description: 'data-* attributes the snippet swaps numbers in, beside href, aria-label and title',
    }),
    createdAt: Timestamp,
  },
  { $id: 'Site' },
);
export type Site = Static<typeof Site>;

const Domain = Type.String({
  minLength: 1,
  maxLength: 253,
  pattern: '^(\\*\\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$',
  description: 'Host name; *.example.com covers subdomains',
});

/** A query parameter or cookie name as the snippet reads it. */
const ExtraName = Type.String({ pattern: '^[A-Za-z0-9_.\\-]{1,64}$' });

const siteSettings = {
  consentMode: Type.Optional(ConsentMode),
  consentCookie: Type.Optional(
    Type.Union([ExtraName, Type.Null()], { description: 'null clears it: consent then comes from the page' }),
  ),
  extraParams: Type.Optional(Type.Array(ExtraName, { maxItems: 20 })),
  extraCookies: Type.Optional(Type.Array(ExtraName, { maxItems: 20 })),
  swapAttributes: Type.Optional(
    Type.Array(Type.String({ pattern: '^data-[a-z0-9\\-]{1,58}$' }), { maxItems: 10 }),
  ),
};

const siteIdentity = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  domains: Type.Array(Domain, { minItems: 1, maxItems: 50 }),
  businessNumbers: Type.Array(Type.String({ minLength: 3, maxLength: 32 }), {
    minItems: 1,
    maxItems: 20,
    description: 'Any common format; stored as E.164',
  }),
};

export const CreateSite = Type.Object({ ...siteIdentity, ...siteSettings });

export const UpdateSite = Type.Object(
  {
    name: Type.Optional(siteIdentity.name),
    domains: Type.Optional(siteIdentity.domains),
    businessNumbers: Type.Optional(siteIdentity.businessNumbers),
    ...siteSettings,
  },
  // A misspelt field would otherwise be dropped without a word.
  { additionalProperties: false },
);
export type UpdateSite = Static<typeof UpdateSite>;

export const SiteInstall = Type.Object(
  {
    buildId: Type.String({ description: 'The current build of the script' }),
    scriptUrl: Type.String({ description: 'The script with the site’s settings inlined; follows updates' }),
    scriptTag: Type.String({ description: 'Paste into every page' }),
    pinnedUrl: Type.String({ description: 'This build, never changed; it fetches the settings' }),
    pinnedTag: Type.String({ description: 'The pinned build with Subresource Integrity' }),
    integrity: Type.String({ description: 'The SRI value of the pinned build' }),
    settingsUrl: Type.String({ description: 'Where the pinned build fetches the site’s settings' }),
  },
  { $id: 'SiteInstall' },
);
export type SiteInstall = Static<typeof SiteInstall>;

export const SiteList = Type.Object({ ...Page.properties, items: Type.Array(Site) });

const RoutingCondition = Type.Object({
  field: Type.Union(
    [
      Type.Literal('channel'),
      Type.Literal('source'),
      Type.Literal('medium'),
      Type.Literal('campaign'),
      Type.Literal('term'),
      Type.Literal('landingPage'),
      Type.Literal('device'),
      Type.Literal('country'),
      Type.Literal('region'),
      Type.Literal('city'),
    ],
    { description: 'landingPage is the landing URL’s path and query; device is desktop, mobile or tablet' },
  ),
  op: Type.Union([
    Type.Literal('is'),
    Type.Literal('isNot'),
    Type.Literal('contains'),
    Type.Literal('startsWith'),
  ]),
  values: Type.Array(Type.String({ minLength: 1, maxLength: 512 }), {
    minItems: 1,
    maxItems: 100,
    description: 'Case-insensitive; the condition holds when any value matches (isNot: when none does)',
  }),
});

export const PoolRule = Type.Object(
  { conditions: Type.Array(RoutingCondition, { minItems: 1, maxItems: 20, description: 'All must hold' }) },
  { $id: 'PoolRule' },
);

export const ExhaustionPolicy = Type.Union(
  [Type.Literal('fallback'), Type.Literal('overflow'), Type.Literal('reuse')],
  {
    description:
      'When every number is leased: show the fallback number (calls unattributed), the overflow number (calls credited to the pool’s channel), or reuse the least recently active lease (its calls become uncertain)',
  },
);

export const Pool = Type.Object(
  {
    id: Type.String(),
    siteId: Type.String(),
    name: Type.String(),
    businessNumber: E164,
    position: Type.Integer({ description: 'Order among the site’s pools for this business number' }),
    rules: Type.Array(PoolRule, {
      description: 'The pool serves sessions matching any rule; none = catch-all',
    }),
    holdMinutes: Type.Integer(),
    heartbeatSeconds: Type.Integer(),
    fallbackNumber: Type.Union([E164, Type.Null()]),
    exhaustionPolicy: ExhaustionPolicy,
    overflowNumber: Type.Union([E164, Type.Null()]),
    channel: Type.Union([ChannelSchema, Type.Null()], {
      description: 'The channel calls to the overflow number are credited to',
    }),
    targetBlocking: Type.Number({ description: 'Share of sessions allowed to find no free number' }),
    numbers: Type.Array(E164),
    createdAt: Timestamp,
  },
  { $id: 'Pool' },
);
export type Pool = Static<typeof Pool>;

/** No defaults here: on an update a missing field keeps its value (creation fills in the defaults). */
const poolSettings = {
  position: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
  rules: Type.Optional(Type.Array(PoolRule, { maxItems: 50 })),
  holdMinutes: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 1440, description: '30 when created without' }),
  ),
  heartbeatSeconds: Type.Optional(
    Type.Integer({ minimum: 5, maximum: 600, description: '30 when created without' }),
  ),
  fallbackNumber: Type.Optional(Type.Union([Type.String({ minLength: 3, maxLength: 32 }), Type.Null()])),
  exhaustionPolicy: Type.Optional(ExhaustionPolicy),
  overflowNumber: Type.Optional(
    Type.Union([Type.String({ minLength: 3, maxLength: 32 }), Type.Null()], {
      description: 'A tracked number of its own, required by the overflow policy',
    }),
  ),
  channel: Type.Optional(Type.Union([ChannelSchema, Type.Null()])),
  targetBlocking: Type.Optional(
    Type.Number({ exclusiveMinimum: 0, maximum: 0.5, description: '0.01 when created without' }),
  ),
};

export const CreatePool = Type.Object({
  siteId: Type.String({ minLength: 1, maxLength: 64 }),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  businessNumber: Type.String({
    minLength: 3,
    maxLength: 32,
    description: 'Which of the site’s numbers it swaps',
  }),
  ...poolSettings,
  numbers: Type.Array(Type.String({ minLength: 3, maxLength: 32 }), { minItems: 1, maxItems: 5000 }),
  destination: Type.Optional(
    Type.String({ minLength: 3, maxLength: 32, description: 'Where calls are forwarded' }),
  ),
  provider: Type.Optional(Type.String({ maxLength: 32, default: 'generic' })),
});

export const UpdatePool = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    ...poolSettings,
    addNumbers: Type.Optional(Type.Array(Type.String({ minLength: 3, maxLength: 32 }), { maxItems: 5000 })),
    removeNumbers: Type.Optional(
      Type.Array(Type.String({ minLength: 3, maxLength: 32 }), {
        maxItems: 5000,
        description: 'Removed numbers are never offered again; their lease history stays',
      }),
    ),
  },
  // An empty change is allowed and answers the pool as it is, like a site's.
  { additionalProperties: false },
);

export const PoolList = Type.Object({ ...Page.properties, items: Type.Array(Pool) });

export const NumberKind = Type.Union([
  Type.Literal('static'),
  Type.Literal('pool'),
  Type.Literal('fallback'),
  Type.Literal('overflow'),
]);

export const TrackingNumber = Type.Object(
  {
    id: Type.String(),
    number: E164,
    kind: NumberKind,
    provider: Type.String(),
    destination: Type.Union([E164, Type.Null()]),
    siteId: Type.Union([Type.String(), Type.Null()]),
    poolId: Type.Union([Type.String(), Type.Null()]),
    channel: Type.Union([ChannelSchema, Type.Null()]),
    source: Type.Union([Type.String(), Type.Null()]),
    campaign: Type.Union([Type.String(), Type.Null()]),
    createdAt: Timestamp,
  },
  { $id: 'TrackingNumber' },
);

export const CreateStaticNumber = Type.Object({
  number: Type.String({ minLength: 3, maxLength: 32 }),
  siteId: Type.Optional(Type.String({ maxLength: 64, description: 'Omit for offline media' })),
  businessNumber: Type.Optional(
    Type.String({
      minLength: 3,
      maxLength: 32,
      description: 'Which site number it replaces (site numbers only)',
    }),
  ),
  channel: ChannelSchema,
  source: Type.Optional(Type.String({ maxLength: 256, description: 'utm_source the number is shown for' })),
  campaign: Type.Optional(Type.String({ maxLength: 256 })),
  destination: Type.Optional(Type.String({ minLength: 3, maxLength: 32 })),
  provider: Type.Optional(Type.String({ maxLength: 32, default: 'generic' })),
});

export const TrackingNumberList = Type.Object({ ...Page.properties, items: Type.Array(TrackingNumber) });

export const Member = Type.Object({
  userId: Type.String(),
  email: Type.String(),
  name: Type.String(),
  role: RoleSchema,
});

export const AddMember = Type.Object({
  email: Type.String({ format: 'email', maxLength: 320 }),
  name: Type.Optional(Type.String({ maxLength: 200 })),
  password: Type.Optional(Type.String({ minLength: 10, maxLength: 200, description: 'For a new user' })),
  role: RoleSchema,
});

export const MemberList = Type.Object({ items: Type.Array(Member) });

export const MemberParams = Type.Object({ userId: Id });

export const UpdateMember = Type.Object({ role: RoleSchema });

export const ApiToken = Type.Object({
  id: Type.String(),
  name: Type.String(),
  role: RoleSchema,
  createdAt: Timestamp,
  lastUsedAt: Type.Union([Timestamp, Type.Null()]),
});

export const CreateApiToken = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  role: RoleSchema,
});

export const CreatedApiToken = Type.Object({
  ...ApiToken.properties,
  token: Type.String({ description: 'Shown once; send as Authorization: Bearer <token>' }),
});

export const ApiTokenList = Type.Object({ items: Type.Array(ApiToken) });

export const LoginRequest = Type.Object({
  email: Type.String({ minLength: 3, maxLength: 320 }),
  password: Type.String({ minLength: 1, maxLength: 200 }),
});

export const Me = Type.Object({
  user: Type.Object({ id: Type.String(), email: Type.String(), name: Type.String() }),
  workspaces: Type.Array(Workspace),
  csrfToken: Type.Optional(Type.String({ description: 'Send back as X-CSRF-Token on unsafe requests' })),
});

export const WorkspaceParams = Type.Object({ workspaceId: Type.String({ minLength: 1, maxLength: 64 }) });
