/** Ad spend uploaded as CSV, per day and UTM tags. */
import {
  bigserial,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { workspaceId } from './accounts.ts';
import { ts } from './columns.ts';

export const adCosts = pgTable(
  'ad_costs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    workspaceId: workspaceId(),
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
    workspaceId: workspaceId(),
    fileName: text('file_name').notNull(),
    rowsAdded: integer('rows_added').notNull(),
    errors: jsonb('errors').$type<{ row: number; column: string | null; message: string }[]>().notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('cost_uploads_ws_idx').on(t.workspaceId, t.createdAt)],
);
