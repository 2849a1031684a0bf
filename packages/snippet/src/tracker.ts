/**
 * The script's life on a page: wait for consent when the site asks for it, start or continue the
 * visitor's session, swap its numbers, and keep its lease alive with heartbeats while the page is
 * visible. Nothing here may break the page: every failure leaves the page's own numbers in place.
 */
import type { HitReply, NumberSwap, SessionReply, SnippetSettings } from '@calltrail/protocol';
import { type SwapContext, swapTree, watch } from './dom-swap.ts';
import { arrival, cookie, keepVisitorId, mayStartVisit, store, visitorId } from './page-data.ts';
import { matcher } from './phone-match.ts';
import { VERSION } from './version.ts';

export interface StartOptions {
  /** The site key. */
  site: string;
  /** Where Calltrail answers, e.g. `https://ct.example.com`. */
  server: string;
  /** The site's settings; fetched from the server when left out. */
  settings?: SnippetSettings;
  /** Outline swapped elements and log what was found and skipped. */
  debug?: boolean;
}

/** A session the visitor's browser keeps between pages. */
interface LiveSession {
  k: string;
  vid: string;
  sid: string;
  hb: number;
  n: NumberSwap[];
  /** Last activity, ms. */
  at: number;
}

const sessionKey = '_ct_s';
/** The server ends a session after 30 minutes without activity. */
const inactivityMs = 30 * 60_000;
/** Slower than this and the page keeps its own numbers. */
const timeoutMs = 1500;
/** A new lease is provisional for 15 s on the server: the first heartbeat comes well before. */
const firstBeatMs = 8000;

let settings: SnippetSettings | undefined;
let server = '';
let debug = false;
let live: LiveSession | undefined;
let numbers: NumberSwap[] = [];
/** Every number shown so far, to its business number: a later swap finds it on the page. */
const shown: Record<string, string> = {};
let context: SwapContext | null = null;
const listeners = new Set<(numbers: NumberSwap[]) => void>();
let began = false;
let consented = false;
let confirmed = false;
let backoff = 1;
let lastSent = 0;
let timer: ReturnType<typeof setTimeout> | undefined;
/** The page's URL without its fragment: a jump to an anchor is not a page view. */
const pageUrl = () => location.href.split('#')[0];
let page = pageUrl();
let consentPoll: ReturnType<typeof setInterval> | undefined;

const log = (...parts: unknown[]) => debug && console.info('[calltrail]', ...parts);
const safely =
  <A extends unknown[]>(run: (...args: A) => unknown) =>
  (...args: A) => {
    try {
      const result = run(...args);
      if (result instanceof Promise) result.catch(log);
    } catch (error) {
      log(error);
    }
  };

async function send<T>(path: string, body: object): Promise<T | 'gone' | undefined> {
  const abort = new AbortController();
  const timeout = setTimeout(() => abort.abort(), timeoutMs);
  lastSent = Date.now();
  try {
    const response = await fetch(server + path, {
      method: 'POST',
      // A string body goes as text/plain: a simple request, so no CORS preflight.
      body: JSON.stringify({ v: VERSION, k: settings?.k, ...body }),
      credentials: settings?.vc ? 'include' : 'omit',
      signal: abort.signal,
    });
    if (response.ok) return (await response.json()) as T;
    log('server answered', response.status);
    return response.status === 404 ? 'gone' : undefined;
  } catch (error) {
    log('no answer', error);
    return undefined;
  } finally {
    clearTimeout(timeout);
  }
}

function apply(next: NumberSwap[]): void {
  if (!settings) return;
  const same = context && next.length === numbers.length && next.every((n, i) => n.show === numbers[i]?.show);
  numbers = next;
  if (same) return;
  for (const n of next) shown[n.show] = n.biz;
  log('numbers', next);
  context = {
    matcher: matcher(settings.n, shown),
    show: (biz) => numbers.find((n) => n.biz === biz)?.show,
    attributes: settings.a ?? [],
    debug,
  };
  swapTree(document.documentElement, context);
  observer?.takeRecords();
  if (!performance.getEntriesByName('calltrail:swap').length) performance.mark('calltrail:swap');
  for (const listener of listeners) safely(listener)(numbers);
}

function keep(reply: { numbers: NumberSwap[] }): void {
  if (!live || !settings) return;
  live.n = reply.numbers;
  live.at = Date.now();
  store.set(sessionKey, JSON.stringify(live));
  apply(reply.numbers);
}

