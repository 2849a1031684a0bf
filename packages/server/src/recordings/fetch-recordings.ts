/**
 * Fetches the recordings providers reported: takes the due ones (safely beside other server
 * processes), downloads each with its provider's authentication (or a plain GET of the URL the
 * provider gave), streams it into the recording store and marks it stored. A failure is tried
 * again later on core's schedule (afterFailedFetch) until a day has passed.
 */
import { afterFailedFetch, type RecordingStore } from '@calltrail/core';
import type { Db } from '../db/database.ts';
import type { SecretBox } from '../secrets/secret-box.ts';
import {
  claimDueRecordings,
  markRecordingFetchFailed,
  markRecordingStored,
  type RecordingRow,
} from '../stores/sql/recordings.ts';
import { getConnection } from '../stores/sql/telephony.ts';
import { openCredentials } from '../telephony/connections.ts';
import type { ProviderDefinition } from '../telephony/define-provider.ts';
import { providers } from '../telephony/registry.ts';
import { capBytes, TooLargeError } from './byte-streams.ts';
import { audioTypeOf, maxRecordingBytes } from './recording-media.ts';

export interface RecordingFetchDeps {
  db: Db;
  store: RecordingStore;
  secrets: SecretBox;
  /** The real fetch in production; tests stand in a peer. */
  fetch?: typeof globalThis.fetch;
  /** How long one download may take, headers and body together. */
  timeoutMs?: number;
  /** The providers by id: the registry, unless a test stands in its own. */
  providers?: ReadonlyMap<string, ProviderDefinition>;
}

export interface FetchPassResult {
  stored: number;
  retrying: number;
  failed: number;
}

/** Recordings downloaded at once; more would compete for one provider's bandwidth. */
const concurrency = 4;
/** Enough for one pass to end; the rest are taken by the next. */
const maxPerPass = 40;
const defaultTimeoutMs = 5 * 60_000;

/** A failure no retry can mend (nor can one for a file over the size cap): given up at once. */
class PermanentFetchError extends Error {}

function describe(error: unknown): string {
  if (error instanceof TooLargeError) return `the recording is larger than ${error.limit} bytes`;
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError') return 'the download timed out';
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  const detail = cause?.code ?? cause?.message;
  return detail ? `${error.message}: ${String(detail)}` : error.message;
}

function parseUrl(text: string | null): URL | null {
  try {
    return text ? new URL(text) : null;
  } catch {
    return null;
  }
}

function download(deps: RecordingFetchDeps, row: RecordingRow, signal: AbortSignal): Promise<Response> {
  const fetch = deps.fetch ?? globalThis.fetch;
  // The deadline covers the body too: a provider that stalls mid-file fails the store's write.
  const bounded: typeof globalThis.fetch = (input, init) =>
    fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal });
  const provider = (deps.providers ?? providers).get(row.provider)?.provider;
  if (provider?.kind === 'webhook' && provider.fetchRecording) {
    const fetchRecording = provider.fetchRecording;
    return (async () => {
      const connection = row.connectionId
        ? await getConnection(deps.db, row.workspaceId, row.connectionId)
        : null;
      if (!connection) throw new PermanentFetchError('the telephony connection that reported it was deleted');
      const credentials = openCredentials(connection, deps.secrets);
      return fetchRecording(
        {
          providerCallId: row.providerCallId,
          providerRecordingId: row.providerRecordingId,
          sourceUrl: row.sourceUrl,
        },
        credentials as never,
        bounded,
      );
    })();
  }
  const url = parseUrl(row.sourceUrl);
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new PermanentFetchError(`the provider gave no http(s) URL to fetch it from: ${row.sourceUrl}`);
  }
  return bounded(url, { redirect: 'follow' });
}

async function fetchOne(
  deps: RecordingFetchDeps,
  row: RecordingRow,
  now: Date,
): Promise<keyof FetchPassResult> {
  const signal = AbortSignal.timeout(deps.timeoutMs ?? defaultTimeoutMs);
  try {
    const response = await download(deps, row, signal);
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      throw new Error(`the provider answered ${response.status} ${response.statusText}`.trim());
    }
    const contentType = audioTypeOf(response.headers.get('content-type'), row.sourceUrl);
    if (!contentType) {
      await response.body.cancel();
      throw new Error(`expected audio, got ${response.headers.get('content-type')}`);
    }
    const storageKey = `${row.workspaceId}/${row.id}`;
    const stored = await deps.store.put(storageKey, capBytes(response.body, maxRecordingBytes), contentType);
    const kept = await markRecordingStored(deps.db, row.id, {
      storageKey,
      contentType,
      sizeBytes: stored.size,
      at: now,
    });
    // Deleted by retention while it downloaded: it must not outlive its row.
    if (!kept) await deps.store.delete(storageKey);
    return 'stored';
  } catch (error) {
    const hopeless = error instanceof PermanentFetchError || error instanceof TooLargeError;
    const next = hopeless ? null : afterFailedFetch(row.attempts, row.createdAt, now);
    const retryAt = next && 'retryAt' in next ? next.retryAt : null;
    await markRecordingFetchFailed(deps.db, row.id, { error: describe(error), retryAt });
    return retryAt ? 'retrying' : 'failed';
  }
}

/** One pass: fetches what is due at `now`, a few at a time. */
export async function fetchDueRecordings(deps: RecordingFetchDeps, now: Date): Promise<FetchPassResult> {
  const result: FetchPassResult = { stored: 0, retrying: 0, failed: 0 };
  // A claim outlasts a download, so no other process takes a recording still being fetched.
  const leaseMs = 2 * (deps.timeoutMs ?? defaultTimeoutMs);
  for (let taken = 0; taken < maxPerPass; ) {
    const rows = await claimDueRecordings(deps.db, now, { limit: concurrency, leaseMs });
    if (rows.length === 0) break;
    taken += rows.length;
    for (const outcome of await Promise.all(rows.map((row) => fetchOne(deps, row, now)))) result[outcome]++;
  }
  return result;
}
