/** Browser and OS names read from real user agents. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browserOf, osOf } from './browser-of.ts';

const cases: [string, string | null, string | null][] = [
  [
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
    'Chrome 131',
    'Android 14',
  ],
  [
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
    'Safari 17',
    'iOS 17.4',
  ],
  [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.2849.68',
    'Microsoft Edge 130',
    'Windows 10/11',
  ],
  [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 YaBrowser/24.7.0.0 Safari/537.36',
    'Yandex Browser 24',
    'Windows 10/11',
  ],
  [
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:132.0) Gecko/20100101 Firefox/132.0',
    'Firefox 132',
    'macOS 10.15',
  ],
  ['curl/8.5.0', null, null],
];

for (const [userAgent, browser, os] of cases) {
  test(`${userAgent.slice(0, 50)}… is ${browser} on ${os}`, () => {
    assert.equal(browserOf(userAgent), browser);
    assert.equal(osOf(userAgent), os);
  });
}

test('an unknown user agent names nothing', () => {
  assert.equal(browserOf(null), null);
  assert.equal(osOf(null), null);
});
