/** An operator's assessment of a call as read-only text, in the log and on a call's page. */
import { h } from 'preact';
import type { CallWords } from './words.ts';

/** Five stars, the first `rating` filled, named for screen readers ("4 of 5"). */
export const ratingStars = (rating: number, w: CallWords) =>
  h(
    'span',
    { class: 'calls-stars', role: 'img', 'aria-label': w.stars(rating), title: w.stars(rating) },
    '★'.repeat(rating) + '☆'.repeat(5 - rating),
  );

/** Yes, no, or `none` while undecided. */
export const qualifiedText = (w: CallWords, qualified: boolean | null, none: string) =>
  qualified === null ? none : qualified ? w.yes : w.no;
