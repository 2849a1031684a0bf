/**
 * The one database schema, for PGlite (embedded) and PostgreSQL alike. Every tenant table carries
 * workspace_id, and every query in the stores filters on it. SQL stays within PostgreSQL 15.
 */
import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const workspaces = pgTable('workspaces', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  timeZone: text('time_zone').notNull().default('UTC'),
  currency: text('currency').notNull().default('USD'),
  webhookSecret: text('webhook_secret').notNull(),
  /** A call is a repeat call when the same caller called within this many days before. */
  repeatWindowDays: integer('repeat_window_days').notNull().default(30),
  /** Call recordings are deleted this many days after the call. */
  recordingRetentionDays: integer('recording_retention_days').notNull().default(365),
  createdAt: ts('created_at').notNull(),
});

export const users = pgTable(
  'users',
  {
    id: text('id').primaryKey(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [uniqueIndex('users_email_key').on(sql`lower(${t.email})`)],
);

export const memberships = pgTable(
  'memberships',
  {
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.userId] }), index('memberships_user_idx').on(t.userId)],
);

export const apiTokens = pgTable(
  'api_tokens',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    role: text('role').notNull(),
    tokenHash: text('token_hash').notNull(),
    createdAt: ts('created_at').notNull(),
    lastUsedAt: ts('last_used_at'),
    revokedAt: ts('revoked_at'),
  },
  (t) => [uniqueIndex('api_tokens_hash_key').on(t.tokenHash), index('api_tokens_ws_idx').on(t.workspaceId)],
);

export const authSessions = pgTable(
  'auth_sessions',
  {
    idHash: text('id_hash').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    createdAt: ts('created_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
  },
  (t) => [index('auth_sessions_user_idx').on(t.userId)],
);

export const sites = pgTable(
  'sites',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    name: text('name').notNull(),
    domains: jsonb('domains').$type<string[]>().notNull(),
    businessNumbers: jsonb('business_numbers').$type<string[]>().notNull(),
    consentMode: text('consent_mode').notNull().default('none'),
    /** Under consentMode 'wait': a cookie the site's consent banner sets once the visitor agrees. */
    consentCookie: text('consent_cookie'),
    /** Query parameters and cookies the snippet records beside the standard ones (session extras). */
    extraParams: jsonb('extra_params').$type<string[]>().notNull().default([]),
    extraCookies: jsonb('extra_cookies').$type<string[]>().notNull().default([]),
    /** data-* attributes the snippet swaps numbers in, beside href, aria-label and title. */
    swapAttributes: jsonb('swap_attributes').$type<string[]>().notNull().default([]),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [uniqueIndex('sites_key_key').on(t.key), index('sites_ws_idx').on(t.workspaceId, t.createdAt)],
);

export const pools = pgTable(
  'pools',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    businessNumber: text('business_number').notNull(),
    holdMinutes: integer('hold_minutes').notNull().default(30),
    heartbeatSeconds: integer('heartbeat_seconds').notNull().default(30),
    fallbackNumber: text('fallback_number'),
    /** Where the pool stands among the site's pools for the same business number: first match wins. */
    position: integer('position').notNull().default(0),
    /** Routing rules (core's PoolRule[]): the pool serves a session that matches any; none = catch-all. */
    rules: jsonb('rules').$type<unknown[]>().notNull().default([]),
    /** 'fallback' | 'overflow' | 'reuse': what a session gets when every number is leased. */
    exhaustionPolicy: text('exhaustion_policy').notNull().default('fallback'),
    /** Shown under the 'overflow' policy; its calls are credited to `channel`, never to a session. */
    overflowNumber: text('overflow_number'),
    channel: text('channel'),
    /** The share of sessions allowed to find no free number; pool health alerts above it. */
    targetBlocking: doublePrecision('target_blocking').notNull().default(0.01),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('pools_ws_idx').on(t.workspaceId, t.createdAt), index('pools_site_idx').on(t.siteId)],
);

