/** Pool health: sessions and blocking per pool and hour, and the alerts raised on them. */
import { doublePrecision, index, integer, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { workspaceId } from './accounts.ts';
import { ts } from './columns.ts';
import { pools } from './sites.ts';

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
    workspaceId: workspaceId(),
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
