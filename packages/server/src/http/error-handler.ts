/**
 * Turns every failure into `{ "error": { "code", "message" } }` with a code from the catalogue.
 * 5xx messages are generic: stack traces and driver messages never reach clients.
 */
import { AppError, type ErrorCode, errorCatalogue, isAppError } from '@calltrail/core';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'MALFORMED_BODY',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_BODY',
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_BODY',
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
};

// Connection-level failures from node-postgres and PGlite: the request may be retried later.
const unavailableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01',
  '57P03',
  '53300',
]);

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 5) return false;
  // drizzle wraps driver errors in DrizzleQueryError; the driver's error is the cause.
  if (isDatabaseUnavailable((error as { cause?: unknown }).cause, depth + 1)) return true;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && unavailableCodes.has(code)) return true;
  const message = (error as { message?: unknown }).message;
  return (
    typeof message === 'string' &&
    /Connection terminated|connection is closed|Client has encountered a connection error|PGlite is closed/i.test(
      message,
    )
  );
}

export function toAppError(error: unknown): AppError {
  if (isAppError(error)) return error;
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) {
    return new AppError('VALIDATION_FAILED', undefined, `${fastifyError.message}`);
  }
  if (error instanceof SyntaxError) return new AppError('MALFORMED_BODY');
  const mapped = fastifyError.code ? fastifyCodes[fastifyError.code] : undefined;
  if (mapped) return new AppError(mapped, undefined, fastifyError.message);
  if (isDatabaseUnavailable(error)) return new AppError('DATABASE_UNAVAILABLE');
  return new AppError('INTERNAL');
}

export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const appError = toAppError(error);
    if (appError.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: appError.code, msg: appError.message }, 'request rejected');
    const message = appError.status >= 500 ? errorCatalogue[appError.code].message : appError.message;
    const body: { error: { code: string; message: string; details?: Record<string, unknown> } } = {
      error: { code: appError.code, message },
    };
    if (appError.details && appError.status < 500) body.error.details = appError.details;
    if (appError.status === 503) reply.header('retry-after', '5');
    return reply.status(appError.status).send(body);
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({
      error: { code: 'ROUTE_NOT_FOUND', message: `No route ${request.method} ${request.url.split('?')[0]}` },
    }),
  );
}