export const trackingNumbers = pgTable(
  'tracking_numbers',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    number: text('number').notNull(),
    kind: text('kind').notNull(),
    provider: text('provider').notNull().default('generic'),
    destination: text('destination'),
    siteId: text('site_id').references(() => sites.id, { onDelete: 'cascade' }),
    poolId: text('pool_id').references(() => pools.id, { onDelete: 'cascade' }),
    businessNumber: text('business_number'),
    channel: text('channel'),
    source: text('source'),
    campaign: text('campaign'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('tracking_numbers_ws_number_key').on(t.workspaceId, t.number),
    index('tracking_numbers_pool_idx').on(t.poolId),
    index('tracking_numbers_ws_idx').on(t.workspaceId, t.createdAt),
  ],
);

export const visitors = pgTable(
  'visitors',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    firstSeenAt: ts('first_seen_at').notNull(),
    lastSeenAt: ts('last_seen_at').notNull(),
    /** First touch: the session the visitor arrived with first. */
    firstSessionId: text('first_session_id'),
    lastSessionId: text('last_session_id'),
    /** Last touch: the latest session that was not direct (last non-direct click), else the first. */
    lastTouchSessionId: text('last_touch_session_id'),
  },
  (t) => [index('visitors_ws_idx').on(t.workspaceId)],
);

export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    visitorId: text('visitor_id')
      .notNull()
      .references(() => visitors.id, { onDelete: 'cascade' }),
    startedAt: ts('started_at').notNull(),
    lastActivityAt: ts('last_activity_at').notNull(),
    landingPage: text('landing_page').notNull(),
    exitPage: text('exit_page').notNull(),
    referrer: text('referrer'),
    channel: text('channel').notNull(),
    source: text('source'),
    medium: text('medium'),
    campaign: text('campaign'),
    term: text('term'),
    content: text('content'),
    clickIds: jsonb('click_ids').$type<Record<string, string>>().notNull(),
    gaClientId: text('ga_client_id'),
    gaSessionId: text('ga_session_id'),
    metricaClientId: text('metrica_client_id'),
    extras: jsonb('extras').$type<Record<string, string>>().notNull(),
    userAgent: text('user_agent'),
    /** 'desktop' | 'mobile' | 'tablet' | 'bot', from the user agent. */
    device: text('device'),
    /** Geo as the reverse proxy reported it (see README, "Geo"); null when unknown. */
    country: text('country'),
    region: text('region'),
    city: text('city'),
    pageViews: integer('page_views').notNull().default(1),
  },
  (t) => [
    // With the id, a visitor's first session (first touch) is the index's first entry, sorted by it.
    index('sessions_visitor_idx').on(t.visitorId, t.startedAt, t.id),
    index('sessions_ws_started_idx').on(t.workspaceId, t.startedAt),
  ],
);

/**
 * Sessions counted per workspace-local day and touch: the sources report reads whole days here instead
 * of a row per session. Triggers on `sessions` (migration 0005_session_rollup) keep it in step with
 * every insert and delete, in the same statement, whatever path writes. Landing pages are left out: they
 * are whole URLs, nearly one per session, so they would not roll up.
 */
export const sessionDays = pgTable(
  'session_days',
  {
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    /** The day of `started_at` in the workspace's time zone, which cannot change after creation. */
    day: date('day', { mode: 'string' }).notNull(),
    siteId: text('site_id').notNull(),
    channel: text('channel').notNull(),
    source: text('source'),
    medium: text('medium'),
    campaign: text('campaign'),
    term: text('term'),
    sessions: integer('sessions').notNull(),
  },
  (t) => [
    unique('session_days_key')
      .on(t.workspaceId, t.day, t.siteId, t.channel, t.source, t.medium, t.campaign, t.term)
      .nullsNotDistinct(),
  ],
);

export const pageViews = pgTable(
  'page_views',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    workspaceId: text('workspace_id').notNull(),
    sessionId: text('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    at: ts('at').notNull(),
    url: text('url').notNull(),
  },
  (t) => [index('page_views_session_idx').on(t.sessionId, t.at)],
);

