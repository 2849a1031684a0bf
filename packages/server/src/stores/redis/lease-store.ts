/**
 * The multi-process lease store: a pool's leases live in Redis and every operation is one Lua script
 * (lease-scripts.ts, which also documents the keys), so several server processes share a pool without
 * ever handing one number to two live sessions. The scripts follow the memory store in core rule for
 * rule; a randomized test holds the two side by side. This file runs them: it encodes their arguments,
 * decodes their replies, and keeps what this process knows to spare round trips and bytes.
 *
 * The pool's numbers are the caller's (the memory store gets them the same way), so Redis keeps only
 * a copy named by its hash: an acquire sends the hash, and the list itself only when this process has
 * not stored that list yet or the script answers 'reload' because Redis holds another one (another
 * process changed it, or it was lost). The check and the use are one script, so an acquire only ever
 * ranks exactly the caller's current list and a number removed from the pool is never offered again.
 * Processes that disagree on the list (during a configuration change) pay a reload each, nothing more.
 *
 * Most acquires are renewals (every heartbeat). A session this process has seen holding a live lease
 * is first renewed by the touch script; only when that finds no live lease does the full acquire run.
 * Each script is atomic and the acquire script still tries renewal first, so the two steps decide
 * exactly what one acquire would at the moment the second runs: a race between them costs a round
 * trip, never a number handed to two sessions.
 *
 * An exhausted pool is remembered inside Redis (the `full` entry, see lease-scripts.ts), so refusing
 * a new session costs no ranking of the list until a number can be free again.
 */
import { createHash } from 'node:crypto';
import {
  type Lease,
  type LeaseOutcome,
  type LeaseRequest,
  type LeaseResult,
  type LeaseStore,
  leaseWindowEnd,
} from '@calltrail/core';
import { ACQUIRE_SCRIPT, RESTORE_SCRIPT, TOUCH_SCRIPT } from './lease-scripts.ts';

