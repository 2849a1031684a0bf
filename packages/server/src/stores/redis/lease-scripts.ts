/**
 * The Lua scripts behind RedisLeaseStore (lease-store.ts): each operation on a pool is one script, so
 * it runs atomically however many server processes share the pool. They follow the memory store in core
 * rule for rule; lease-store.ts encodes their arguments and decodes their replies.
 *
 * Layout per pool P (the `{P}` hash tag keeps a pool's keys in one Redis Cluster slot, which a
 * multi-key script needs):
 *   <prefix>lease:{P}:free        ZSET  number → epoch ms its current or last lease's window ends
 *   <prefix>lease:{P}:leases      HASH  number → its current or last lease, a JSON array
 *                                       [id, sessionId, visitorId, startedAt, lastActivityAt, holdMs,
 *                                        confirmed, previousLeaseId, reusedFromSessionId]
 *                                       (times and hold as strings of digits, the last two may be null)
 *   <prefix>lease:{P}:sessions    HASH  session → the number it holds or held last
 *   <prefix>lease:{P}:visitors    HASH  visitor → the number it holds or held last
 *   <prefix>lease:{P}:provisional SET   numbers whose current or last lease is unconfirmed
 *   <prefix>lease:{P}:numbers     LIST  the pool's numbers as last sent by a caller, in its order
 *   <prefix>lease:{P}:pool        HASH  hash → sha1 of that list (see listHash in lease-store.ts)
 *                                       full → epoch ms up to which no number of the list can be
 *                                              free (absent when not known)
 * A session or visitor entry is dropped when its number goes to another session or visitor, so both
 * hashes stay as small as the pool.
 *
 * The acquire script ranks only the list Redis holds under the caller's hash and otherwise asks for the
 * list ('reload'), so it never offers a number the caller removed from the pool.
 *
 * Once a pool runs out, most acquires are new sessions that will be refused, and ranking the whole
 * list just to learn that again made an exhausted pool cost as much as a new lease. So a scan that
 * finds nothing free stores the earliest window end among the list's numbers as `full`, and until
 * then an acquire that gets no renewal, switch or returning number answers at once. This holds
 * because every listed number has a window end of at least `full`: every write of a window end
 * lowers `full` to it when below (a reuse or a switch to a shorter hold does shorten a window), a
 * new list drops it, and a restore drops it too.
 *
 * ZMSCORE and SMISMEMBER need Redis 6.2 or later.
 */
import { provisionalLeaseMs } from '@calltrail/core';

// Redis's Lua unpack() is limited by the C stack (~8000 values), so the scripts read numbers in chunks.
const SCORE_CHUNK = 1000;

/**
 * Shared by every script; KEYS are always [free, leases, sessions, visitors, provisional, numbers, pool]
 * of one pool.
 */
