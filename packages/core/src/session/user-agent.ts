/**
 * What a user agent string says about the device. Self-declared crawlers get no lease (they would
 * hold numbers nobody calls); headless browsers are not crawlers, since real tests drive them.
 */

export type Device = 'desktop' | 'mobile' | 'tablet' | 'bot';

// Crawlers that name themselves. "HeadlessChrome" is deliberately absent.
const crawlerPattern =
  /bot\b|bot\/|crawler|spider|slurp|yandex(?:bot|images|metrika|direct|mobilebot|accessibilitybot)|googlebot|google-inspectiontool|adsbot|mediapartners-google|bingpreview|facebookexternalhit|facebot|ia_archiver|applebot|duckduckbot|baiduspider|petalbot|ahrefs|semrush|mj12bot|dotbot|bytespider|gptbot|claudebot|ccbot|lighthouse|pagespeed|curl\/|wget\/|python-requests|go-http-client/i;

export function isCrawler(userAgent: string | null | undefined): boolean {
  if (!userAgent) return false;
  return crawlerPattern.test(userAgent);
}

export function deviceOf(userAgent: string | null | undefined): Device {
  if (isCrawler(userAgent)) return 'bot';
  const ua = userAgent ?? '';
  if (/ipad|tablet|kindle|silk|playbook|(android(?!.*mobile))/i.test(ua)) return 'tablet';
  if (/mobi|iphone|ipod|android|windows phone|opera mini|blackberry/i.test(ua)) return 'mobile';
  return 'desktop';
}
