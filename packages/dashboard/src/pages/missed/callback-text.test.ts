/** Specification of the worklist's callback column. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { callbackText, humanDuration } from './callback-text.ts';
import { words } from './words.ts';

const en = words.en;
const callback = (
  afterSeconds: number,
  answered: boolean,
  direction: 'outbound' | 'inbound' = 'outbound',
) => ({
  callId: 'call_2',
  startedAt: '2026-03-01T10:04:00.000Z',
  afterSeconds,
  answered,
  direction,
});

describe('callbackText', () => {
  it('says how soon the first answered callback came', () => {
    assert.equal(callbackText({ callback: callback(250, true), attempts: 1 }, en), 'after 4 min, answered');
  });

  it('counts the attempts when it took more than one', () => {
    assert.equal(
      callbackText({ callback: callback(3900, true), attempts: 3 }, en),
      'after 1 h 5 min, answered · 3 attempts',
    );
  });

  it('counts unanswered attempts, and says nothing when nobody called back yet', () => {
    assert.equal(callbackText({ callback: null, attempts: 2 }, en), '2 attempts');
    assert.equal(callbackText({ callback: null, attempts: 0 }, en), '');
  });

  it('tells a caller who called again from a callback', () => {
    assert.equal(
      callbackText({ callback: callback(600, true, 'inbound'), attempts: 0 }, en),
      'after 10 min, they called',
    );
  });

  it('speaks Russian too', () => {
    assert.equal(
      callbackText({ callback: callback(250, true), attempts: 1 }, words.ru),
      'через 4 мин, ответили',
    );
  });
});

describe('humanDuration', () => {
  it('rounds down to minutes, and says so under a minute', () => {
    assert.equal(humanDuration(59, en), 'under a minute');
    assert.equal(humanDuration(7200, en), '2 h');
  });
});
