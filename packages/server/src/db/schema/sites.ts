/** Sites, the pools of tracking numbers that serve them, and the numbers themselves. */
import { doublePrecision, index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { workspaceId } from './accounts.ts';
import { ts } from './columns.ts';

export const sites = pgTable(
  'sites',
  {
    id: text('id').primaryKey(),
    workspaceId: workspaceId(),
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

/** The site a row belongs to; deleting the site deletes the row. */
export const siteId = () =>
  text('site_id')
    .notNull()
    .references(() => sites.id, { onDelete: 'cascade' });

export const pools = pgTable(
  'pools',
  {
    id: text('id').primaryKey(),
    workspaceId: workspaceId(),
    siteId: siteId(),
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
    workspaceId: workspaceId(),
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
