/**
 * Reading the `json` field of a Mango notification. Mango has added fields since its 2017 API
 * document and sends some numbers as strings, so fields are read leniently and the object is kept
 * as received.
 */
import { AppError, type CallEvent, type ProviderCallEvent } from '@calltrail/core';
import { sha256 } from '../../ids.ts';
import { canonicalJson } from '../generic/index.ts';

export type Notification = Readonly<Record<string, unknown>>;

export function parseNotification(json: string | undefined): Notification {
  if (json === undefined || json === '')
    throw new AppError('INVALID_EVENT', { field: 'json' }, 'json is missing');
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new AppError('INVALID_EVENT', { field: 'json' }, 'json is not JSON');
  }
  if (!isObject(parsed)) throw new AppError('INVALID_EVENT', { field: 'json' }, 'json is not an object');
  return parsed;
}

function isObject(value: unknown): value is Notification {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A nested object such as `from` or `to`; empty when absent. */
export function part(notification: Notification, name: string): Notification {
  const value = notification[name];
  return isObject(value) ? value : {};
}

/** A field as text (Mango sends extensions and codes as strings or numbers); undefined when empty. */
export function text(notification: Notification, name: string): string | undefined {
  const value = notification[name];
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  return undefined;
}

export function requiredText(notification: Notification, name: string): string {
  const value = text(notification, name);
  if (value === undefined) throw new AppError('INVALID_EVENT', { field: name }, `${name} is missing`);
  return value;
}

/** A whole number sent as a number or a string; undefined when absent. */
export function integer(notification: Notification, name: string): number | undefined {
  const value = text(notification, name);
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value))
    throw new AppError('INVALID_EVENT', { field: name, value }, `${name} is not a number`);
  return Number(value);
}

export function requiredInteger(notification: Notification, name: string): number {
  const value = integer(notification, name);
  if (value === undefined) throw new AppError('INVALID_EVENT', { field: name }, `${name} is missing`);
  return value;
}

/** Mango's times are Unix seconds, UTC; 0 stands for "did not happen" (a missed call's talk_time). */
export function epochSeconds(notification: Notification, name: string): Date | null {
  const seconds = integer(notification, name);
  if (seconds === undefined || seconds === 0) return null;
  if (seconds < 0)
    throw new AppError('INVALID_EVENT', { field: name, value: seconds }, `${name} is negative`);
  return new Date(seconds * 1000);
}

export function requiredTime(notification: Notification, name: string): Date {
  const time = epochSeconds(notification, name);
  if (time === null) throw new AppError('INVALID_EVENT', { field: name }, `${name} is missing`);
  return time;
}

/**
 * One call event read from a notification. The key covers what Mango sent (re-serialised in any
 * key order) and what we made of it, so a retried notification is recognised and changes nothing.
 */
export function callEventFrom(
  providerCallId: string,
  notification: Notification,
  source: string,
  event: CallEvent,
): ProviderCallEvent {
  return {
    providerCallId,
    dedupeKey: sha256(canonicalJson({ source, kind: event.kind, notification })),
    event,
    raw: notification,
  };
}
