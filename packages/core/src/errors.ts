/**
 * The one catalogue of error codes Calltrail returns. A code, once published, keeps its meaning
 * and is never reused; `docs/errors.md` is generated from this table and a test keeps it in sync.
 */
export const errorCatalogue = {
  VALIDATION_FAILED: { status: 400, message: 'The request does not match the schema' },
  MALFORMED_BODY: { status: 400, message: 'The request body is not valid JSON' },
  INVALID_PHONE_NUMBER: { status: 400, message: 'Not a valid phone number' },
  INVALID_CURSOR: { status: 400, message: 'The pagination cursor is not valid' },
  INVALID_TIME_ZONE: { status: 400, message: 'Unknown IANA time zone' },
  INVALID_CURRENCY: { status: 400, message: 'Not an ISO 4217 currency code' },
  INVALID_PERIOD: { status: 400, message: 'The period ends before it starts' },
  PERIOD_TOO_LONG: { status: 400, message: 'The period is longer than this report allows' },
  OVERFLOW_NUMBER_REQUIRED: { status: 400, message: 'The overflow policy needs an overflow number' },
  POOL_WOULD_BE_EMPTY: { status: 400, message: 'A pool keeps at least one number' },
  UNKNOWN_PROVIDER: { status: 400, message: 'No such telephony provider' },
  UNKNOWN_EVENT: { status: 400, message: 'The provider sent an event type Calltrail does not read' },
  INVALID_EVENT: { status: 400, message: 'The event lacks a required field or has a malformed one' },
  UNAUTHENTICATED: { status: 401, message: 'Log in or send a valid API token' },
  INVALID_CREDENTIALS: { status: 401, message: 'Wrong email or password' },
  INVALID_WEBHOOK_SECRET: { status: 401, message: 'The webhook secret is missing or wrong' },
  INVALID_SIGNATURE: { status: 401, message: 'The webhook signature is missing or wrong' },
  CSRF_TOKEN_INVALID: { status: 403, message: 'Missing or wrong CSRF token' },
  FORBIDDEN: { status: 403, message: 'Your role may not do this' },
  ORIGIN_NOT_ALLOWED: { status: 403, message: 'This origin is not one of the site’s domains' },
  NOT_FOUND: { status: 404, message: 'No such resource' },
  ROUTE_NOT_FOUND: { status: 404, message: 'No such route' },
  WORKSPACE_NOT_FOUND: { status: 404, message: 'No such workspace' },
  SITE_NOT_FOUND: { status: 404, message: 'No such site' },
  POOL_NOT_FOUND: { status: 404, message: 'No such pool' },
  NUMBER_NOT_FOUND: { status: 404, message: 'No such tracking number' },
  CALL_NOT_FOUND: { status: 404, message: 'No such call' },
  CONNECTION_NOT_FOUND: { status: 404, message: 'No such telephony connection' },
  WEBHOOK_NOT_FOUND: { status: 404, message: 'No telephony connection has this webhook address' },
  RECORDING_NOT_FOUND: { status: 404, message: 'This call has no stored recording' },
  USER_NOT_FOUND: { status: 404, message: 'No such user' },
  SESSION_NOT_FOUND: { status: 404, message: 'No such session for this visitor' },
  UNKNOWN_SITE_KEY: { status: 404, message: 'No site has this key' },
  SNIPPET_BUILD_NOT_FOUND: {
    status: 404,
    message: 'This server does not serve that snippet build; use the current one',
  },
  EMAIL_TAKEN: { status: 409, message: 'A user with this email exists' },
  NUMBER_TAKEN: { status: 409, message: 'This tracking number is already in use in the workspace' },
  ALREADY_MEMBER: { status: 409, message: 'The user is already a member of this workspace' },
  LAST_OWNER: { status: 409, message: 'A workspace keeps at least one owner' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Unsupported content type' },
  BODY_TOO_LARGE: { status: 413, message: 'The request body is too large' },
  RANGE_NOT_SATISFIABLE: { status: 416, message: 'The requested byte range is outside the file' },
  RATE_LIMITED: { status: 429, message: 'Too many requests' },
  INTERNAL: { status: 500, message: 'Internal error' },
  DATABASE_UNAVAILABLE: { status: 503, message: 'The database is unavailable; retry later' },
  // Ad costs (CSV upload of ad spend).
  COST_COLUMNS_MISSING: {
    status: 400,
    message: 'The CSV header lacks a required column: date, source, medium, campaign, cost, currency',
  },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof errorCatalogue;

/** An expected failure with a stable code; the server maps it to `{ error: { code, message } }`. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, details?: Record<string, unknown>, message?: string) {
    super(message ?? errorCatalogue[code].message);
    this.name = 'AppError';
    this.code = code;
    this.status = errorCatalogue[code].status;
    this.details = details;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
