/**
 * The generic provider: call events as JSON from any PBX that can send a webhook (documented in
 * OpenAPI as GenericCallEvent). Turns one body into one normalised call event.
 */
import { AppError, type CallEvent } from '@calltrail/core';
import type { GenericCallEvent } from '@calltrail/protocol';
import { sha256 } from '../../ids.ts';

export interface ParsedCallEvent {
  providerCallId: string;
  /** Same content, same key: a retried delivery changes nothing. */
  dedupeKey: string;
  event: CallEvent;
}

/** Canonical JSON (sorted keys), so a re-serialised retry of the same event is recognised. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function parseGenericEvent(body: GenericCallEvent, receivedAt: Date): ParsedCallEvent {
  let at: Date | null = null;
  if (body.at) {
    at = new Date(body.at);
    if (Number.isNaN(at.getTime()))
      throw new AppError('VALIDATION_FAILED', { at: body.at }, 'at is not a date');
  }
  return {
    providerCallId: body.callId,
    dedupeKey: sha256(canonicalJson(body)),
    event: {
      kind: body.event,
      at,
      receivedAt,
      direction: body.direction ?? 'inbound',
      from: body.from,
      to: body.to,
      ...(body.status ? { endStatus: body.status } : {}),
      ...(body.agent ? { agent: body.agent } : {}),
      ...(body.queue ? { queue: body.queue } : {}),
    },
  };
}
