/**
 * Our X-Twilio-Signature check against the official `twilio` package's, on the same requests: the
 * signature it expects and whether its validator accepts.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import twilioSdk from 'twilio';
import { account, incomingCall, sid } from './fixtures.ts';
import type { TwilioParams } from './params.ts';
import { isTwilioSignatureValid, signedUrlForms, twilioSignature } from './signature.ts';

const url = 'https://calltrail.test/hooks/v1/twilio/hook_abc/voice';
const fields = incomingCall(sid('CA', 1));

/** Our parameter list from the object the SDK takes (an array is a repeated name). */
function paramsFrom(object: Record<string, string | string[]>): TwilioParams {
  return new Map(
    Object.entries(object).map(([name, value]) => [name, Array.isArray(value) ? value : [value]]),
  );
}

const signedBy = (token: string, signedUrl: string, params: Record<string, string | string[]>) =>
  twilioSdk.getExpectedTwilioSignature(token, signedUrl, params);

describe('X-Twilio-Signature', () => {
  test('we compute the signature the official package expects, repeated names included', () => {
    const cases: [string, Record<string, string | string[]>][] = [
      [url, fields],
      [url, {}],
      [`${url}?from=console&x=1`, fields],
      [url, { ...fields, Digits: ['3', '1', '3'], Body: 'Привет & "hi"' }],
    ];
    for (const [signedUrl, params] of cases) {
      assert.equal(
        twilioSignature(account.authToken, signedUrl, paramsFrom(params)),
        signedBy(account.authToken, signedUrl, params),
      );
    }
  });

  const requests: { name: string; signature: string; url: string; params: Record<string, string> }[] = [
    { name: 'a valid request', signature: signedBy(account.authToken, url, fields), url, params: fields },
    {
      name: 'a tampered parameter',
      signature: signedBy(account.authToken, url, fields),
      url,
      params: { ...fields, From: '+79990000000' },
    },
    { name: 'a wrong auth token', signature: signedBy('another-token', url, fields), url, params: fields },
    {
      name: 'the URL signed with :443, received without',
      signature: signedBy(
        account.authToken,
        'https://calltrail.test:443/hooks/v1/twilio/hook_abc/voice',
        fields,
      ),
      url,
      params: fields,
    },
    {
      name: 'the URL signed without :443, received with',
      signature: signedBy(account.authToken, url, fields),
      url: 'https://calltrail.test:443/hooks/v1/twilio/hook_abc/voice',
      params: fields,
    },
    {
      name: 'a non-default port signed as received',
      signature: signedBy(account.authToken, 'http://localhost:8080/voice', fields),
      url: 'http://localhost:8080/voice',
      params: fields,
    },
    {
      name: 'another path',
      signature: signedBy(account.authToken, `${url}2`, fields),
      url,
      params: fields,
    },
    { name: 'no signature at all', signature: '', url, params: fields },
  ];
  for (const request of requests) {
    test(`we decide as the official validator does: ${request.name}`, () => {
      assert.equal(
        isTwilioSignatureValid(account.authToken, request.signature, request.url, paramsFrom(request.params)),
        twilioSdk.validateRequest(account.authToken, request.signature, request.url, request.params),
      );
    });
  }

  test('the valid cases are the ones expected to be', () => {
    const valid = requests
      .filter((r) => isTwilioSignatureValid(account.authToken, r.signature, r.url, paramsFrom(r.params)))
      .map((r) => r.name);
    assert.deepEqual(valid, [
      'a valid request',
      'the URL signed with :443, received without',
      'the URL signed without :443, received with',
      'a non-default port signed as received',
    ]);
  });

  test('a URL is tried with and without the default port of its scheme', () => {
    assert.deepEqual(signedUrlForms('https://a.test/x?y=1'), [
      'https://a.test/x?y=1',
      'https://a.test:443/x?y=1',
    ]);
    assert.deepEqual(signedUrlForms('http://a.test:80/x'), ['http://a.test/x', 'http://a.test:80/x']);
    assert.deepEqual(signedUrlForms('https://[::1]:8443/x'), ['https://[::1]/x', 'https://[::1]:8443/x']);
  });
});
