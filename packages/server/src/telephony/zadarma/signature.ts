/**
 * Zadarma's signatures. Webhooks carry a `Signature` header: base64 of an HMAC-SHA1, with the
 * secret, of a few fields concatenated (which fields depends on the event). Requests to Zadarma's
 * API carry `Authorization: <key>:<signature>` over the method's path and its sorted parameters.
 */
import { createHash, createHmac } from 'node:crypto';
import { AppError, type WebhookRequest } from '@calltrail/core';
import { sameText } from '../same-text.ts';

export interface ZadarmaCredentials {
  key: string;
  secret: string;
}

/** The fields each notification's signature covers, in order (Zadarma's SDKs, `getSignatureString`). */
export const signedFields = {
  NOTIFY_START: ['caller_id', 'called_did', 'call_start'],
  NOTIFY_IVR: ['caller_id', 'called_did', 'call_start'],
  NOTIFY_INTERNAL: ['caller_id', 'called_did', 'call_start'],
  NOTIFY_ANSWER: ['caller_id', 'destination', 'call_start'],
  NOTIFY_END: ['caller_id', 'called_did', 'call_start'],
  NOTIFY_OUT_START: ['internal', 'destination', 'call_start'],
  NOTIFY_OUT_END: ['internal', 'destination', 'call_start'],
  NOTIFY_RECORD: ['pbx_call_id', 'call_id_with_rec'],
} as const;

export type ZadarmaEvent = keyof typeof signedFields;

export function isZadarmaEvent(event: string): event is ZadarmaEvent {
  return Object.hasOwn(signedFields, event);
}

function hmacSha1(secret: string, text: string): Buffer {
  return createHmac('sha1', secret).update(text).digest();
}

/**
 * Base64 of the hex digest, as PHP's `base64_encode(hash_hmac(...))` gives: what Zadarma's
 * documentation and PHP library do, for webhooks and API requests alike.
 */
function base64OfHex(digest: Buffer): string {
  return Buffer.from(digest.toString('hex')).toString('base64');
}

/**
 * Throws unless the notification's `Signature` header is right for its fields. Both encodings
 * Zadarma's own libraries produce are accepted: base64 of the hex digest (documentation, PHP) and
 * base64 of the raw digest (TypeScript library), until real traffic tells which the PBX sends.
 */
export function verifyNotification(
  request: WebhookRequest,
  event: ZadarmaEvent,
  credentials: ZadarmaCredentials,
): void {
  const signature = request.headers.signature?.trim() ?? '';
  const digest = hmacSha1(
    credentials.secret,
    signedFields[event].map((name) => request.form[name] ?? '').join(''),
  );
  const asHex = sameText(signature, base64OfHex(digest));
  const asRaw = sameText(signature, digest.toString('base64'));
  if (!(asHex || asRaw)) throw new AppError('INVALID_SIGNATURE');
}

/** PHP's `urlencode` (RFC 1738, as `http_build_query` writes): what Zadarma signs requests over. */
function phpUrlencode(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/** Parameters sorted by name and encoded as Zadarma signs them; also the request's query string. */
export function apiQuery(params: Readonly<Record<string, string>>): string {
  return Object.keys(params)
    .sort()
    .map((name) => `${phpUrlencode(name)}=${phpUrlencode(params[name] ?? '')}`)
    .join('&');
}

/**
 * The Authorization header of a request to Zadarma's API: the method's path (with the version and
 * its trailing slash), the sorted query and that query's MD5, signed with the secret.
 */
export function apiAuthorization(credentials: ZadarmaCredentials, path: string, query: string): string {
  const md5 = createHash('md5').update(query).digest('hex');
  return `${credentials.key}:${base64OfHex(hmacSha1(credentials.secret, path + query + md5))}`;
}
