/**
 * One request's answer for a page section, reloaded when its key changes, stale answers dropped.
 * While a new answer is on its way the last one is kept, so a section can stay on screen (dimmed)
 * instead of jumping to "Loading…" and back at every click.
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from './api.ts';

export type Loaded<T> =
  | { state: 'loading'; last?: T }
  | { state: 'done'; value: T }
  | { state: 'failed'; status: number; message: string };

export function useLoaded<T>(load: () => Promise<T>, key: string): [Loaded<T>, () => void] {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let stale = false;
    setLoaded((before) => ({
      state: 'loading',
      last: before.state === 'done' ? before.value : before.state === 'loading' ? before.last : undefined,
    }));
    load().then(
      (value) => !stale && setLoaded({ state: 'done', value }),
      (error: unknown) =>
        !stale &&
        setLoaded({
          state: 'failed',
          status: error instanceof ApiError ? error.status : 0,
          message: error instanceof Error ? error.message : String(error),
        }),
    );
    return () => {
      stale = true;
    };
    // Everything the request depends on is in `key`.
  }, [key, round]);
  return [loaded, () => setRound((n) => n + 1)];
}
