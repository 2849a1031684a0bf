/**
 * The single-process lease store, in core because it is pure: the server uses it without Redis, and the
 * simulator runs the very code the server runs. Live leases are rebuilt from the lease history on start.
 *
 * Every page view and heartbeat is an acquire, so finding the number free the longest must not scan the
 * pool: each pool keeps an index of its numbers (see Offer) and leases are kept with epoch-ms times, so
 * ranking numbers allocates nothing. Dates are made only for what a caller gets back.
 */
import {
  type Lease,
  type LeaseOutcome,
  type LeaseRequest,
  type LeaseResult,
  type LeaseStore,
  provisionalLeaseMs,
} from './lease.ts';

/**
 * A lease as the store keeps it. Never changed once stored: a renewal stores a new record, so an index
 * entry is current exactly while its record is still its number's record.
 */
interface Held {
  readonly id: string;
  readonly poolId: string;
  readonly number: string;
  readonly sessionId: string;
  readonly visitorId: string;
  readonly startedAtMs: number;
  readonly lastActivityAtMs: number;
  readonly holdMs: number;
  readonly confirmed: boolean;
  readonly previousLeaseId: string | null;
  readonly reusedFromSessionId: string | null;
  /** leaseWindowEnd() in ms: the number is free once now is past it. */
  readonly endMs: number;
}

// leaseWindowEnd() of lease.ts, in ms.
function windowEndMs(held: Omit<Held, 'endMs'>): number {
  if (!held.confirmed) return held.startedAtMs + Math.min(provisionalLeaseMs, held.holdMs);
  return held.lastActivityAtMs + held.holdMs;
}

// Field by field rather than by spreading: every record then shares one object shape, which keeps the
// hot paths monomorphic.
function held(fields: Omit<Held, 'endMs'>): Held {
  return {
    id: fields.id,
    poolId: fields.poolId,
    number: fields.number,
    sessionId: fields.sessionId,
    visitorId: fields.visitorId,
    startedAtMs: fields.startedAtMs,
    lastActivityAtMs: fields.lastActivityAtMs,
    holdMs: fields.holdMs,
    confirmed: fields.confirmed,
    previousLeaseId: fields.previousLeaseId,
    reusedFromSessionId: fields.reusedFromSessionId,
    endMs: windowEndMs(fields),
  };
}

function fromLease(lease: Lease): Held {
  return held({
    id: lease.id,
    poolId: lease.poolId,
    number: lease.number,
    sessionId: lease.sessionId,
    visitorId: lease.visitorId,
    startedAtMs: lease.startedAt.getTime(),
    lastActivityAtMs: lease.lastActivityAt.getTime(),
    holdMs: lease.holdMs,
    confirmed: lease.confirmed,
    previousLeaseId: lease.previousLeaseId,
    reusedFromSessionId: lease.reusedFromSessionId,
  });
}

/** Fresh Dates every time, so a caller changing what it got back cannot move a stored lease. */
function toLease(lease: Held): Lease {
  return {
    id: lease.id,
    poolId: lease.poolId,
    number: lease.number,
    sessionId: lease.sessionId,
    visitorId: lease.visitorId,
    startedAt: new Date(lease.startedAtMs),
    lastActivityAt: new Date(lease.lastActivityAtMs),
    holdMs: lease.holdMs,
    confirmed: lease.confirmed,
    previousLeaseId: lease.previousLeaseId,
    reusedFromSessionId: lease.reusedFromSessionId,
  };
}

/** A record in a ranking heap, with its number's position in the list the heap was built for. */
interface Slot {
  held: Held;
  position: number;
}

// Free the longest first: the earlier window end, then, on a tie, the number earlier in the pool's list.
function before(a: Slot, b: Slot): boolean {
  return a.held.endMs < b.held.endMs || (a.held.endMs === b.held.endMs && a.position < b.position);
}

/** A binary min-heap of slots ordered by `before`. */
class WindowHeap {
  #slots: Slot[] = [];

