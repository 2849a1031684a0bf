/**
 * The visitor cookie the server sets when Calltrail is reached through a subdomain of the site (a
 * CNAME such as ct.example.com): Safari caps cookies that scripts write at 7 days, but not those an
 * HTTP response of the site's own domain sets.
 */

export const visitorCookieName = '_ct_vid';

/** 400 days: the longest lifetime browsers accept for a cookie. */
const maxAgeSeconds = 400 * 86_400;

/**
 * The site domain whose subdomain `host` (without port) is, or null. Wildcard domains are skipped:
 * they name where pages may be, not a domain the site owns. The widest match wins, so pages on
 * every matching domain read the cookie.
 */
export function visitorCookieDomain(host: string, domains: readonly string[]): string | null {
  const name = host.toLowerCase();
  let widest: string | null = null;
  for (const domain of domains) {
    if (domain.startsWith('*.') || !name.endsWith(`.${domain}`)) continue;
    if (widest === null || domain.length < widest.length) widest = domain;
  }
  return widest;
}

/** Options for @fastify/cookie's setCookie; not httpOnly, as the snippet reads the id too. */
export function visitorCookieOptions(domain: string, secure: boolean) {
  return { domain, path: '/', maxAge: maxAgeSeconds, sameSite: 'lax', secure, httpOnly: false } as const;
}
