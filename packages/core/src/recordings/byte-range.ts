/**
 * HTTP byte ranges (RFC 9110 §14) for playing recordings: what a `Range` header asks for, and which
 * bytes of an object of a given size that is. Audio players seek with single ranges, so a header
 * asking for several is served whole, as the RFC allows a server to do.
 */

/** From `start` to `end` inclusive (to the last byte without `end`), or the last `suffix` bytes. */
export type ByteRange = { start: number; end?: number } | { suffix: number };

/** Positions within an object, both inclusive. */
export interface ResolvedRange {
  start: number;
  end: number;
}

const single = /^bytes=(\d*)-(\d*)$/i;

/**
 * The one range a `Range` header asks for; null for no header, another unit, several ranges or a
 * malformed one, all of which mean "send the whole object".
 */
export function parseRangeHeader(header: string | undefined): ByteRange | null {
  if (header === undefined) return null;
  const match = single.exec(header.trim());
  if (!match) return null;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return null;
  if (first === '') return { suffix: Number(last) };
  const start = Number(first);
  if (last === '') return { start };
  const end = Number(last);
  if (end < start) return null;
  return { start, end };
}

/** The bytes a range covers in an object of `size` bytes; null when it covers none (416). */
export function resolveByteRange(range: ByteRange, size: number): ResolvedRange | null {
  if (size === 0) return null;
  if ('suffix' in range) {
    if (range.suffix === 0) return null;
    return { start: Math.max(0, size - range.suffix), end: size - 1 };
  }
  if (range.start >= size) return null;
  return { start: range.start, end: Math.min(range.end ?? size - 1, size - 1) };
}

/** The range as a `Range` header value, as a store forwards it. */
export function formatRange(range: ByteRange): string {
  if ('suffix' in range) return `bytes=-${range.suffix}`;
  return `bytes=${range.start}-${range.end ?? ''}`;
}
