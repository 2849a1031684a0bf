/**
 * Recently active sessions kept in memory, so a heartbeat or page view needs no database read. The
 * database stays the truth: a session missing here is read from it, and one that looks expired here
 * is read again before it is refused, since another server process may have seen its later activity.
 */
import type { SessionRow } from '../stores/sql/sessions.ts';

export class LiveSessions {
  readonly #bySession = new Map<string, SessionRow>();
  readonly #latestOfVisitor = new Map<string, string>();
  readonly #capacity: number;

  constructor(capacity = 100_000) {
    this.#capacity = capacity;
  }

  get(sessionId: string): SessionRow | undefined {
    return this.#bySession.get(sessionId);
  }

  /** The visitor's latest session, when this process has seen it. */
  latestOf(visitorId: string): SessionRow | undefined {
    const id = this.#latestOfVisitor.get(visitorId);
    return id === undefined ? undefined : this.#bySession.get(id);
  }

  /** Keeps the session as the most recently used, evicting the least recently used beyond capacity. */
  put(session: SessionRow): void {
    this.#bySession.delete(session.id);
    this.#bySession.set(session.id, session);
    const latest = this.latestOf(session.visitorId);
    if (!latest || latest.startedAt <= session.startedAt)
      this.#latestOfVisitor.set(session.visitorId, session.id);
    while (this.#bySession.size > this.#capacity) {
      const [oldest] = this.#bySession.values();
      if (!oldest) break;
      this.#bySession.delete(oldest.id);
      if (this.#latestOfVisitor.get(oldest.visitorId) === oldest.id)
        this.#latestOfVisitor.delete(oldest.visitorId);
    }
  }
}