export const leases = pgTable(
  'leases',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id').notNull(),
    poolId: text('pool_id')
      .notNull()
      .references(() => pools.id, { onDelete: 'cascade' }),
    number: text('number').notNull(),
    sessionId: text('session_id').notNull(),
    visitorId: text('visitor_id').notNull(),
    startedAt: ts('started_at').notNull(),
    lastActivityAt: ts('last_activity_at').notNull(),
    holdSeconds: integer('hold_seconds').notNull(),
    /** False until the page confirms it; an unconfirmed lease attributes only its first 15 s. */
    confirmed: boolean('confirmed').notNull().default(false),
    /** Set when the lease ended early: the visitor's next session took the number over. */
    releasedAt: ts('released_at'),
    /** The lease this one took its number from: a session switch, or a reuse of a live lease. */
    previousLeaseId: text('previous_lease_id'),
    /** Set when the number was taken from another live session (the 'reuse' policy). */
    reusedFromSessionId: text('reused_from_session_id'),
  },
  (t) => [
    index('leases_number_idx').on(t.workspaceId, t.number, t.startedAt),
    index('leases_session_idx').on(t.sessionId),
  ],
);

export const calls = pgTable(
  'calls',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    provider: text('provider').notNull(),
    providerCallId: text('provider_call_id').notNull(),
    direction: text('direction').notNull(),
    status: text('status').notNull(),
    caller: text('caller'),
    callerRaw: text('caller_raw'),
    trackingNumber: text('tracking_number'),
    trackingNumberRaw: text('tracking_number_raw').notNull(),
    startedAt: ts('started_at').notNull(),
    answeredAt: ts('answered_at'),
    endedAt: ts('ended_at'),
    waitSeconds: integer('wait_seconds'),
    talkSeconds: integer('talk_seconds'),
    channel: text('channel'),
    source: text('source'),
    sessionId: text('session_id'),
    /** The caller's visitor: from the attributed session, else from the caller's earlier calls. */
    visitorId: text('visitor_id'),
    /** The caller never called this workspace before. */
    firstTime: boolean('first_time').notNull().default(true),
    /** The caller called within the workspace's repeat window before this call. */
    repeat: boolean('repeat').notNull().default(false),
    /** The caller's previous call, if any. */
    previousCallId: text('previous_call_id'),
    /** The extension or manager who answered first; later ones are in transfers. */
    agent: text('agent'),
    /** What an operator said of the call: tags, a 1-5 rating, qualified or not, the deal's value. */
    tags: jsonb('tags').$type<string[]>().notNull().default([]),
    rating: integer('rating'),
    qualified: boolean('qualified'),
    /** In the workspace's currency. */
    dealValue: doublePrecision('deal_value'),
    annotatedAt: ts('annotated_at'),
    queue: text('queue'),
    transfers: jsonb('transfers').$type<string[]>().notNull().default([]),
    attribution: jsonb('attribution').notNull(),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('calls_provider_call_key').on(t.workspaceId, t.provider, t.providerCallId),
    index('calls_ws_started_idx').on(t.workspaceId, t.startedAt, t.id),
    index('calls_caller_idx').on(t.workspaceId, t.caller, t.startedAt),
  ],
);

export const callEvents = pgTable(
  'call_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    workspaceId: text('workspace_id').notNull(),
    callId: text('call_id')
      .notNull()
      .references(() => calls.id, { onDelete: 'cascade' }),
    dedupeKey: text('dedupe_key').notNull(),
    receivedAt: ts('received_at').notNull(),
    payload: jsonb('payload').notNull(),
    duplicateCount: integer('duplicate_count').notNull().default(0),
    applied: boolean('applied').notNull().default(true),
  },
  (t) => [
    uniqueIndex('call_events_dedupe_key').on(t.callId, t.dedupeKey),
    index('call_events_call_idx').on(t.callId, t.id),
  ],
);

/** Per pool and hour: how sessions were served, the raw counts behind pool health. */
export const poolHours = pgTable(
  'pool_hours',
  {
    workspaceId: text('workspace_id').notNull(),
    poolId: text('pool_id')
      .notNull()
      .references(() => pools.id, { onDelete: 'cascade' }),
    hour: ts('hour').notNull(),
    /** Sessions that asked the pool for a number (each session counts once per hour). */
    sessions: integer('sessions').notNull().default(0),
    leased: integer('leased').notNull().default(0),
    fallbacks: integer('fallbacks').notNull().default(0),
    overflows: integer('overflows').notNull().default(0),
    reused: integer('reused').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.poolId, t.hour] }), index('pool_hours_ws_idx').on(t.workspaceId, t.hour)],
);

