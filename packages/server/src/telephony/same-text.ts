/** Constant-time comparison of a secret or signature a request brings with the one we expect. */
import { createHash, timingSafeEqual } from 'node:crypto';

/** Compares digests of both sides, so neither the content nor the length leaks through timing. */
export function sameText(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
