/**
 * What the script reads from the page and keeps in it: cookies, the visitor id, the analytics ids
 * of GA4 and Yandex Metrica, and the extra parameters a site asks for.
 */
import type { SessionRequest, SnippetSettings } from '@calltrail/protocol';

export function cookie(name: string): string | undefined {
  for (const pair of document.cookie.split('; ')) {
    const at = pair.indexOf('=');
    if (pair.slice(0, at) === name) {
      try {
        return decodeURIComponent(pair.slice(at + 1));
      } catch {
        return pair.slice(at + 1);
      }
    }
  }
  return undefined;
}

/** Browsers cap a cookie's life at 400 days; Safari caps script-set ones at 7 (see the server's cookie). */
export function setCookie(name: string, value: string): void {
  // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is missing in Safari before 18.4.
  document.cookie = `${name}=${encodeURIComponent(value)}; path=/; max-age=34560000; samesite=lax${
    location.protocol === 'https:' ? '; secure' : ''
  }`;
}

/** localStorage can be missing or throw (privacy modes, sandboxed frames): then it holds nothing. */
export const store = {
  get(key: string): string | null {
    try {
      return localStorage.getItem(key);
    } catch {
      return null;
    }
  },
  set(key: string, value: string): void {
    try {
      localStorage.setItem(key, value);
    } catch {}
  },
};

const visitorKey = '_ct_vid';

export function visitorId(): string | undefined {
  return cookie(visitorKey) || store.get(visitorKey) || undefined;
}

/** With `byServer` the server already set the cookie, for longer than a script may (CNAME setup). */
export function keepVisitorId(id: string, byServer: boolean): void {
  if (!byServer) setCookie(visitorKey, id);
  store.set(visitorKey, id);
}

/** `_ga` is GA1.1.<random>.<timestamp>: the client id is its last two parts. */
function gaClientId(): string | undefined {
  const parts = cookie('_ga')?.split('.');
  return parts && parts.length >= 4 ? parts.slice(-2).join('.') : undefined;
}

/**
 * `_ga_<container>` holds the session id: GS1.1.<session>.… in the old format, GS2.1.s<session>$…
 * in the new one. The first container cookie found is used.
 */
function gaSessionId(): string | undefined {
  const pair = document.cookie.split('; ').find((c) => c.startsWith('_ga_'));
  const value = pair?.slice(pair.indexOf('=') + 1) ?? '';
  const id = value.startsWith('GS2') ? /\.s(\d+)/.exec(value)?.[1] : value.split('.')[2];
  return id && /^\d+$/.test(id) ? id : undefined;
}

/** The first page's facts for a `session` request (without key, version and visitor). */
export function arrival(settings: SnippetSettings): Omit<SessionRequest, 'v' | 'k'> {
  const query = new URLSearchParams(location.search);
  const extras: Record<string, string> = {};
  for (const name of settings.xq ?? []) {
    const value = query.get(name);
    if (value) extras[name] = value.slice(0, 512);
  }
  for (const name of settings.xc ?? []) {
    const value = cookie(name);
    if (value) extras[name] = value.slice(0, 512);
  }
  const cid = gaClientId();
  const sid = gaSessionId();
  const ym = cookie('_ym_uid');
  return {
    u: location.href.slice(0, 4096),
    r: document.referrer.slice(0, 4096),
    ...(cid || sid ? { ga: { ...(cid && { cid }), ...(sid && { sid }) } } : {}),
    ...(ym && { ym }),
    ...(Object.keys(extras).length > 0 && { x: extras }),
  };
}

/**
 * Whether this page view may be a new visit: it carries campaign tags or click ids, or comes from
 * another site. The server decides; a plain internal page view just continues the session.
 */
export function mayStartVisit(): boolean {
  if (/[?&](utm_[a-z]+|gclid|gbraid|wbraid|yclid|fbclid)=/.test(location.search)) return true;
  try {
    return !!document.referrer && new URL(document.referrer).host !== location.host;
  } catch {
    return false;
  }
}
