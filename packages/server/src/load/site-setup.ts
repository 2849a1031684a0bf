/**
 * Prepares a running server for load through its public API: logs in as the first owner, creates
 * a site and one pool, and hands back what the snippet needs (the site key and the page origin).
 */

export interface OwnerLogin {
  email: string;
  password: string;
}

export interface LoadSite {
  siteId: string;
  siteKey: string;
  poolId: string;
  origin: string;
  businessNumber: string;
  numbers: string[];
}

export interface LoadSiteOptions {
  poolSize: number;
  /** Where this pool's numbers start in the +7 495 2xx xxxx block: pools in one workspace may not share numbers. */
  firstNumber?: number;
  holdMinutes?: number;
  heartbeatSeconds?: number;
  /** The site's domain; page origins are https://<domain>. */
  domain?: string;
}

/** A request that must succeed: any other reply throws, naming the request and the server's answer. */
export async function call(url: string, init: RequestInit): Promise<Response> {
  const response = await fetch(url, init);
  if (!response.ok)
    throw new Error(`${init.method ?? 'GET'} ${url}: ${response.status} ${await response.text()}`);
  return response;
}

/** Headers that act as the logged-in owner: the session cookie and its CSRF token. */
export async function logInAsOwner(url: string, login: OwnerLogin): Promise<Record<string, string>> {
  const response = await call(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(login),
  });
  const me = (await response.json()) as { csrfToken: string };
  const cookie = response.headers
    .getSetCookie()
    .map((header) => header.split(';')[0])
    .join('; ');
  return { cookie, 'x-csrf-token': me.csrfToken };
}

/** `count` pool numbers from +7 495 200 0000 + `first` on: valid Moscow numbers, 100,000 of them. */
export function poolNumbers(count: number, first = 0): string[] {
  if (first + count > 100_000) throw new RangeError('the block has 100,000 numbers');
  return Array.from({ length: count }, (_, i) => `+749520${String(first + i).padStart(5, '0')}`);
}

export async function createLoadSite(
  url: string,
  headers: Record<string, string>,
  options: LoadSiteOptions,
): Promise<LoadSite> {
  const domain = options.domain ?? 'clinic.example';
  const businessNumber = '+74951234567';
  const json = { ...headers, 'content-type': 'application/json' };
  const site = (await (
    await call(`${url}/api/v1/sites`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ name: 'Load', domains: [domain], businessNumbers: [businessNumber] }),
    })
  ).json()) as { id: string; key: string };
  const numbers = poolNumbers(options.poolSize, options.firstNumber);
  const pool = (await (
    await call(`${url}/api/v1/pools`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({
        siteId: site.id,
        name: 'Load',
        businessNumber,
        numbers,
        fallbackNumber: '+74951234500',
        ...(options.holdMinutes === undefined ? {} : { holdMinutes: options.holdMinutes }),
        ...(options.heartbeatSeconds === undefined ? {} : { heartbeatSeconds: options.heartbeatSeconds }),
      }),
    })
  ).json()) as { id: string };
  return {
    siteId: site.id,
    siteKey: site.key,
    poolId: pool.id,
    origin: `https://${domain}`,
    businessNumber,
    numbers,
  };
}
