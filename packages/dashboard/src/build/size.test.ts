import assert from 'node:assert/strict';
import { test } from 'node:test';
import { builtScripts } from './build.ts';

// Issue 6's quality bar: the calls page loads under 150 KB of gzipped scripts.
const budgetBytes = 150 * 1024;

test('the calls page’s scripts stay under 150 KB gzip', async () => {
  {
    // The build `npm install`/`npm ci` made. Every chunk counts: the calls page is the first page
    // after logging in and needs them all.
    const scripts = await builtScripts();
    const gzip = scripts.reduce((sum, script) => sum + script.gzipBytes, 0);
    const raw = scripts.reduce((sum, script) => sum + script.bytes, 0);
    console.log(
      `dashboard scripts: ${(raw / 1024).toFixed(1)} KB, ${(gzip / 1024).toFixed(1)} KB gzip ` +
        `(budget ${budgetBytes / 1024} KB) in ${scripts.map((s) => s.file).join(', ')}`,
    );
    assert.ok(scripts.length > 0, 'the build wrote scripts');
    assert.ok(gzip < budgetBytes, `${gzip} bytes gzip exceed the budget of ${budgetBytes}`);
  }
});
