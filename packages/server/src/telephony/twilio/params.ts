/**
 * The parameters of a Twilio request, as Twilio sends them: a form body on POST, the query string
 * on GET. Names may repeat, so every value is kept; the readers below turn a missing or malformed
 * field into INVALID_EVENT.
 */
import { AppError, type WebhookRequest } from '@calltrail/core';

/** Every value of every parameter, in the order received. */
export type TwilioParams = ReadonlyMap<string, readonly string[]>;

export function paramsOf(request: WebhookRequest): TwilioParams {
  if (request.method === 'GET') return collect(new URL(request.publicUrl).searchParams);
  const type = request.headers['content-type'] ?? '';
  if (!/^application\/x-www-form-urlencoded\s*(;|$)/i.test(type)) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', {
      contentType: type,
      expected: 'application/x-www-form-urlencoded',
    });
  }
  return collect(new URLSearchParams(request.rawBody));
}

function collect(search: URLSearchParams): TwilioParams {
  const params = new Map<string, string[]>();
  for (const [name, value] of search) {
    const values = params.get(name);
    if (values) values.push(value);
    else params.set(name, [value]);
  }
  return params;
}

/** The parameters as received, for the call event's `raw`: one value as a string, repeats as a list. */
export function rawOf(params: TwilioParams): Record<string, string | string[]> {
  const raw: Record<string, string | string[]> = {};
  for (const [name, values] of params) raw[name] = values.length === 1 ? (values[0] as string) : [...values];
  return raw;
}

/** A parameter's value, untouched (the last one if the name repeats); undefined when absent. */
export function optional(params: TwilioParams, name: string): string | undefined {
  return params.get(name)?.at(-1);
}

export function required(params: TwilioParams, name: string): string {
  const value = optional(params, name)?.trim();
  if (!value) throw new AppError('INVALID_EVENT', { field: name }, `${name} is missing`);
  return value;
}

/** A count of seconds (CallDuration, DialCallDuration, RecordingDuration) or a SequenceNumber. */
export function wholeNumber(params: TwilioParams, name: string): number | undefined {
  const value = optional(params, name)?.trim();
  if (value === undefined || value === '') return undefined;
  if (!/^\d{1,9}$/.test(value)) throw malformed(name, value, 'a whole number');
  return Number(value);
}

/** Twilio's `Timestamp`: RFC 2822 in UTC, such as "Tue, 29 Sep 2026 10:00:00 +0000". */
export function timestamp(params: TwilioParams, name: string): Date | null {
  const value = optional(params, name)?.trim();
  if (!value) return null;
  const date = parseRfc2822(value);
  if (!date) throw malformed(name, value, 'an RFC 2822 date');
  return date;
}

const months = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const rfc2822 =
  /^(?:[a-z]{3},\s*)?(\d{1,2})\s+([a-z]{3})\s+(\d{4})\s+(\d{2}):(\d{2})(?::(\d{2}))?\s+(?:([+-])(\d{2})(\d{2})|gmt|ut|utc|z)$/i;

export function parseRfc2822(text: string): Date | null {
  const match = rfc2822.exec(text);
  if (!match) return null;
  const [, day, monthName, year, hours, minutes, seconds = '0', sign, offsetHours, offsetMinutes] = match;
  const month = months.indexOf((monthName as string).toLowerCase());
  if (month === -1 || Number(hours) > 23 || Number(minutes) > 59 || Number(seconds) > 59) return null;
  const utc = Date.UTC(Number(year), month, Number(day), Number(hours), Number(minutes), Number(seconds));
  // Date.UTC rolls 31 Feb over into March; a date that does not exist is malformed instead.
  if (new Date(utc).getUTCDate() !== Number(day)) return null;
  const offset = sign ? (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes)) : 0;
  return new Date(utc - offset * 60_000);
}

function malformed(field: string, value: string, expected: string): AppError {
  return new AppError('INVALID_EVENT', { field, value }, `${field} is not ${expected}`);
}
