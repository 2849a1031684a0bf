/**
 * What a provider's events decide about a call, leaving out ids, attribution and what depends on the
 * caller's other calls: the part of a call record a provider's tests compare.
 */
import type { CallRecord } from '@calltrail/protocol';

const lifecycleFields = [
  'status',
  'direction',
  'startedAt',
  'answeredAt',
  'endedAt',
  'waitSeconds',
  'talkSeconds',
  'agent',
  'caller',
  'trackingNumber',
] as const satisfies readonly (keyof CallRecord)[];

/** The lifecycle fields, and any others a provider's test cares about (queue, transfers…). */
export function lifecycle(record: CallRecord, also: readonly (keyof CallRecord)[] = []) {
  return Object.fromEntries([...lifecycleFields, ...also].map((name) => [name, record[name]]));
}
