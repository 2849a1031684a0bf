/** What pool routing sees of a simulated session: routing facts typical of its channel. */
import type { Channel } from '../channel/channel.ts';
import type { SessionFacts } from '../pool/routing.ts';

/** Routing facts for a session of the channel; shared, since routing only reads them. */
export function factsFor(channel: Channel): SessionFacts {
  const source: Partial<Record<Channel, string>> = {
    organic_search: 'google',
    paid_search: 'google',
    organic_social: 'facebook',
    email: 'newsletter',
    referral: 'example.org',
  };
  const medium: Partial<Record<Channel, string>> = {
    organic_search: 'organic',
    paid_search: 'cpc',
    organic_social: 'social',
    email: 'email',
    referral: 'referral',
  };
  return Object.freeze({
    channel,
    source: source[channel] ?? null,
    medium: medium[channel] ?? null,
    campaign: null,
    term: null,
    landingPage: '/',
    device: 'desktop',
    country: null,
    region: null,
    city: null,
  });
}
