import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import type { SnippetSettings } from '@calltrail/protocol';
import { snippetBuild } from './bundle.ts';

/** What a default site inlines: its key and two business numbers. */
const defaultSettings: SnippetSettings = {
  k: 'st_0123456789abcdefghij',
  n: [
    { e: '+74951234567', c: 1, p: '8' },
    { e: '+78005553535', c: 1, p: '8' },
  ],
};

describe('the browser build', () => {
  test('a default page loads at most 5 KB gzip from us, script and settings together', async () => {
    const script = (await snippetBuild()).withSettings(JSON.stringify(defaultSettings));
    const gzip = gzipSync(script, { level: 9 }).length;
    console.log(`snippet: ${script.length} bytes, ${gzip} bytes gzip (budget 5120)`);
    assert.ok(gzip <= 5 * 1024, `${gzip} bytes gzip is over the 5 KB budget`);
  });

  test('the pinned build is stable bytes with a matching integrity value and a versioned id', async () => {
    const build = await snippetBuild();
    assert.equal(build.integrity, `sha384-${createHash('sha384').update(build.pinned).digest('base64')}`);
    assert.match(build.buildId, /^\d+\.\d+\.\d+-[0-9a-f]{8}$/);
    assert.equal(await snippetBuild(), build, 'built once per process');
  });

  test('the script names one global and uses no eval or Function', async () => {
    const { pinned } = await snippetBuild();
    assert.doesNotMatch(pinned, /\beval\(|new Function|Function\(/);
    // Top-level declarations stay inside the wrapper function.
    assert.match(pinned, /^!function\(CALLTRAIL_SETTINGS\)\{/);
    assert.match(pinned, /\}\(\);\n$/);
  });
});
