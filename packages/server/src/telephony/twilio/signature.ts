/**
 * Twilio's request signature, `X-Twilio-Signature`: the base64 HMAC-SHA1, keyed with the account's
 * auth token, of the URL Twilio requested followed by every POST parameter, sorted by name, written
 * as name then value with nothing between (a GET signs the URL alone, its query included).
 * See https://www.twilio.com/docs/usage/webhooks/webhooks-security.
 */
import { createHmac } from 'node:crypto';
import { AppError, type WebhookRequest } from '@calltrail/core';
import { sameText } from '../same-text.ts';
import { paramsOf, type TwilioParams } from './params.ts';

const noParams: TwilioParams = new Map();

/** The signature Twilio sends for a request to `url` with these POST parameters. */
export function twilioSignature(authToken: string, url: string, params: TwilioParams): string {
  let signed = url;
  for (const name of [...params.keys()].sort()) {
    // A repeated name signs each distinct value once, values sorted, as Twilio's own libraries do.
    for (const value of [...new Set(params.get(name))].sort()) signed += name + value;
  }
  return createHmac('sha1', authToken).update(signed, 'utf8').digest('base64');
}

/**
 * The URL as Twilio may have signed it: Twilio signs some requests with the scheme's default port
 * written out and some without, so both forms are accepted (as the official SDK does).
 */
export function signedUrlForms(url: string): string[] {
  const match = /^(https?):\/\/(\[[^\]]*\]|[^/?#:]*)(:\d*)?(.*)$/is.exec(url);
  if (!match) return [url];
  const [, scheme = '', host = '', port, rest = ''] = match;
  const defaultPort = scheme.toLowerCase() === 'https' ? ':443' : ':80';
  const bare = `${scheme}://${host}${rest}`;
  const withPort = `${scheme}://${host}${port ?? defaultPort}${rest}`;
  return bare === withPort ? [bare] : [bare, withPort];
}

export function isTwilioSignatureValid(
  authToken: string,
  signature: string,
  url: string,
  params: TwilioParams,
): boolean {
  let valid = false;
  // Every form is computed and compared, so the time taken tells nothing about which one matched.
  for (const form of signedUrlForms(url)) {
    if (sameText(signature, twilioSignature(authToken, form, params))) valid = true;
  }
  return valid;
}

/** Throws INVALID_SIGNATURE unless Twilio signed this request with the account's auth token. */
export function verifyTwilioRequest(request: WebhookRequest, authToken: string): void {
  // A body of another type has no parameters to sign: 415 before the signature is weighed.
  const params = paramsOf(request);
  const signature = request.headers['x-twilio-signature'];
  const signed = request.method === 'GET' ? noParams : params;
  if (!signature || !isTwilioSignatureValid(authToken, signature, request.publicUrl, signed)) {
    throw new AppError('INVALID_SIGNATURE');
  }
}
