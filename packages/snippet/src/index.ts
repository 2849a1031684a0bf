/**
 * The website snippet (thin for now): its version, sent with every request, and the wire types it
 * speaks. Number swapping arrives with the snippet milestone.
 */
export type { HitReply, HitRequest, NumberSwap, SessionReply, SessionRequest } from '@calltrail/protocol';

export const VERSION = '0.1.0';
