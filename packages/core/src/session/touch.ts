/** A touch: how a visitor arrived, the marketing facts that a session and a call are attributed to. */
import type { Channel } from '../channel/channel.ts';

export const clickIdNames = ['gclid', 'gbraid', 'wbraid', 'yclid', 'fbclid'] as const;
export type ClickIdName = (typeof clickIdNames)[number];
export type ClickIds = Partial<Record<ClickIdName, string>>;

export interface Touch {
  channel: Channel;
  source: string | null;
  medium: string | null;
  campaign: string | null;
  term: string | null;
  content: string | null;
}

/** What the landing page tells us, before classification. */
export interface Arrival {
  /** Full landing URL, with its query string. */
  url: string;
  /** document.referrer, or null/empty when none. */
  referrer: string | null;
  /** Click ids the snippet found (merged with those on the URL). */
  clickIds: ClickIds;
}
