import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { safeHref } from './external-link.ts';

describe('links to addresses a visitor’s browser reported', () => {
  it('are made for http and https addresses', () => {
    assert.equal(
      safeHref('https://clinic.example/teeth?utm_source=google'),
      'https://clinic.example/teeth?utm_source=google',
    );
    assert.equal(safeHref('http://clinic.example'), 'http://clinic.example/');
  });

  it('are never made for scripts, data, relative or broken addresses', () => {
    for (const address of [
      'javascript:alert(1)',
      ' JavaScript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      '/teeth',
      '//evil.example/',
      'not a url',
      '',
    ]) {
      assert.equal(safeHref(address), null, address);
    }
  });
});
