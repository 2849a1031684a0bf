/**
 * The multi-process lease store: a pool's leases live in Redis and every operation is one Lua script,
 * so several server processes share a pool without ever handing one number to two live sessions.
 *
 * Layout per pool P (the `{P}` hash tag keeps a pool's keys in one Redis Cluster slot, which a
 * multi-key script needs):
 *   <prefix>lease:{P}:free     ZSET  number → epoch ms its current or last lease ends (lastActivity + hold)
 *   <prefix>lease:{P}:leases   HASH  number → its current or last lease, a JSON array of strings
 *                                    [id, sessionId, visitorId, startedAt, lastActivityAt, holdMs]
 *   <prefix>lease:{P}:sessions HASH  session → the number it holds or held last
 *
 * The pool's numbers travel with each acquire as script arguments instead of living in a set kept in
 * sync: the caller already has them (the memory store gets them the same way), a pool is at most a few
 * thousand numbers, and a number removed from the pool is then simply never offered again.
 */
import { createHash } from 'node:crypto';
import type { Lease, LeaseRequest, LeaseResult, LeaseStore } from '@calltrail/core';

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

// Redis's Lua unpack() is limited by the C stack (~8000 values), so ZMSCORE reads numbers in chunks.
const SCORE_CHUNK = 1000;
// Leases per restore call: bounds both the argument list and how long one script blocks Redis.
const RESTORE_CHUNK = 500;

/** Shared by every script; KEYS are always [free, leases, sessions] of one pool. */
const PRELUDE = `
local FREE, LEASES, SESSIONS = KEYS[1], KEYS[2], KEYS[3]
local SESSION, LAST, HOLD = 2, 5, 6 -- fields of a lease record (see the layout above)

-- Integers as plain digits: a Lua number may otherwise be rendered in exponent form.
local function int(x) return string.format('%d', x) end

-- Keys expire long after the last write so abandoned pools vanish; never shorten a longer TTL
-- set for a lease with a longer hold. The TTL runs on Redis's clock, not on the passed-in now: it is
-- housekeeping only, and hold + retain outlasts any lease window written now or restored.
local function keep(hold, retain)
  local ttl = hold + retain
  for _, key in ipairs(KEYS) do
    local left = redis.call('PTTL', key)
    if left ~= -2 and left < ttl then redis.call('PEXPIRE', key, int(ttl)) end
  end
end

-- The session's live lease with its last activity moved to now, or nil.
local function renew(session, now, nowText, retain)
  local number = redis.call('HGET', SESSIONS, session)
  if not number then return nil end
  local raw = redis.call('HGET', LEASES, number)
  if not raw then return nil end
  local lease = cjson.decode(raw)
  local hold = tonumber(lease[HOLD])
  if lease[SESSION] ~= session or tonumber(lease[LAST]) + hold < now then return nil end
  lease[LAST] = nowText
  raw = cjson.encode(lease)
  redis.call('HSET', LEASES, number, raw)
  redis.call('ZADD', FREE, int(now + hold), number)
  keep(hold, retain)
  return { number, raw }
end

-- Drops the previous holder's session entry once its number goes to someone else, so the sessions
-- hash stays as small as the pool instead of growing with every session ever seen.
local function forgetPreviousHolder(number, raw, session)
  if not raw then return end
  local owner = cjson.decode(raw)[SESSION]
  if owner ~= session and redis.call('HGET', SESSIONS, owner) == number then
    redis.call('HDEL', SESSIONS, owner)
  end
end
`;

/** ARGV: now, retainMs, id, sessionId, visitorId, holdMs, number... */
const ACQUIRE = `${PRELUDE}
local now, retain, session = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[4]
local renewed = renew(session, now, ARGV[1], retain)
if renewed then return { 'renewed', renewed[1], renewed[2] } end

-- The number free the longest: a never-leased one (free since -infinity) wins at once; otherwise the
-- smallest end among ended leases, the earlier argument winning a tie.
local best, bestFreeAt, neverLeased = nil, nil, false
for first = 7, #ARGV, ${SCORE_CHUNK} do
  local scores = redis.call('ZMSCORE', FREE, unpack(ARGV, first, math.min(first + ${SCORE_CHUNK - 1}, #ARGV)))
  for k = 1, #scores do
    local number, score = ARGV[first + k - 1], scores[k]
    if not score then
      best, neverLeased = number, true
      break
    end
    local freeAt = tonumber(score)
    if freeAt < now and (best == nil or freeAt < bestFreeAt) then best, bestFreeAt = number, freeAt end
  end
  if neverLeased then break end
end
if not best then return { 'exhausted' } end

forgetPreviousHolder(best, redis.call('HGET', LEASES, best), session)
local hold = tonumber(ARGV[6])
local raw = cjson.encode({ ARGV[3], session, ARGV[5], ARGV[1], ARGV[1], ARGV[6] })
redis.call('HSET', LEASES, best, raw)
redis.call('HSET', SESSIONS, session, best)
redis.call('ZADD', FREE, int(now + hold), best)
keep(hold, retain)
return { 'fresh', best, raw }
`;

