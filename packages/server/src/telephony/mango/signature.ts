/**
 * Mango's signature, the same both ways: `sign` is the lowercase hex SHA-256 of the API key, the
 * `json` field exactly as sent, and the salt, concatenated (a plain hash, not an HMAC).
 */
import { createHash } from 'node:crypto';
import { AppError, type WebhookRequest } from '@calltrail/core';
import { sameText } from '../same-text.ts';

export interface MangoCredentials {
  apiKey: string;
  apiSalt: string;
}

export function mangoSign(credentials: MangoCredentials, json: string): string {
  return createHash('sha256')
    .update(credentials.apiKey + json + credentials.apiSalt)
    .digest('hex');
}

/** Throws unless the request is a form Mango signed with this connection's key and salt. */
export function verifyMangoForm(request: WebhookRequest, credentials: MangoCredentials): void {
  const contentType = request.headers['content-type'] ?? '';
  if (request.method !== 'POST' || !/^application\/x-www-form-urlencoded/i.test(contentType)) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', {
      contentType,
      expected: 'application/x-www-form-urlencoded',
    });
  }
  const { vpbx_api_key: key = '', sign = '', json = '' } = request.form;
  // Both checks run whatever the first says, so a wrong key answers as fast as a wrong sign.
  const keyMatches = sameText(key, credentials.apiKey);
  const signMatches = sameText(sign.toLowerCase(), mangoSign(credentials, json));
  if (!(keyMatches && signMatches)) throw new AppError('INVALID_SIGNATURE');
}

/** The form body of a request to Mango's API, signed as Mango checks it. */
export function signedForm(credentials: MangoCredentials, json: string): string {
  return new URLSearchParams({
    vpbx_api_key: credentials.apiKey,
    sign: mangoSign(credentials, json),
    json,
  }).toString();
}
