/**
 * Slows password guessing in memory: after too many failed log-ins for one email from one address,
 * that pair waits out the rest of the window. Per process, which suits a single-node install.
 */

export interface LoginThrottle {
  /** Seconds the pair must still wait, or 0 when it may try. */
  retryAfter(email: string, ip: string, now: Date): number;
  failed(email: string, ip: string, now: Date): void;
  succeeded(email: string, ip: string): void;
}

interface Failures {
  count: number;
  since: number;
}

export function loginThrottle({
  maxFailures = 10,
  windowMs = 15 * 60_000,
  maxKeys = 10_000,
} = {}): LoginThrottle {
  const failures = new Map<string, Failures>();
  const key = (email: string, ip: string) => `${email.trim().toLowerCase()}\n${ip}`;
  const live = (entry: Failures | undefined, now: number): entry is Failures =>
    entry !== undefined && now - entry.since < windowMs;

  function makeRoom(now: number): void {
    for (const [k, entry] of failures) if (!live(entry, now)) failures.delete(k);
    // Still full (many addresses at once): forget the oldest rather than grow without bound.
    for (const k of failures.keys()) {
      if (failures.size < maxKeys) break;
      failures.delete(k);
    }
  }

  return {
    retryAfter(email, ip, now) {
      const entry = failures.get(key(email, ip));
      if (!live(entry, now.getTime()) || entry.count < maxFailures) return 0;
      return Math.ceil((entry.since + windowMs - now.getTime()) / 1000);
    },
    failed(email, ip, now) {
      const k = key(email, ip);
      const entry = failures.get(k);
      if (live(entry, now.getTime())) {
        entry.count += 1;
        return;
      }
      if (failures.size >= maxKeys) makeRoom(now.getTime());
      failures.set(k, { count: 1, since: now.getTime() });
    },
    succeeded(email, ip) {
      failures.delete(key(email, ip));
    },
  };
}