/** ARGV: now, retainMs, sessionId */
const TOUCH = `${PRELUDE}
local renewed = renew(ARGV[3], tonumber(ARGV[1]), ARGV[1], tonumber(ARGV[2]))
if renewed then return { 'renewed', renewed[1], renewed[2] } end
return {}
`;

/** ARGV: retainMs, then per lease: number, id, sessionId, visitorId, startedAt, lastActivityAt, holdMs */
const RESTORE = `${PRELUDE}
local retain, longest = tonumber(ARGV[1]), nil
for i = 2, #ARGV, 7 do
  local number, session, lastText, holdText = ARGV[i], ARGV[i + 2], ARGV[i + 5], ARGV[i + 6]
  local last, hold = tonumber(lastText), tonumber(holdText)
  local current = redis.call('HGET', LEASES, number)
  -- Keep whichever is newer, so restoring stale history never undoes a lease taken meanwhile.
  if not current or tonumber(cjson.decode(current)[LAST]) < last then
    forgetPreviousHolder(number, current, session)
    redis.call('HSET', LEASES, number, cjson.encode({ ARGV[i + 1], session, ARGV[i + 3], ARGV[i + 4], lastText, holdText }))
    redis.call('HSET', SESSIONS, session, number)
    redis.call('ZADD', FREE, int(last + hold), number)
    if longest == nil or hold > longest then longest = hold end
  end
end
if longest then keep(longest, retain) end
return 'OK'
`;

interface Script {
  source: string;
  sha1: string;
}

function script(source: string): Script {
  return { source, sha1: createHash('sha1').update(source).digest('hex') };
}

const scripts = { acquire: script(ACQUIRE), touch: script(TOUCH), restore: script(RESTORE) };

function replyStrings(reply: unknown): string[] {
  if (!Array.isArray(reply) || !reply.every((item) => typeof item === 'string')) {
    throw new Error(`unexpected reply from a lease script: ${JSON.stringify(reply)}`);
  }
  return reply;
}

function parseLease(poolId: string, number: string, raw: string): Lease {
  const fields: unknown = JSON.parse(raw);
  if (!Array.isArray(fields) || fields.length !== 6 || !fields.every((f) => typeof f === 'string')) {
    throw new Error(`malformed lease in Redis for ${number} of pool ${poolId}: ${raw}`);
  }
  const [id, sessionId, visitorId, startedAt, lastActivityAt, holdMs] = fields as string[];
  return {
    id: id!,
    poolId,
    number,
    sessionId: sessionId!,
    visitorId: visitorId!,
    startedAt: new Date(Number(startedAt)),
    lastActivityAt: new Date(Number(lastActivityAt)),
    holdMs: Number(holdMs),
  };
}

export class RedisLeaseStore implements LeaseStore {
  readonly #client: LeaseScriptClient;
  readonly #prefix: string;
  readonly #retainMs: number;

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
    return [`${base}free`, `${base}leases`, `${base}sessions`];
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
    const reply = replyStrings(
      await this.#run(scripts.acquire, this.#keys(request.poolId), [
        String(request.now.getTime()),
        String(this.#retainMs),
        request.id,
        request.sessionId,
        request.visitorId,
        String(request.holdMs),
        ...request.numbers,
      ]),
    );
    const [status, number, raw] = reply;
    if (status === 'exhausted') return { ok: false, reason: 'pool_exhausted' };
    if ((status !== 'fresh' && status !== 'renewed') || number === undefined || raw === undefined) {
      throw new Error(`unexpected reply from the acquire script: ${JSON.stringify(reply)}`);
    }
    return { ok: true, lease: parseLease(request.poolId, number, raw), fresh: status === 'fresh' };
  }

  async touch(poolId: string, sessionId: string, now: Date): Promise<Lease | null> {
    const reply = replyStrings(
      await this.#run(scripts.touch, this.#keys(poolId), [
        String(now.getTime()),
        String(this.#retainMs),
        sessionId,
      ]),
    );
    if (reply.length === 0) return null;
    const [, number, raw] = reply;
    if (number === undefined || raw === undefined) {
      throw new Error(`unexpected reply from the touch script: ${JSON.stringify(reply)}`);
    }
    return parseLease(poolId, number, raw);
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
        for (const lease of list.slice(start, start + RESTORE_CHUNK)) {
          args.push(
            lease.number,
            lease.id,
            lease.sessionId,
            lease.visitorId,
            String(lease.startedAt.getTime()),
            String(lease.lastActivityAt.getTime()),
            String(lease.holdMs),
          );
        }
        await this.#run(scripts.restore, this.#keys(poolId), args);
      }
    }
  }
}
