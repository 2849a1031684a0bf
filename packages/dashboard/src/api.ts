/**
 * The dashboard's only way to the server: same-origin fetches with the session cookie, the CSRF
 * token on unsafe requests and the chosen workspace in `X-Workspace-Id`.
 */
import type { CallList, CallListQuery, CallRecord, Me as MeSchema } from '@calltrail/protocol';
import type { Static } from 'typebox';

export type Me = Static<typeof MeSchema>;

/** An `{ error: { code, message } }` answer, kept whole so pages can tell 401 from the rest. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const session = { csrfToken: '', workspaceId: '' };

export function useSession(csrfToken: string, workspaceId: string): void {
  session.csrfToken = csrfToken;
  session.workspaceId = workspaceId;
}

async function request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (session.workspaceId) headers['x-workspace-id'] = session.workspaceId;
  if (method !== 'GET' && session.csrfToken) headers['x-csrf-token'] = session.csrfToken;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (response.status === 204) return null as T;
  const json = (await response.json().catch(() => null)) as {
    error?: { code?: string; message?: string };
  } | null;
  if (!response.ok) {
    throw new ApiError(
      response.status,
      json?.error?.code ?? 'HTTP_ERROR',
      json?.error?.message ?? `HTTP ${response.status}`,
    );
  }
  return json as T;
}

/** The query string of a call list request: empty filters are left out rather than sent blank. */
export function callListSearch(query: CallListQuery): string {
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
  calls: (query: CallListQuery) => request<CallList>('GET', `/api/v1/calls?${callListSearch(query)}`),
  call: (id: string) => request<CallRecord>('GET', `/api/v1/calls/${encodeURIComponent(id)}`),
};

export const recordingUrl = (callId: string) => `/api/v1/calls/${encodeURIComponent(callId)}/recording`;
