import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { errorCatalogue } from './errors.ts';
import { renderErrorDocs } from './errors-doc.ts';

const docsUrl = new URL('../../../docs/errors.md', import.meta.url);

test('docs/errors.md is the rendered error catalogue', () => {
  const committed = readFileSync(docsUrl, 'utf8');
  assert.equal(committed, renderErrorDocs(), 'docs/errors.md is out of date: run `npm run docs`');
});

test('every error code is UPPER_SNAKE_CASE with a 4xx or 5xx status', () => {
  for (const [code, { status }] of Object.entries(errorCatalogue)) {
    assert.match(code, /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/, `${code} is not UPPER_SNAKE_CASE`);
    assert.ok(Number.isInteger(status) && status >= 400 && status <= 599, `${code} has status ${status}`);
  }
});