  get size(): number {
    return this.#slots.length;
  }

  peek(): Slot | undefined {
    return this.#slots[0];
  }

  push(slot: Slot): void {
    const slots = this.#slots;
    let i = slots.length;
    slots.push(slot);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(slot, slots[parent]!)) break;
      slots[i] = slots[parent]!;
      i = parent;
    }
    slots[i] = slot;
  }

  pop(): void {
    const slots = this.#slots;
    const last = slots.pop();
    if (last === undefined || slots.length === 0) return;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= slots.length) break;
      const right = left + 1;
      const child = right < slots.length && before(slots[right]!, slots[left]!) ? right : left;
      if (!before(slots[child]!, last)) break;
      slots[i] = slots[child]!;
      i = child;
    }
    slots[i] = last;
  }

  /** Keeps only the slots `keep` accepts. */
  compact(keep: (slot: Slot) => boolean): void {
    const kept = this.#slots.filter(keep);
    this.#slots = [];
    for (const slot of kept) this.push(slot);
  }
}

// Among free numbers, those whose last lease expired unconfirmed come last, whenever they ended. Such a
// window ends 15 s after it starts, so "free the longest" alone would hand these numbers out first, to
// be shown again at once to someone else while whoever glimpsed them may still call.
const LAST_CONFIRMED = 0;
const LAST_UNCONFIRMED = 1;

/**
 * Which of one list of a pool's numbers is free the longest, without looking at every number:
 * - never-leased numbers win at once, in list order, and a number once leased always has a record, so
 *   one cursor over the list finds them;
 * - every other number of the list sits in the heap of its tier, keyed by its window end (the earliest
 *   end is free the longest, if any is free at all). Each new record of a number (a new lease or a
 *   renewal) is pushed, and the entries it supersedes are dropped when they reach the top.
 * Positions, the cursor and ties depend on the list, so an offer serves one list: a different list
 * (the pool's numbers changed) gets a new offer. Arrays are compared by identity first, then by
 * content, so a caller passing an equal copy each time (a reloaded configuration) keeps the index.
 */
interface Offer {
  /** The array last seen; the same array again needs no comparison. */
  source: readonly string[];
  /** The list's content when the offer was built, to compare a new array with. */
  numbers: readonly string[];
  /** number → its first position in the list (a duplicate ranks where the scan met it first). */
  position: Map<string, number>;
  /** Every number before this position of the list has had a lease. */
  cursor: number;
  /** By tier: LAST_CONFIRMED, LAST_UNCONFIRMED. */
  tiers: [WindowHeap, WindowHeap];
}

interface PoolState {
  /** number → its current or most recent lease */
  byNumber: Map<string, Held>;
  /** session → the number it holds or held last, kept only while that number's last lease is the session's */
  bySession: Map<string, string>;
  /** visitor → the number it holds or held last, kept only while that number's last lease is the visitor's */
  byVisitor: Map<string, string>;
  /** Built on the first acquire that needs a free number, and again when the pool's numbers change. */
  offer: Offer | null;
}