/** Alerts raised on pools, e.g. observed blocking above the pool's target in some hour. */
export const poolAlerts = pgTable(
  'pool_alerts',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    poolId: text('pool_id')
      .notNull()
      .references(() => pools.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    hour: ts('hour').notNull(),
    observed: doublePrecision('observed').notNull(),
    target: doublePrecision('target').notNull(),
    recommendedSize: integer('recommended_size'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('pool_alerts_pool_kind_hour_key').on(t.poolId, t.kind, t.hour),
    index('pool_alerts_ws_idx').on(t.workspaceId, t.createdAt, t.id),
  ],
);

/**
 * A workspace's link to a telephony provider: its credentials (encrypted with the server's secret
 * key), its settings, and the token in its webhook URLs that tells which connection a request is for.
 */
export const telephonyConnections = pgTable(
  'telephony_connections',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    provider: text('provider').notNull(),
    name: text('name').notNull(),
    /** The secret path segment of the connection's webhook URLs. */
    token: text('token').notNull(),
    /** AES-256-GCM envelope of the provider's credentials (JSON). */
    credentials: text('credentials').notNull(),
    settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
    lastEventAt: ts('last_event_at'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('telephony_connections_token_key').on(t.token),
    index('telephony_connections_ws_idx').on(t.workspaceId, t.createdAt),
  ],
);

/**
 * Call recordings: reported by a provider (then fetched from it by the recordings worker) or
 * uploaded. A recording names its call by the provider's call id, because providers may report it
 * before the call's own events arrive.
 */
export const recordings = pgTable(
  'recordings',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    provider: text('provider').notNull(),
    providerCallId: text('provider_call_id').notNull(),
    providerRecordingId: text('provider_recording_id').notNull(),
    /** The connection whose credentials fetch it; null for uploads. */
    connectionId: text('connection_id'),
    /** Where the provider said it is, when it said so. */
    sourceUrl: text('source_url'),
    /** 'pending' (to fetch), 'stored', 'failed' (gave up), 'deleted' (retention or by hand). */
    status: text('status').notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at'),
    lastError: text('last_error'),
    storageKey: text('storage_key'),
    contentType: text('content_type'),
    sizeBytes: integer('size_bytes'),
    durationSeconds: integer('duration_seconds'),
    createdAt: ts('created_at').notNull(),
    storedAt: ts('stored_at'),
    deletedAt: ts('deleted_at'),
  },
  (t) => [
    uniqueIndex('recordings_provider_key').on(t.workspaceId, t.provider, t.providerRecordingId),
    index('recordings_call_idx').on(t.workspaceId, t.provider, t.providerCallId),
    index('recordings_due_idx').on(t.status, t.nextAttemptAt),
  ],
);

/** Every listen and download of a recording: who, when, which bytes. Kept after the recording goes. */
export const recordingAccess = pgTable(
  'recording_access',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    recordingId: text('recording_id').notNull(),
    callId: text('call_id').notNull(),
    /** 'listen' or 'download'. */
    action: text('action').notNull(),
    userId: text('user_id'),
    tokenId: text('token_id'),
    /** The Range header asked for, if any. */
    range: text('range'),
    ip: text('ip'),
    at: ts('at').notNull(),
  },
  (t) => [index('recording_access_ws_idx').on(t.workspaceId, t.at)],
);

/** Ad spend by day and campaign, uploaded as CSV; joined to sessions by their UTM tags in reports. */
export const adCosts = pgTable(
  'ad_costs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    uploadId: text('upload_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    source: text('source').notNull(),
    medium: text('medium').notNull(),
    campaign: text('campaign').notNull(),
    /** Empty when the cost is for the whole campaign. */
    keyword: text('keyword').notNull().default(''),
    cost: doublePrecision('cost').notNull(),
    currency: text('currency').notNull(),
  },
  // A row per day and campaign (and keyword): uploading a corrected file replaces, never doubles.
  (t) => [uniqueIndex('ad_costs_key').on(t.workspaceId, t.day, t.source, t.medium, t.campaign, t.keyword)],
);

/** One CSV of ad spend as uploaded: how many rows it added and which it refused, and why. */
export const costUploads = pgTable(
  'cost_uploads',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    fileName: text('file_name').notNull(),
    rowsAdded: integer('rows_added').notNull(),
    errors: jsonb('errors').$type<{ row: number; column: string | null; message: string }[]>().notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('cost_uploads_ws_idx').on(t.workspaceId, t.createdAt)],
);
