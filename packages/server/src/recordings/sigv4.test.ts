/**
 * The signer against AWS's published examples: the S3 GET Object example of "Signature Calculations
 * for the Authorization Header" (Amazon S3 API reference, sig-v4-header-based-auth) and two cases of
 * AWS's Signature Version 4 test suite (get-vanilla-query-order-key-case, get-utf8).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emptyPayloadHash, encodePathSegment, signRequest } from './sigv4.ts';

const signatureOf = (headers: Record<string, string>) =>
  /Signature=([0-9a-f]{64})$/.exec(headers.authorization!)?.[1];

test('signs the S3 documentation’s GET Object example as AWS does', () => {
  const headers = signRequest(
    {
      method: 'GET',
      url: new URL('https://examplebucket.s3.amazonaws.com/test.txt'),
      headers: { Range: 'bytes=0-9', 'x-amz-content-sha256': emptyPayloadHash },
      payloadHash: emptyPayloadHash,
    },
    {
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      region: 'us-east-1',
      service: 's3',
    },
    new Date('2013-05-24T00:00:00Z'),
  );
  assert.equal(headers['x-amz-date'], '20130524T000000Z');
  assert.equal(
    headers.authorization,
    'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, ' +
      'SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, ' +
      'Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
  );
});

const suiteKey = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  region: 'us-east-1',
  service: 'service',
};
const suiteDate = new Date('2015-08-30T12:36:00Z');

test('sorts the query by name, as the test suite’s get-vanilla-query-order-key-case expects', () => {
  const headers = signRequest(
    {
      method: 'GET',
      url: new URL('https://example.amazonaws.com/?Param2=value2&Param1=value1'),
      headers: {},
      payloadHash: emptyPayloadHash,
    },
    suiteKey,
    suiteDate,
  );
  assert.equal(signatureOf(headers), 'b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500');
});

test('signs a non-ASCII path encoded once, as the test suite’s get-utf8 expects', () => {
  const url = new URL(`https://example.amazonaws.com/${encodePathSegment('ሴ')}`);
  assert.equal(url.pathname, '/%E1%88%B4');
  const headers = signRequest(
    { method: 'GET', url, headers: {}, payloadHash: emptyPayloadHash },
    suiteKey,
    suiteDate,
  );
  assert.equal(signatureOf(headers), '8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85');
});

test('path segments are encoded as RFC 3986 says, S3’s way', () => {
  assert.equal(encodePathSegment("a b(c)*!'~.-_"), 'a%20b%28c%29%2A%21%27~.-_');
});
