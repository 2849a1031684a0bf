/**
 * Routes that take a CSV file as their body (costs, numbers): the file arrives as text, up to a
 * limit, and any other body (JSON included) is answered 415 in the plugin's scope.
 */
import type { FastifyInstance } from 'fastify';

export function acceptCsvBodies(app: FastifyInstance, maxBytes: number): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    ['text/csv', 'text/plain'],
    { parseAs: 'string', bodyLimit: maxBytes },
    (_request, body, done) => done(null, body),
  );
}
