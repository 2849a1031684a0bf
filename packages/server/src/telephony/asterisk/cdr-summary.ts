/**
 * A call's final account from Asterisk's CDRs (`Cdr` events of cdr_manager). Asterisk writes one CDR
 * per pairing of party A with a party B, so a call that rang two agents in turn, or was transferred,
 * has several; those whose party A is the caller's own leg are folded into one summary:
 * - started at the earliest StartTime, ended at the latest EndTime;
 * - completed when a CDR with a party B (a DestinationChannel) was ANSWERED, answered at the
 *   earliest such AnswerTime. An ANSWERED CDR without a party B means the PBX itself answered
 *   (an IVR, voicemail): nobody talked to the caller, so it counts as missed;
 * - otherwise the disposition of the last CDR to end (preferring those that dialled someone):
 *   NO ANSWER missed, BUSY busy, FAILED and CONGESTION failed.
 * CDRs whose party A is another leg (an agent's consultation call) say nothing about the caller.
 */
import { type CallSummary, type EndStatus, isTimeZone, wallClockToUtc } from '@calltrail/core';
import type { AmiFrame } from './ami-frame.ts';
import { queueOfApplication } from './call-legs.ts';

export interface CdrRecord {
  start: Date;
  answer: Date | null;
  end: Date;
  disposition: string;
  dialledSomeone: boolean;
  queue: string | undefined;
}

/** Reads a Cdr event; null when its times cannot be read in `timeZone` (or that is no time zone). */
export function readCdr(frame: AmiFrame, timeZone: string): CdrRecord | null {
  if (!isTimeZone(timeZone)) return null;
  const start = wallClockToUtc(frame.get('StartTime') ?? '', timeZone);
  const end = wallClockToUtc(frame.get('EndTime') ?? '', timeZone);
  if (!start || !end) return null;
  return {
    start,
    // Empty until party A answered (cdr_manager prints it only when set).
    answer: wallClockToUtc(frame.get('AnswerTime') ?? '', timeZone),
    end,
    disposition: (frame.get('Disposition') ?? '').toUpperCase(),
    dialledSomeone: (frame.get('DestinationChannel') ?? '') !== '',
    queue: queueOfApplication(frame.get('LastApplication'), frame.get('LastData')),
  };
}

function dispositionStatus(disposition: string): EndStatus {
  if (disposition === 'BUSY') return 'busy';
  if (disposition === 'FAILED' || disposition === 'CONGESTION') return 'failed';
  return 'missed';
}

export function foldCdrs(records: readonly CdrRecord[]): CallSummary | null {
  if (records.length === 0) return null;
  const startedAt = Math.min(...records.map((record) => record.start.getTime()));
  const endedAt = Math.max(...records.map((record) => record.end.getTime()));
  const talked = records.filter((record) => record.disposition === 'ANSWERED' && record.dialledSomeone);
  if (talked.length > 0) {
    const answeredAt = Math.min(...talked.map((record) => (record.answer ?? record.start).getTime()));
    return {
      startedAt: new Date(startedAt),
      answeredAt: new Date(answeredAt),
      endedAt: new Date(endedAt),
      status: 'completed',
    };
  }
  const byEnd = [...records].sort((a, b) => a.end.getTime() - b.end.getTime());
  const last = byEnd.findLast((record) => record.dialledSomeone) ?? byEnd.at(-1)!;
  return {
    startedAt: new Date(startedAt),
    answeredAt: null,
    endedAt: new Date(endedAt),
    status: dispositionStatus(last.disposition),
  };
}