/** What the store needs of a connected node-redis client (`createClient()` satisfies it). */
export interface LeaseScriptClient {
  evalSha(sha1: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

/**
 * How long a pool's keys outlive the last write beyond the longest hold. After that the pool has been
 * idle so long that who was free the longest no longer matters, and a deleted pool leaves nothing behind.
 */
export const DEFAULT_RETAIN_MS = 24 * 60 * 60_000;

// Leases per restore call: bounds both the argument list and how long one script blocks Redis.
const RESTORE_CHUNK = 500;
// Sessions whose lease this process remembers (see LiveLeaseHints). Live leases are at most the
// numbers of all pools together, so this covers every live lease of any realistic deployment; beyond
// it, the sessions heard from least recently lose only the cheap renewal.
const HINT_LIMIT = 50_000;

interface Script {
  source: string;
  sha1: string;
}

function script(source: string): Script {
  return { source, sha1: createHash('sha1').update(source).digest('hex') };
}

const scripts = {
  acquire: script(ACQUIRE_SCRIPT),
  touch: script(TOUCH_SCRIPT),
  restore: script(RESTORE_SCRIPT),
};

function replyStrings(reply: unknown): string[] {
  if (!Array.isArray(reply) || !reply.every((item) => typeof item === 'string')) {
    throw new Error(`unexpected reply from a lease script: ${JSON.stringify(reply)}`);
  }
  return reply;
}

const outcomes = new Set(['renewed', 'switched', 'returning', 'fresh', 'reused']);

function isOutcome(status: string | undefined): status is LeaseOutcome {
  return status !== undefined && outcomes.has(status);
}

const isText = (field: unknown) => typeof field === 'string';
const isTextOrNull = (field: unknown) => field === null || typeof field === 'string';

function parseLease(poolId: string, number: string, raw: string): Lease {
  const fields: unknown = JSON.parse(raw);
  if (
    !Array.isArray(fields) ||
    fields.length !== 9 ||
    !fields.slice(0, 6).every(isText) ||
    typeof fields[6] !== 'boolean' ||
    !fields.slice(7).every(isTextOrNull)
  ) {
    throw new Error(`malformed lease in Redis for ${number} of pool ${poolId}: ${raw}`);
  }
  const [id, sessionId, visitorId, startedAt, lastActivityAt, holdMs, confirmed, previous, reusedFrom] =
    fields as [string, string, string, string, string, string, boolean, string | null, string | null];
  return {
    id,
    poolId,
    number,
    sessionId,
    visitorId,
    startedAt: new Date(Number(startedAt)),
    lastActivityAt: new Date(Number(lastActivityAt)),
    holdMs: Number(holdMs),
    confirmed,
    previousLeaseId: previous,
    reusedFromSessionId: reusedFrom,
  };
}

/** The record the scripts store, in the layout documented in lease-scripts.ts. */
function record(lease: Lease): string {
  return JSON.stringify([
    lease.id,
    lease.sessionId,
    lease.visitorId,
    String(lease.startedAt.getTime()),
    String(lease.lastActivityAt.getTime()),
    String(lease.holdMs),
    lease.confirmed,
    lease.previousLeaseId,
    lease.reusedFromSessionId,
  ]);
}

/** A pool's list as this process last sent or was asked for it. */
interface PoolList {
  /** A copy: the caller's array is readonly to us, not to them. */
  numbers: readonly string[];
  hash: string;
  /** Whether this process has stored this list in Redis (it may have been replaced since). */
  stored: boolean;
}

/**
 * The name Redis keeps a list under. Hashing the JSON rather than the numbers joined by a separator
 * keeps two different lists from ever sharing the text hashed.
 */
function listHash(numbers: readonly string[]): string {
  return createHash('sha1').update(JSON.stringify(numbers)).digest('hex');
}

function sameNumbers(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Which sessions this process last saw holding a lease, and until when: a guess of which acquires are
 * renewals. Wrong guesses are safe: a lease taken over or expired meanwhile makes the renewal find
 * nothing and the full acquire run, and a lease renewed by another process is renewed by the full
 * acquire too. Oldest first, so the least recently heard-from session is the one to forget.
 */
class LiveLeaseHints {
  readonly #endByKey = new Map<string, number>();

  // Pool and session ids are our own and never contain a newline; a collision would only cost a guess.
  #key(poolId: string, sessionId: string): string {
    return `${poolId}\n${sessionId}`;
  }

  /** Whether the session's lease, as last seen here, is live at `now`. */
  live(poolId: string, sessionId: string, now: Date): boolean {
    const end = this.#endByKey.get(this.#key(poolId, sessionId));
    return end !== undefined && now.getTime() <= end;
  }

  saw(lease: Lease): void {
    const key = this.#key(lease.poolId, lease.sessionId);
    this.#endByKey.delete(key);
    this.#endByKey.set(key, leaseWindowEnd(lease).getTime());
    if (this.#endByKey.size > HINT_LIMIT) {
      const oldest = this.#endByKey.keys().next();
      if (!oldest.done) this.#endByKey.delete(oldest.value);
    }
  }

  forget(poolId: string, sessionId: string): void {
    this.#endByKey.delete(this.#key(poolId, sessionId));
  }
}

export class RedisLeaseStore implements LeaseStore {
  readonly #client: LeaseScriptClient;
  readonly #prefix: string;
  readonly #retainMs: number;
  readonly #hints = new LiveLeaseHints();
  readonly #lists = new Map<string, PoolList>();

  /**
   * `prefix` must not contain `{`: Redis Cluster hashes the first `{…}` of a key, which has to be the
   * pool id. Several processes share a pool by using the same Redis and the same prefix.
   */
  constructor(client: LeaseScriptClient, prefix = 'calltrail:', retainMs = DEFAULT_RETAIN_MS) {
    if (prefix.includes('{')) throw new Error('the Redis key prefix must not contain "{"');
    this.#client = client;
    this.#prefix = prefix;
    this.#retainMs = retainMs;
  }

  #keys(poolId: string): string[] {
    const base = `${this.#prefix}lease:{${poolId}}:`;
    return [
      `${base}free`,
      `${base}leases`,
      `${base}sessions`,
      `${base}visitors`,
      `${base}provisional`,
      `${base}numbers`,
      `${base}pool`,
    ];
  }

  async #run(script: Script, keys: string[], args: string[]): Promise<unknown> {
    const options = { keys, arguments: args };
    try {
      return await this.#client.evalSha(script.sha1, options);
    } catch (error) {
      // After a restart, failover or SCRIPT FLUSH the server no longer has the script; EVAL both
      // runs it and caches it again for the next EVALSHA.
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return this.#client.eval(script.source, options);
    }
  }

