/** Telephony connections: a provider, its sealed credentials and its webhook token. */
import { index, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { workspaceId } from './accounts.ts';
import { ts } from './columns.ts';

export const telephonyConnections = pgTable(
  'telephony_connections',
  {
    id: text('id').primaryKey(),
    workspaceId: workspaceId(),
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
