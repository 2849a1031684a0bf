/** Specification of how a call's CDRs become its summary, and of reading their local times. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type CdrRecord, foldCdrs } from './cdr-summary.ts';

const at = (time: string) => new Date(`2026-01-05T${time}Z`);
const cdr = (fields: Partial<CdrRecord> & Pick<CdrRecord, 'start' | 'end' | 'disposition'>): CdrRecord => ({
  answer: null,
  dialledSomeone: true,
  queue: undefined,
  ...fields,
});

describe('folding the CDRs of the caller’s leg', () => {
  test('one answered CDR is the call', () => {
    const answered = cdr({
      start: at('10:00:00'),
      answer: at('10:00:08'),
      end: at('10:01:08'),
      disposition: 'ANSWERED',
    });
    assert.deepEqual(foldCdrs([answered]), {
      startedAt: at('10:00:00'),
      answeredAt: at('10:00:08'),
      endedAt: at('10:01:08'),
      status: 'completed',
    });
  });

  test('a first agent who did not answer and a second who did: from the first start to the last end', () => {
    const summary = foldCdrs([
      cdr({ start: at('10:00:00'), end: at('10:00:20'), disposition: 'NO ANSWER' }),
      cdr({ start: at('10:00:20'), answer: at('10:00:25'), end: at('10:02:00'), disposition: 'ANSWERED' }),
    ]);
    assert.deepEqual(summary, {
      startedAt: at('10:00:00'),
      answeredAt: at('10:00:25'),
      endedAt: at('10:02:00'),
      status: 'completed',
    });
  });

  test('answered by the PBX itself (an IVR, voicemail) with nobody dialled is missed', () => {
    const summary = foldCdrs([
      cdr({
        start: at('10:00:00'),
        answer: at('10:00:01'),
        end: at('10:00:40'),
        disposition: 'ANSWERED',
        dialledSomeone: false,
      }),
    ]);
    assert.equal(summary?.status, 'missed');
    assert.equal(summary?.answeredAt, null);
  });

  test('unanswered: the disposition of the last dial decides', () => {
    for (const [disposition, status] of [
      ['NO ANSWER', 'missed'],
      ['BUSY', 'busy'],
      ['FAILED', 'failed'],
      ['CONGESTION', 'failed'],
    ] as const) {
      const summary = foldCdrs([
        cdr({ start: at('10:00:00'), end: at('10:00:05'), disposition: 'ANSWERED', dialledSomeone: false }),
        cdr({ start: at('10:00:05'), end: at('10:00:30'), disposition }),
      ]);
      assert.equal(summary?.status, status, disposition);
    }
  });

  test('no CDR, no summary', () => {
    assert.equal(foldCdrs([]), null);
  });
});