  async acquire(request: LeaseRequest): Promise<LeaseResult> {
    if (request.numbers.length === 0) return { ok: false, reason: 'pool_empty' };
    if (this.#hints.live(request.poolId, request.sessionId, request.now)) {
      const renewed = await this.touch(request.poolId, request.sessionId, request.now);
      if (renewed) return { ok: true, lease: renewed, outcome: 'renewed', previous: null };
    }
    const result = await this.#acquire(request);
    if (result.ok) {
      // The session that lost its number to a switch or a reuse would only try a renewal in vain.
      if (result.previous) this.#hints.forget(request.poolId, result.previous.sessionId);
      this.#hints.saw(result.lease);
    } else {
      this.#hints.forget(request.poolId, request.sessionId);
    }
    return result;
  }

  /**
   * The pool's list for these numbers. Compared by content every time, not trusted by array identity:
   * a caller editing its array in place must not leave Redis ranking the old numbers. Comparing is
   * far cheaper than hashing, which happens once per change of the list.
   */
  #list(poolId: string, numbers: readonly string[]): PoolList {
    const known = this.#lists.get(poolId);
    if (known && sameNumbers(known.numbers, numbers)) return known;
    const copy = [...numbers];
    const list: PoolList = { numbers: copy, hash: listHash(copy), stored: false };
    this.#lists.set(poolId, list);
    return list;
  }

  /** The acquire script: every rule of LeaseOutcome in one atomic step, on the pool's list. */
  async #acquire(request: LeaseRequest): Promise<LeaseResult> {
    const list = this.#list(request.poolId, request.numbers);
    const keys = this.#keys(request.poolId);
    const args = [
      String(request.now.getTime()),
      String(this.#retainMs),
      request.id,
      request.sessionId,
      request.visitorId,
      String(request.holdMs),
      request.reuseWhenExhausted ? '1' : '0',
      list.hash,
    ];
    let reply = replyStrings(
      await this.#run(scripts.acquire, keys, list.stored ? args : [...args, ...list.numbers]),
    );
    if (reply[0] === 'reload' && list.stored) {
      reply = replyStrings(await this.#run(scripts.acquire, keys, [...args, ...list.numbers]));
    }
    list.stored = true;
    const [status, number, raw, previous] = reply;
    if (status === 'exhausted') return { ok: false, reason: 'pool_exhausted' };
    if (!isOutcome(status) || number === undefined || raw === undefined) {
      throw new Error(`unexpected reply from the acquire script: ${JSON.stringify(reply)}`);
    }
    return {
      ok: true,
      lease: parseLease(request.poolId, number, raw),
      outcome: status,
      previous: previous === undefined ? null : parseLease(request.poolId, number, previous),
    };
  }

  async touch(poolId: string, sessionId: string, now: Date): Promise<Lease | null> {
    const reply = replyStrings(
      await this.#run(scripts.touch, this.#keys(poolId), [
        String(now.getTime()),
        String(this.#retainMs),
        sessionId,
      ]),
    );
    if (reply.length === 0) {
      this.#hints.forget(poolId, sessionId);
      return null;
    }
    const [number, raw] = reply;
    if (number === undefined || raw === undefined) {
      throw new Error(`unexpected reply from the touch script: ${JSON.stringify(reply)}`);
    }
    const lease = parseLease(poolId, number, raw);
    this.#hints.saw(lease);
    return lease;
  }

  async restore(leases: readonly Lease[]): Promise<void> {
    // One script per pool (a script may only touch one pool's slot), in the given order within a pool.
    const byPool = new Map<string, Lease[]>();
    for (const lease of leases) {
      const list = byPool.get(lease.poolId);
      if (list) list.push(lease);
      else byPool.set(lease.poolId, [lease]);
    }
    for (const [poolId, list] of byPool) {
      for (let start = 0; start < list.length; start += RESTORE_CHUNK) {
        const args = [String(this.#retainMs)];
        for (const lease of list.slice(start, start + RESTORE_CHUNK)) args.push(lease.number, record(lease));
        await this.#run(scripts.restore, this.#keys(poolId), args);
      }
    }
  }
}
