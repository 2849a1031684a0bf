/**
 * The dashboard's only way to the server: same-origin fetches with the session cookie, the CSRF
 * token on unsafe requests and the chosen workspace in `X-Workspace-Id`.
 */
import type { Me as MeSchema } from '@calltrail/protocol';
import type { Static } from 'typebox';

export type Me = Static<typeof MeSchema>;

/** An `{ error: { code, message } }` answer, kept whole so pages can tell 401 from the rest. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** What the server added, e.g. a refused CSV's `rows` of `{ row, column, message }`. */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

const session = { csrfToken: '', workspaceId: '' };

export function useSession(csrfToken: string, workspaceId: string): void {
  session.csrfToken = csrfToken;
  session.workspaceId = workspaceId;
}

/** A body sent as it is (a CSV file, say) rather than as JSON. */
export interface RawBody {
  raw: string | Blob;
  contentType: string;
}

/**
 * One API call. Pages keep their own endpoint lists beside them (`pages/<page>/<page>-api.ts`) and
 * all go through here.
 */
export async function request<T>(
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<T> {
  const headers: Record<string, string> = {};
  if (session.workspaceId) headers['x-workspace-id'] = session.workspaceId;
  if (method !== 'GET' && session.csrfToken) headers['x-csrf-token'] = session.csrfToken;
  const raw = isRaw(body) ? body : undefined;
  if (raw) headers['content-type'] = raw.contentType;
  else if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    ...(body === undefined ? {} : { body: raw ? raw.raw : JSON.stringify(body) }),
  });
  if (response.status === 204) return null as T;
  const json = (await response.json().catch(() => null)) as {
    error?: { code?: string; message?: string; details?: Record<string, unknown> };
  } | null;
  if (!response.ok) {
    throw new ApiError(
      response.status,
      json?.error?.code ?? 'HTTP_ERROR',
      json?.error?.message ?? `HTTP ${response.status}`,
      json?.error?.details,
    );
  }
  return json as T;
}

function isRaw(body: unknown): body is RawBody {
  return typeof body === 'object' && body !== null && 'raw' in body && 'contentType' in body;
}

/** A query string: empty values are left out rather than sent blank. */
export function searchOf(query: object): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  return params.toString();
}

export const api = {
  me: () => request<Me>('GET', '/api/v1/auth/me'),
  logIn: (email: string, password: string) => request<Me>('POST', '/api/v1/auth/login', { email, password }),
  logOut: () => request<null>('POST', '/api/v1/auth/logout'),
};
