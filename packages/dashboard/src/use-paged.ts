/**
 * A list read a page at a time ("Show more"): the first page through useLoaded, reloaded when the key
 * changes, and each further page appended to it. What was appended belongs to the first page it
 * extended: once that is reloaded (a new key, or the old key again), the appended pages are dropped,
 * and so are pages that arrive after it.
 */
import { useState } from 'preact/hooks';
import { useLoaded } from './use-loaded.ts';

interface Page {
  items: readonly unknown[];
  nextCursor: string | null;
}

export interface Paged<P extends Page> {
  /** Every item shown so far, with the rest of the latest page's fields; null until the first page. */
  page: P | null;
  error: string | null;
  more(): Promise<void>;
}

export function usePaged<P extends Page>(load: (cursor?: string) => Promise<P>, key: string): Paged<P> {
  const [first] = useLoaded(() => load(), key);
  const [later, setLater] = useState<{ base: P; page: P; error: string | null } | null>(null);
  const base = first.state === 'done' ? first.value : null;
  const own = base !== null && later?.base === base ? later : null;
  const page = own?.page ?? base;
  async function more() {
    if (base === null || !page?.nextCursor) return;
    const extend = (change: (before: P) => { page: P; error: string | null }) =>
      // Unless another "Show more" of the same first page got there first.
      setLater((now) => (now !== own && now?.base === base ? now : { base, ...change(page) }));
    try {
      const next = await load(page.nextCursor);
      extend((before) => ({ page: { ...next, items: [...before.items, ...next.items] }, error: null }));
    } catch (failure) {
      extend((before) => ({ page: before, error: (failure as Error).message }));
    }
  }
  return { page, error: first.state === 'failed' ? first.message : (own?.error ?? null), more };
}
