/** Calls, the provider events they are folded from, their recordings and who listened. */
import {
  bigserial,
  boolean,
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

export const calls = pgTable(
  'calls',
  {
    id: text('id').primaryKey(),
    workspaceId: workspaceId(),
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
export const recordings = pgTable(
  'recordings',
  {
    id: text('id').primaryKey(),
    workspaceId: workspaceId(),
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
    workspaceId: workspaceId(),
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
