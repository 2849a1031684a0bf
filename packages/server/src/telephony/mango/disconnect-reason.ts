/**
 * Mango's `disconnect_reason` codes (the result-code table of the VPBX API document): how a call
 * that nobody answered ended, and which leg endings end the whole call.
 */
import type { EndStatus } from '@calltrail/core';

/** The caller hung up: whatever leg reports it, nobody is left on the line. */
const callerHungUp = 1110;
/** The employee hung up: at an employee, the conversation is over. */
const calleeHungUp = 1120;

/** Busy (1121), rejected by the callee (1122) and "do not disturb" (1123) all mean "busy". */
const busy = new Set([1121, 1122, 1123]);

/**
 * The end of an unanswered call. 11xx codes other than busy, restrictions (113x–115x) and broken
 * routing (1160, 1161, 1171) are the caller giving up or nobody answering in time: missed.
 * Restrictions, billing (2xxx), bad requests (3xxx), impossible actions (4xxx) and server errors
 * (5xxx) are failures. Undefined when Mango gave no code.
 */
export function endStatusOf(reason: number | undefined): Exclude<EndStatus, 'completed'> | undefined {
  if (reason === undefined) return undefined;
  if (busy.has(reason)) return 'busy';
  const restricted = reason >= 1130 && reason < 1160;
  const misrouted = reason === 1160 || reason === 1161 || reason === 1171;
  if (reason >= 1100 && reason < 1200 && !restricted && !misrouted) return 'missed';
  return 'failed';
}

/**
 * Whether a leg's Disconnected ends the whole call. An outbound call has one external leg; an
 * inbound call passes through IVR, queue and employee legs that each end on their own, so only the
 * caller leaving or an employee hanging up on the conversation tells that the call is over. The
 * summary settles every other case.
 */
export function endsWholeCall(
  reason: number | undefined,
  location: string | undefined,
  outbound: boolean,
): boolean {
  if (outbound) return true;
  return reason === callerHungUp || (reason === calleeHungUp && location === 'abonent');
}
