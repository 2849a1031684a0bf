/** The one channel enum used everywhere: pool routing rules, attribution and reports. */
export const channels = [
  'direct',
  'organic_search',
  'paid_search',
  'organic_social',
  'paid_social',
  'email',
  'referral',
  'display',
  'messenger',
  'affiliate',
  'offline',
  'other',
] as const;

export type Channel = (typeof channels)[number];

export function isChannel(value: string): value is Channel {
  return (channels as readonly string[]).includes(value);
}