function sameNumbers(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export class MemoryLeaseStore implements LeaseStore {
  readonly #pools = new Map<string, PoolState>();

  #pool(poolId: string): PoolState {
    let pool = this.#pools.get(poolId);
    if (!pool) {
      pool = { byNumber: new Map(), bySession: new Map(), byVisitor: new Map(), offer: null };
      this.#pools.set(poolId, pool);
    }
    return pool;
  }

  /** The pool's offer for these numbers, built anew when they differ from the last ones. */
  #offer(pool: PoolState, numbers: readonly string[]): Offer {
    const offer = pool.offer;
    if (offer && (offer.source === numbers || sameNumbers(offer.numbers, numbers))) {
      offer.source = numbers;
      return offer;
    }
    return this.#rebuild(pool, numbers);
  }

  #rebuild(pool: PoolState, numbers: readonly string[]): Offer {
    const position = new Map<string, number>();
    numbers.forEach((number, i) => {
      if (!position.has(number)) position.set(number, i);
    });
    const offer: Offer = {
      source: numbers,
      numbers: [...numbers],
      position,
      cursor: 0,
      tiers: [new WindowHeap(), new WindowHeap()],
    };
    pool.offer = offer;
    for (const [number, i] of position) {
      const lease = pool.byNumber.get(number);
      if (lease)
        offer.tiers[lease.confirmed ? LAST_CONFIRMED : LAST_UNCONFIRMED].push({ held: lease, position: i });
    }
    return offer;
  }

  /** Makes the record its number's current one and ranks it in the pool's offer. */
  #store(pool: PoolState, lease: Held): void {
    pool.byNumber.set(lease.number, lease);
    const offer = pool.offer;
    const position = offer?.position.get(lease.number);
    if (offer === null || position === undefined) return;
    const heap = offer.tiers[lease.confirmed ? LAST_CONFIRMED : LAST_UNCONFIRMED];
    heap.push({ held: lease, position });
    // Renewals push without popping, and only acquires that look for a free number drop superseded
    // entries: a pool that renews for hours without a new session would otherwise grow its heap
    // without bound. Compacting at twice the list keeps it linear in the pool at amortized O(log n).
    if (heap.size > 2 * offer.numbers.length + 16) {
      heap.compact((slot) => pool.byNumber.get(slot.held.number) === slot.held);
    }
  }

  #liveLeaseOf(pool: PoolState, sessionId: string, nowMs: number): Held | null {
    const number = pool.bySession.get(sessionId);
    if (number === undefined) return null;
    const lease = pool.byNumber.get(number);
    if (!lease || lease.sessionId !== sessionId || nowMs > lease.endMs) return null;
    return lease;
  }

  /** Puts the lease on its number, forgetting the previous holder so the maps stay as small as the pool. */
  #give(pool: PoolState, lease: Held): void {
    const replaced = pool.byNumber.get(lease.number);
    if (replaced) {
      if (replaced.sessionId !== lease.sessionId && pool.bySession.get(replaced.sessionId) === lease.number) {
        pool.bySession.delete(replaced.sessionId);
      }
      if (replaced.visitorId !== lease.visitorId && pool.byVisitor.get(replaced.visitorId) === lease.number) {
        pool.byVisitor.delete(replaced.visitorId);
      }
    }
    this.#store(pool, lease);
    pool.bySession.set(lease.sessionId, lease.number);
    pool.byVisitor.set(lease.visitorId, lease.number);
  }

  #start(
    pool: PoolState,
    request: LeaseRequest,
    number: string,
    outcome: LeaseOutcome,
    previous: Held | null,
  ): LeaseResult {
    const nowMs = request.now.getTime();
    const lease = held({
      id: request.id,
      poolId: request.poolId,
      number,
      sessionId: request.sessionId,
      visitorId: request.visitorId,
      startedAtMs: nowMs,
      lastActivityAtMs: nowMs,
      holdMs: request.holdMs,
      // A switch only moves the visitor's number to their new session: the page was already confirmed.
      confirmed: outcome === 'switched' && previous !== null && previous.confirmed,
      previousLeaseId: previous?.id ?? null,
      reusedFromSessionId: outcome === 'reused' && previous ? previous.sessionId : null,
    });
    this.#give(pool, lease);
    return { ok: true, lease: toLease(lease), outcome, previous: previous && toLease(previous) };
  }

  #renew(pool: PoolState, lease: Held, nowMs: number): Lease {
    const renewed = held({ ...lease, lastActivityAtMs: nowMs, confirmed: true });
    this.#store(pool, renewed);
    return toLease(renewed);
  }

  /**
   * The number of the list free the longest, or null when none is. The same array is trusted to hold
   * the same numbers, but every pick is checked against the array itself: a caller that edited the
   * array in place after passing it (it is readonly to us, not to them) gets the offer rebuilt rather
   * than a number no longer in it.
   */
  #freeNumber(pool: PoolState, numbers: readonly string[], nowMs: number): string | null {
    const offer = this.#offer(pool, numbers);
    while (offer.cursor < numbers.length && pool.byNumber.has(numbers[offer.cursor]!)) offer.cursor++;
    if (offer.cursor < numbers.length) return numbers[offer.cursor]!;
    for (const heap of offer.tiers) {
      for (let top = heap.peek(); top !== undefined; top = heap.peek()) {
        if (pool.byNumber.get(top.held.number) !== top.held) {
          heap.pop();
          continue;
        }
        // The earliest end of the tier: if it is still live, so is every other number of the tier.
        if (nowMs <= top.held.endMs) break;
        if (numbers[top.position] !== top.held.number) {
          this.#rebuild(pool, numbers);
          return this.#freeNumber(pool, numbers, nowMs);
        }
        return top.held.number;
      }
    }
    return null;
  }

  /** Whether the number is in the list, checked against the array as in #freeNumber. */
  #offered(pool: PoolState, numbers: readonly string[], number: string): boolean {
    const position = this.#offer(pool, numbers).position.get(number);
    if (position === undefined || numbers[position] === number) return position !== undefined;
    return this.#rebuild(pool, numbers).position.has(number);
  }

  async acquire(request: LeaseRequest): Promise<LeaseResult> {
    const { numbers } = request;
    if (numbers.length === 0) return { ok: false, reason: 'pool_empty' };
    const pool = this.#pool(request.poolId);
    const nowMs = request.now.getTime();
    const own = this.#liveLeaseOf(pool, request.sessionId, nowMs);
    if (own) return { ok: true, lease: this.#renew(pool, own, nowMs), outcome: 'renewed', previous: null };

    const last = pool.byVisitor.get(request.visitorId);
    const lastLease = last === undefined ? undefined : pool.byNumber.get(last);
    if (last !== undefined && lastLease && this.#offered(pool, numbers, last)) {
      if (nowMs > lastLease.endMs) return this.#start(pool, request, last, 'returning', null);
      if (lastLease.sessionId !== request.sessionId) {
        return this.#start(pool, request, last, 'switched', lastLease);
      }
      // Only restored history can point the session elsewhere while it still holds this number live.
      return {
        ok: true,
        lease: this.#renew(pool, lastLease, nowMs),
        outcome: 'renewed',
        previous: null,
      };
    }

    const free = this.#freeNumber(pool, numbers, nowMs);
    if (free !== null) return this.#start(pool, request, free, 'fresh', null);

    if (!request.reuseWhenExhausted) return { ok: false, reason: 'pool_exhausted' };
    // Nothing is free, so every offered number has a live lease: take the one idle the longest. Only an
    // exhausted pool that reuses gets here, so a scan costs nothing on the common paths.
    let victim: Held | null = null;
    for (const number of numbers) {
      const lease = pool.byNumber.get(number);
      if (lease && (!victim || lease.lastActivityAtMs < victim.lastActivityAtMs)) victim = lease;
    }
    if (!victim) return { ok: false, reason: 'pool_exhausted' };
    return this.#start(pool, request, victim.number, 'reused', victim);
  }

  async touch(poolId: string, sessionId: string, now: Date): Promise<Lease | null> {
    const pool = this.#pools.get(poolId);
    if (!pool) return null;
    const nowMs = now.getTime();
    const live = this.#liveLeaseOf(pool, sessionId, nowMs);
    return live && this.#renew(pool, live, nowMs);
  }

  async restore(leases: readonly Lease[]): Promise<void> {
    for (const lease of leases) {
      const pool = this.#pool(lease.poolId);
      const current = pool.byNumber.get(lease.number);
      // Keep whichever is newer, so restoring stale history never undoes a lease taken meanwhile.
      if (current && current.lastActivityAtMs >= lease.lastActivityAt.getTime()) continue;
      this.#give(pool, fromLease(lease));
    }
  }
}
