/**
 * What the snippet records: visitors, their sessions, page views and number leases, and the per-day
 * rollup of sessions the reports read.
 */
import { bigserial, boolean, date, index, integer, jsonb, pgTable, text, unique } from 'drizzle-orm/pg-core';
import { workspaceId } from './accounts.ts';
import { ts } from './columns.ts';
import { pools, siteId } from './sites.ts';

export const visitors = pgTable(
  'visitors',
  {
    id: text('id').primaryKey(),
    workspaceId: workspaceId(),
    siteId: siteId(),
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
    workspaceId: workspaceId(),
    siteId: siteId(),
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
    workspaceId: workspaceId(),
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
