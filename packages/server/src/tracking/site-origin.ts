/** Whether a browser origin belongs to one of a site's domains (CORS for the snippet API). */

export function originAllowed(origin: string, domains: readonly string[]): boolean {
  let host: string;
  try {
    host = new URL(origin).hostname.toLowerCase();
  } catch {
    return false;
  }
  return domains.some((domain) => {
    if (domain.startsWith('*.')) {
      const base = domain.slice(2);
      return host === base || host.endsWith(`.${base}`);
    }
    // The bare domain and its www. twin are one site for every business we have met.
    return host === domain || host === `www.${domain}`;
  });
}
