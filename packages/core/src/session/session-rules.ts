/** When an arrival continues the visitor's live session or starts a new one, and which touch a session credits. */
import type { ClickIds, Touch } from './touch.ts';
import { clickIdNames } from './touch.ts';

export const defaultInactivityMs = 30 * 60_000;

export interface LiveSession {
  lastActivityAt: Date;
  /** The touch the session was opened with (or last switched to). */
  touch: Touch;
  clickIds: ClickIds;
}

export interface SessionArrival {
  touch: Touch;
  clickIds: ClickIds;
  /**
   * Set false when the caller knows the arrival is no campaign whatever its touch says (a
   * single-page-app route change, a reload). Left out, it is inferred: see carriesCampaign.
   */
  isCampaignArrival?: boolean;
}

/**
 * Whether an arrival carries campaign information: a touch that is not direct, or a click id.
 * Internal navigation and same-site referrers are described as direct, so they carry none.
 */
export function carriesCampaign(arrival: SessionArrival): boolean {
  if (arrival.isCampaignArrival === false) return false;
  return (
    arrival.touch.channel !== 'direct' || clickIdNames.some((name) => (arrival.clickIds[name] ?? '') !== '')
  );
}

function sameText(a: string | null, b: string | null, caseSensitive: boolean): boolean {
  const x = a?.trim() ?? '';
  const y = b?.trim() ?? '';
  return caseSensitive ? x === y : x.toLowerCase() === y.toLowerCase();
}

/**
 * Whether the arrival belongs to the live session. A new session starts
 *   - when more than `inactivityMs` (30 minutes) passed since the last activity; exactly 30 minutes
 *     still continues, matching the server's heartbeat check. A clock running backwards continues;
 *   - when the arrival brings a different campaign: another utm source, medium or campaign, or a
 *     click id value the session has not seen (a second ad click). utm_term and utm_content do
 *     not count: they vary between ads of one campaign.
 * This is Universal Analytics and Metrica behaviour, not GA4's (GA4 never splits on a campaign
 * change): it gives each ad click its own session, and so its own call attribution. It also means
 * a referral from another website, or organic search on another engine, within 30 minutes starts a
 * new session, because its source differs; coming back from the same site or engine does not.
 * An arrival without campaign information (direct, internal navigation, a referral from the site
 * itself) never starts one: it continues the live session and keeps its attribution.
 */
export function continuesSession(
  previous: LiveSession,
  arrival: SessionArrival,
  now: Date,
  inactivityMs: number = defaultInactivityMs,
): boolean {
  if (now.getTime() - previous.lastActivityAt.getTime() > inactivityMs) return false;
  if (!carriesCampaign(arrival)) return true;
  const before = previous.touch;
  const after = arrival.touch;
  const sameCampaign =
    sameText(before.source, after.source, false) &&
    sameText(before.medium, after.medium, false) &&
    sameText(before.campaign, after.campaign, true);
  const newClickId = clickIdNames.some((name) => {
    const value = arrival.clickIds[name]?.trim() ?? '';
    return value !== '' && value !== (previous.clickIds[name]?.trim() ?? '');
  });
  return sameCampaign && !newClickId;
}

function requireTouches(touches: readonly Touch[]): void {
  if (touches.length === 0) throw new RangeError('a visitor with no sessions has no touch');
}

/** The first touch, in the order given (oldest first). */
export function firstTouch(touches: readonly Touch[]): Touch {
  requireTouches(touches);
  return touches[0]!;
}

/**
 * The last non-direct touch (GA's default model): a direct return after an ad click is credited to
 * the ad. Only a visitor who never came any other way gets the direct touch, the last one.
 */
export function lastTouch(touches: readonly Touch[]): Touch {
  requireTouches(touches);
  return touches.findLast((touch) => touch.channel !== 'direct') ?? touches[touches.length - 1]!;
}