async function startSession(): Promise<void> {
  const reply = await send<SessionReply>('/s/v1/session', { vid: visitorId(), ...arrival(settings!) });
  if (typeof reply === 'object') {
    keepVisitorId(reply.vid, !!settings!.vc);
    live = { k: settings!.k, vid: reply.vid, sid: reply.sid, hb: reply.hb, n: [], at: 0 };
    confirmed = false;
    backoff = 1;
    keep(reply);
  } else backoff = Math.min(backoff * 2, 16);
  schedule();
}

async function hit(t: 'page' | 'heartbeat'): Promise<void> {
  if (!live) return startSession();
  const reply = await send<HitReply>('/s/v1/hit', { vid: live.vid, sid: live.sid, u: location.href, t });
  if (reply === 'gone') {
    live = undefined;
    return startSession();
  }
  if (reply) {
    confirmed = true;
    backoff = 1;
    keep(reply);
  } else backoff = Math.min(backoff * 2, 16);
  schedule();
}

/** Heartbeats only while the page is visible; errors back off up to 16 times the interval. */
function schedule(): void {
  clearTimeout(timer);
  if (document.hidden) return;
  const interval = live ? (confirmed ? live.hb * 1000 : Math.min(firstBeatMs, live.hb * 1000)) : 5000;
  timer = setTimeout(
    safely(() => hit('heartbeat')),
    Math.max(0, lastSent + interval * backoff - Date.now()),
  );
}

/** A page hidden before its first heartbeat still confirms its lease, so a quick caller is found. */
function hidden(): void {
  if (!document.hidden) {
    schedule();
    return;
  }
  clearTimeout(timer);
  if (live && !confirmed) {
    confirmed = navigator.sendBeacon(
      `${server}/s/v1/hit`,
      JSON.stringify({
        v: VERSION,
        k: live.k,
        vid: live.vid,
        sid: live.sid,
        u: location.href,
        t: 'heartbeat',
      }),
    );
  }
}

/** A single-page app moved to another route: a page view in the same session. */
function routeChanged(): void {
  if (pageUrl() === page) return;
  page = pageUrl();
  if (live) safely(hit)('page');
}

let observer: MutationObserver | undefined;

function begin(): void {
  if (began || !settings || !consented) return;
  began = true;
  clearInterval(consentPoll);
  document.addEventListener('visibilitychange', safely(hidden));
  addEventListener('pagehide', safely(hidden));
  const kept = JSON.parse(store.get(sessionKey) || 'null') as LiveSession | null;
  if (kept && kept.k === settings.k && Date.now() - kept.at < inactivityMs && !mayStartVisit()) {
    // Swap at once from the last page's numbers; the page view renews them.
    live = kept;
    apply(kept.n);
    safely(hit)('page');
  } else safely(startSession)();
}

/** The site's own consent signal: a cookie it names, set to anything but a refusal. */
function consentCookie(): boolean {
  const name = settings?.c?.ck;
  const value = name ? cookie(name) : undefined;
  return value !== undefined && !/^(|0|false|no|deny|denied)$/i.test(value);
}

/** The visitor agreed: cookies may be set and a pool number asked for. */
export function consent(): void {
  consented = true;
  safely(begin)();
}

export function start(options: StartOptions): void {
  safely(async () => {
    if (settings) return;
    debug = !!options.debug;
    server = options.server.replace(/\/$/, '');
    let given = options.settings;
    if (!given) {
      const abort = new AbortController();
      setTimeout(() => abort.abort(), timeoutMs);
      const response = await fetch(`${server}/s/v1/config/${encodeURIComponent(options.site)}`, {
        signal: abort.signal,
      });
      if (!response.ok) return log('no settings for site', options.site, response.status);
      given = (await response.json()) as SnippetSettings;
    }
    settings = given;
    observer = watch(() => context, routeChanged);
    observer.observe(document.documentElement, {
      childList: true,
      subtree: true,
      characterData: true,
      attributeFilter: ['href', 'aria-label', 'title', ...(settings.a ?? [])],
    });
    if (!settings.c) consented = true;
    else if (!consented) {
      log('waiting for consent');
      consentPoll = setInterval(
        safely(() => consentCookie() && consent()),
        1000,
      );
      if (consentCookie()) consented = true;
    }
    begin();
  })();
}

/** The numbers shown in place of the site's business numbers now. */
export function getNumbers(): NumberSwap[] {
  return numbers.map((n) => ({ ...n }));
}

/** Called with the numbers whenever they change; returns a function that stops the calls. */
export function onSwap(listener: (numbers: NumberSwap[]) => void): () => void {
  listeners.add(listener);
  if (context) safely(listener)(getNumbers());
  return () => listeners.delete(listener);
}

/** Swaps numbers under an element the observer cannot see, such as a shadow root. */
export function swap(root: Node): void {
  if (context) safely(swapTree)(root, context);
}
