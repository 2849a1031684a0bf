/**
 * Builds attributeCall's input for a simulated call, the one place the simulator depends on its
 * shape: the dialled number as the server's number table describes it, the number's recent lease
 * windows, and the visitors the caller's earlier calls were credited to.
 */
import type { AttributeCallInput, LeaseWindow } from '../attribution/match-lease.ts';

/** A tracking number as the server's number table knows it. */
export interface DialledNumber {
  kind: 'static' | 'pool' | 'fallback' | 'overflow';
  siteId: string;
}

export function attributionInput(
  atMs: number,
  /** Null when the caller dialled something that is not a tracking number (the business number). */
  number: DialledNumber | null,
  windows: LeaseWindow[],
  callerVisitorIds: readonly string[],
  /** The caller called before, whether or not that call named a visitor. */
  callerCalledBefore: boolean,
  /** The session the caller's latest confidently credited call named. */
  callerPreviousSessionId: string | null,
): AttributeCallInput {
  return {
    at: new Date(atMs),
    // Simulated calls are all inbound: outbound calls are never attributed and would only dilute the figures.
    direction: 'inbound',
    number: number === null ? null : { kind: number.kind, siteId: number.siteId, channel: null },
    leases: windows,
    callerVisitorIds,
    callerCalledBefore,
    callerPreviousSessionId,
  };
}
