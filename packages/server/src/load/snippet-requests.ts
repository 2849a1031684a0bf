/**
 * The snippet API requests a simulated visitor sends, serialised once for the wire: JSON bodies as
 * text/plain with the page's Origin and a browser's User-Agent, as the browser script sends them.
 */
import type { HitRequest, SessionRequest } from '@calltrail/protocol';
import { arrivalLanding } from './arrival-landing.ts';
import { httpRequest } from './connection-pool.ts';
import type { VisitPlan } from './visit-plan.ts';

export interface SnippetTarget {
  /** The server, e.g. http://127.0.0.1:3000. */
  url: string;
  siteKey: string;
  /** The site's page origin (one of its domains), sent as Origin; null sends none. */
  origin: string | null;
}

/** Sent as `v`, so the server's logs tell simulated traffic from the real script. */
export const loadClientVersion = 'load-1';

// Self-declared crawlers get no lease, so the simulated visitors use ordinary browsers.
const userAgents = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
];

export interface SessionIdentity {
  vid: string;
  sid: string;
  /** The first number the page was told to show, with the business number it replaces; null for none. */
  shown: { biz: string; show: string } | null;
}

function firstShown(numbers: unknown): SessionIdentity['shown'] {
  const first: unknown = Array.isArray(numbers) ? numbers[0] : null;
  if (typeof first !== 'object' || first === null) return null;
  const { biz, show } = first as Record<string, unknown>;
  return typeof biz === 'string' && typeof show === 'string' ? { biz, show } : null;
}

/** The visitor and session ids of a 200 reply to /session, or null when the body is not one. */
export function parseSessionReply(body: string): SessionIdentity | null {
  try {
    const reply: unknown = JSON.parse(body);
    if (typeof reply !== 'object' || reply === null) return null;
    const { vid, sid, numbers } = reply as Record<string, unknown>;
    return typeof vid === 'string' && typeof sid === 'string'
      ? { vid, sid, shown: firstShown(numbers) }
      : null;
  } catch {
    return null;
  }
}

export class SnippetRequests {
  readonly #target: SnippetTarget;
  readonly #page: string;
  readonly #headers: Record<string, string>[];

  constructor(target: SnippetTarget, authority: string) {
    this.#target = target;
    this.#page = target.origin ?? 'http://localhost';
    this.#headers = userAgents.map((agent) => ({
      host: authority,
      'content-type': 'text/plain;charset=UTF-8',
      ...(target.origin === null ? {} : { origin: target.origin }),
      'user-agent': agent,
    }));
  }

  #headersOf(visit: number): Record<string, string> {
    return this.#headers[visit % this.#headers.length] ?? {};
  }

  /** The visit's first request; `visitorId` is set for a returning visitor. */
  session(plan: VisitPlan, visit: number, visitorId: string | null): string {
    const body: SessionRequest = {
      v: loadClientVersion,
      k: this.#target.siteKey,
      ...(visitorId === null ? {} : { vid: visitorId }),
      ...arrivalLanding(plan, this.#page, visit),
    };
    return httpRequest('POST', '/s/v1/session', this.#headersOf(visit), JSON.stringify(body));
  }

  /** Step `stepIndex` of the plan; a heartbeat names the page the visitor is on. */
  hit(identity: SessionIdentity, plan: VisitPlan, stepIndex: number, visit: number): string {
    const step = plan.steps[stepIndex];
    if (!step) throw new RangeError(`the plan has no step ${stepIndex}`);
    let page = 0;
    for (let i = 0; i <= stepIndex; i++) if (plan.steps[i]?.kind === 'page') page++;
    const body: HitRequest = {
      v: loadClientVersion,
      k: this.#target.siteKey,
      vid: identity.vid,
      sid: identity.sid,
      u: page === 0 ? `${this.#page}/` : `${this.#page}/page/${page}`,
      t: step.kind,
    };
    return httpRequest('POST', '/s/v1/hit', this.#headersOf(visit), JSON.stringify(body));
  }
}
