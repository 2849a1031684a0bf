/** Renders the error catalogue as `docs/errors.md`; `npm run docs` writes it and a test keeps it in sync. */
import { errorCatalogue } from './errors.ts';

// A `|` inside a cell would end it early; a newline would end the row.
function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

/** The Markdown of `docs/errors.md`: every error code with its HTTP status and message. */
export function renderErrorDocs(): string {
  const rows = Object.entries(errorCatalogue).map(
    ([code, { status, message }]) => `| \`${code}\` | ${status} | ${cell(message)} |`,
  );
  return [
    '<!-- Generated from packages/core/src/errors.ts by `npm run docs`: do not edit by hand. -->',
    '',
    '# Error codes',
    '',
    'Every error response has the body `{ "error": { "code": "…", "message": "…" } }`, where `code` is ' +
      'one of the codes below and keeps its meaning for good: a retired code is never reused.',
    '',
    '| Code | HTTP status | Message |',
    '| --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