export const PRELUDE = `
local FREE, LEASES, SESSIONS, VISITORS, PROVISIONAL = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local NUMBERS, POOL = KEYS[6], KEYS[7]
-- Fields of a lease record (see the layout above).
local ID, SESSION, VISITOR, STARTED, LAST, HOLD, CONFIRMED, PREVIOUS, REUSED_FROM = 1, 2, 3, 4, 5, 6, 7, 8, 9
local PROVISIONAL_MS = ${provisionalLeaseMs}

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

-- Records written before provisional leases existed have six fields, and every lease was confirmed then.
local function load(raw)
  local lease = cjson.decode(raw)
  if lease[CONFIRMED] == nil then
    lease[CONFIRMED], lease[PREVIOUS], lease[REUSED_FROM] = true, cjson.null, cjson.null
  end
  return lease
end

-- leaseWindowEnd() of core's lease.ts.
local function windowEnd(lease)
  local hold = tonumber(lease[HOLD])
  if lease[CONFIRMED] then return tonumber(lease[LAST]) + hold end
  return tonumber(lease[STARTED]) + math.min(PROVISIONAL_MS, hold)
end

-- Stores the lease as its number's current one; the free and provisional entries follow it.
local function put(number, lease)
  local raw, ends = cjson.encode(lease), windowEnd(lease)
  redis.call('HSET', LEASES, number, raw)
  redis.call('ZADD', FREE, int(ends), number)
  -- 'full' must stay at or below every listed number's window end, and a new lease can end sooner
  -- than the one it replaces (a reuse is provisional, a switch may have a shorter hold), as can a
  -- renewal passed an older now than the last one.
  local full = redis.call('HGET', POOL, 'full')
  if full and ends < tonumber(full) then redis.call('HSET', POOL, 'full', int(ends)) end
  if lease[CONFIRMED] then
    redis.call('SREM', PROVISIONAL, number)
  else
    redis.call('SADD', PROVISIONAL, number)
  end
  return raw
end

-- Gives the number to a new lease. The previous holder's session and visitor entries are dropped once
-- the number goes to someone else, so both hashes stay as small as the pool instead of growing with
-- every session and visitor ever seen.
local function give(number, lease, replaced)
  if replaced then
    local owner, visitor = replaced[SESSION], replaced[VISITOR]
    if owner ~= lease[SESSION] and redis.call('HGET', SESSIONS, owner) == number then
      redis.call('HDEL', SESSIONS, owner)
    end
    if visitor ~= lease[VISITOR] and redis.call('HGET', VISITORS, visitor) == number then
      redis.call('HDEL', VISITORS, visitor)
    end
  end
  redis.call('HSET', SESSIONS, lease[SESSION], number)
  redis.call('HSET', VISITORS, lease[VISITOR], number)
  return put(number, lease)
end

-- The session's live lease on the number, with its last activity moved to now and confirmed, as
-- { number, record }; else nil.
local function renew(number, session, now, nowText, retain)
  if not number then return nil end
  local raw = redis.call('HGET', LEASES, number)
  if not raw then return nil end
  local lease = load(raw)
  if lease[SESSION] ~= session or windowEnd(lease) < now then return nil end
  lease[LAST], lease[CONFIRMED] = nowText, true
  raw = put(number, lease)
  keep(tonumber(lease[HOLD]), retain)
  return { number, raw }
end
`;

/**
 * ARGV: now, retainMs, id, sessionId, visitorId, holdMs, reuse ('1' or '0'), listHash, then the pool's
 * numbers or nothing. Without the numbers it answers { 'reload' } when Redis holds another list.
 */
