/**
 * What the fields of AMI channel events say about a call: who was dialled, whether a number is
 * external, how a leg ended, which queue the caller waited in.
 */
import type { EndStatus } from '@calltrail/core';
import type { AmiFrame } from './ami-frame.ts';

/** Internal extensions are short; a number this long or longer is taken for an outside line. */
const externalNumberMinDigits = 7;

/** Values Asterisk puts in place of a missing caller ID or extension. */
function meaningful(value: string | undefined): value is string {
  return value !== undefined && value !== '' && value !== '<unknown>' && value !== 's';
}

/** The dialled party in a dial string: `PJSIP/101` → 101, `101@from-queue/n` → 101, `fmc/4012` → 4012. */
export function dialTarget(dialString: string | undefined): string | undefined {
  if (!dialString) return undefined;
  const afterTech = dialString.slice(dialString.lastIndexOf('/', dialString.search(/[@&,]|$/)) + 1);
  const target = afterTech.replace(/^(sips?|tel):/i, '').split(/[@&,]/)[0];
  return meaningful(target) ? target : undefined;
}

/** The number itself when it looks like an outside line (digits, maybe a + and separators). */
export function externalNumber(value: string | undefined): string | undefined {
  if (!value || !/^\+?[\d\s().-]+$/.test(value)) return undefined;
  return value.replace(/\D/g, '').length >= externalNumberMinDigits ? value : undefined;
}

/**
 * Who a DialBegin or DialEnd rang: the dial string's target first (what the dialplan or the queue
 * asked for), then the destination channel's caller ID, then its extension. A value equal to the
 * caller's own number is skipped: Asterisk often copies the caller's ID onto the ringing leg.
 */
export function agentOfDial(frame: AmiFrame, callerNumber: string): string | undefined {
  const candidates = [
    dialTarget(frame.get('DialString')),
    frame.get('DestCallerIDNum'),
    frame.get('DestExten'),
  ];
  return candidates.find((candidate) => meaningful(candidate) && candidate !== callerNumber);
}

/**
 * How an unanswered call ended, from the last dial's DialStatus or else the caller's hangup cause
 * (Q.850: 17 user busy and 21 call rejected count as busy; the network and number failures as
 * failed; the rest, including 16 normal clearing while it rang, as missed).
 */
export function unansweredStatus(dialStatus: string | null, cause: string | null): EndStatus {
  switch (dialStatus) {
    case 'BUSY':
      return 'busy';
    case 'NOANSWER':
    case 'CANCEL':
    case 'DONTCALL':
    case 'TORTURE':
      return 'missed';
    case 'CONGESTION':
    case 'CHANUNAVAIL':
    case 'INVALIDARGS':
      return 'failed';
  }
  const code = Number(cause);
  if (code === 17 || code === 21) return 'busy';
  if ([1, 2, 3, 22, 27, 28, 34, 38, 41, 42, 44, 47, 58, 88, 102, 111, 127].includes(code)) return 'failed';
  return 'missed';
}

/** The queue named in the arguments of `Queue(name,options,…)`. */
export function queueOfApplication(
  application: string | undefined,
  data: string | undefined,
): string | undefined {
  if (application?.toLowerCase() !== 'queue') return undefined;
  const name = data?.split(/[,|]/)[0]?.trim();
  return name || undefined;
}

/** CoreShowChannel's `Duration` (`HH:MM:SS`) in seconds. */
export function durationSeconds(value: string | undefined): number {
  const parts = value?.split(':').map(Number) ?? [];
  if (parts.length === 0 || parts.some((part) => !Number.isFinite(part))) return 0;
  return parts.reduce((total, part) => total * 60 + part, 0);
}

/** The `Timestamp` header (`timestampevents = yes`: Unix seconds with microseconds), else null. */
export function eventTime(frame: AmiFrame): Date | null {
  const value = Number(frame.get('Timestamp'));
  return Number.isFinite(value) && value > 0 ? new Date(Math.round(value * 1000)) : null;
}
