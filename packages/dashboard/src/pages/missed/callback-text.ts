/** How a missed call was followed up, in a few words: "after 4 min, answered", "2 attempts". */
import type { MissedCall } from '@calltrail/protocol';
import type { words } from './words.ts';

type Words = (typeof words)['en'];

/** A wait as people say it: minutes, then hours and minutes; exact seconds would be noise here. */
export function humanDuration(seconds: number, w: Words): string {
  if (seconds < 60) return w.under;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? w.minutes(minutes) : w.hours(Math.floor(minutes / 60), minutes % 60);
}

export function callbackText(item: Pick<MissedCall, 'callback' | 'attempts'>, w: Words): string {
  const parts: string[] = [];
  const { callback } = item;
  if (callback) {
    const outcome =
      callback.direction === 'inbound' ? w.theyCalled : callback.answered ? w.answered : w.notAnswered;
    parts.push(`${w.after(humanDuration(callback.afterSeconds, w))}, ${outcome}`);
  }
  if (item.attempts > 0 && !(callback?.direction === 'outbound' && item.attempts === 1)) {
    parts.push(w.attempts(item.attempts));
  }
  return parts.join(' · ');
}
