/**
 * What a settings tab lists, loaded once and again after each change the tab makes (`reload`);
 * the last list stays on screen while the next one loads, so a form does not jump.
 */
import { useState } from 'preact/hooks';
import { useLoaded } from '../../use-loaded.ts';

export interface Resource<T> {
  data: T | undefined;
  error: string | null;
  reload(): void;
}

export function useResource<T>(load: () => Promise<T>, keys: readonly unknown[]): Resource<T> {
  const [loaded, reload] = useLoaded(load, JSON.stringify(keys));
  return {
    data: loaded.state === 'done' ? loaded.value : loaded.state === 'loading' ? loaded.last : undefined,
    error: loaded.state === 'failed' ? loaded.message : null,
    reload,
  };
}

/** A form's sending state: busy while the request runs, and the API's message when it fails. */
export interface Submission {
  busy: boolean;
  error: string | null;
  /** Any `details` of the 4xx answer (the rows of a refused CSV, say). */
  details: Record<string, unknown> | null;
  run(action: () => Promise<void>): Promise<void>;
}

export function useSubmission(): Submission {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [details, setDetails] = useState<Record<string, unknown> | null>(null);
  async function run(action: () => Promise<void>) {
    setBusy(true);
    setError(null);
    setDetails(null);
    try {
      await action();
    } catch (failure) {
      setError((failure as Error).message);
      setDetails(detailsOf(failure));
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, details, run };
}

function detailsOf(failure: unknown): Record<string, unknown> | null {
  if (typeof failure !== 'object' || failure === null || !('details' in failure)) return null;
  const { details } = failure;
  return typeof details === 'object' && details !== null ? (details as Record<string, unknown>) : null;
}