export const ACQUIRE_SCRIPT = `${PRELUDE}
local nowText, retain, session, visitor = ARGV[1], tonumber(ARGV[2]), ARGV[4], ARGV[5]
local now, hold, hash, FIRST = tonumber(nowText), tonumber(ARGV[6]), ARGV[8], 9

-- A new lease for this session on the number, which 'replaced' held until now; 'previous' is the lease
-- it takes the number from when that one was still live.
local function start(outcome, number, replaced, previous)
  local lease = { ARGV[3], session, visitor, nowText, nowText, ARGV[6], false, cjson.null, cjson.null }
  if previous then
    lease[PREVIOUS] = previous[ID]
    if outcome == 'switched' then lease[CONFIRMED] = previous[CONFIRMED] else lease[REUSED_FROM] = previous[SESSION] end
  end
  local raw = give(number, lease, replaced)
  keep(hold, retain)
  if previous then return { outcome, number, raw, cjson.encode(previous) } end
  return { outcome, number, raw }
end

-- Whether Redis holds the caller's list. A missing list with its hash still present (an evicted key)
-- counts as another list: the caller never sends an empty one.
local function current()
  return redis.call('HGET', POOL, 'hash') == hash and redis.call('EXISTS', NUMBERS) == 1
end

if #ARGV >= FIRST and not current() then
  redis.call('DEL', NUMBERS)
  for first = FIRST, #ARGV, ${SCORE_CHUNK} do
    redis.call('RPUSH', NUMBERS, unpack(ARGV, first, math.min(first + ${SCORE_CHUNK - 1}, #ARGV)))
  end
  -- What was exhausted for the old list says nothing about numbers new to this one.
  redis.call('HDEL', POOL, 'full')
  redis.call('HSET', POOL, 'hash', hash)
  -- The list must expire with the pool even if no lease is written now.
  keep(hold, retain)
end

-- A renewal needs no numbers, so it is answered whatever list Redis holds.
local renewed = renew(redis.call('HGET', SESSIONS, session), session, now, nowText, retain)
if renewed then return { 'renewed', renewed[1], renewed[2] } end

if not current() then return { 'reload' } end
local count = redis.call('LLEN', NUMBERS)

-- The numbers of the list from position 'first' (1-based) on, at most one chunk of them.
local function chunk(first)
  return redis.call('LRANGE', NUMBERS, first - 1, first + ${SCORE_CHUNK - 2})
end

local last = redis.call('HGET', VISITORS, visitor)
local lastRaw = last and redis.call('LPOS', NUMBERS, last) and redis.call('HGET', LEASES, last)
if lastRaw then
  local lease = load(lastRaw)
  if windowEnd(lease) < now then return start('returning', last, lease, nil) end
  if lease[SESSION] ~= session then return start('switched', last, lease, lease) end
  -- Only restored history can point the session elsewhere while it still holds this number live.
  renewed = renew(last, session, now, nowText, retain)
  return { 'renewed', renewed[1], renewed[2] }
end

local full = redis.call('HGET', POOL, 'full')
if not full or now > tonumber(full) then
  -- The number free the longest: a never-leased one wins at once; then numbers whose last lease was
  -- confirmed, then those whose last lease expired unconfirmed, each by the earliest end, the earlier
  -- one in the list winning a tie.
  local best, bestTier, bestEnd, earliest = nil, nil, nil, nil
  for first = 1, count, ${SCORE_CHUNK} do
    local numbers = chunk(first)
    local ends = redis.call('ZMSCORE', FREE, unpack(numbers))
    local provisional = redis.call('SMISMEMBER', PROVISIONAL, unpack(numbers))
    for k = 1, #ends do
      local number = numbers[k]
      if not ends[k] then
        best, bestTier = number, 0
        break
      end
      local freeAt = tonumber(ends[k])
      if earliest == nil or freeAt < earliest then earliest = freeAt end
      if freeAt < now then
        local tier = provisional[k] == 1 and 2 or 1
        if best == nil or tier < bestTier or (tier == bestTier and freeAt < bestEnd) then
          best, bestTier, bestEnd = number, tier, freeAt
        end
      end
    end
    if bestTier == 0 then break end
  end
  if best then
    local raw = redis.call('HGET', LEASES, best)
    return start('fresh', best, raw and load(raw), nil)
  end
  -- Every listed number has a window end, none before now: none can be free before the earliest.
  redis.call('HSET', POOL, 'full', int(earliest))
end
if ARGV[7] ~= '1' then return { 'exhausted' } end

-- Nothing is free, so every listed number has a live lease: take the one idle the longest. Only an
-- exhausted pool that reuses gets here, so reading every record costs nothing the others pay.
local victim, victimNumber, victimLast = nil, nil, nil
for first = 1, count, ${SCORE_CHUNK} do
  local numbers = chunk(first)
  local raws = redis.call('HMGET', LEASES, unpack(numbers))
  for k = 1, #raws do
    if raws[k] then
      local lease = load(raws[k])
      local activity = tonumber(lease[LAST])
      if victim == nil or activity < victimLast then
        victim, victimNumber, victimLast = lease, numbers[k], activity
      end
    end
  end
end
if not victim then return { 'exhausted' } end
return start('reused', victimNumber, victim, victim)
`;

/** ARGV: now, retainMs, sessionId */
export const TOUCH_SCRIPT = `${PRELUDE}
local session = ARGV[3]
return renew(redis.call('HGET', SESSIONS, session), session, tonumber(ARGV[1]), ARGV[1], tonumber(ARGV[2])) or {}
`;

/** ARGV: retainMs, then per lease: number, its record */
export const RESTORE_SCRIPT = `${PRELUDE}
local retain, longest = tonumber(ARGV[1]), nil
-- Restored leases may end before 'full', and history is rare enough to simply rank the list again.
redis.call('HDEL', POOL, 'full')
for i = 2, #ARGV, 2 do
  local number, lease = ARGV[i], load(ARGV[i + 1])
  local currentRaw = redis.call('HGET', LEASES, number)
  local current = currentRaw and load(currentRaw)
  -- Keep whichever is newer, so restoring stale history never undoes a lease taken meanwhile.
  if not current or tonumber(current[LAST]) < tonumber(lease[LAST]) then
    give(number, lease, current)
    local hold = tonumber(lease[HOLD])
    if longest == nil or hold > longest then longest = hold end
  end
end
if longest then keep(longest, retain) end
return 'OK'
`;
