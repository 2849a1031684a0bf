import assert from 'node:assert/strict';
import { test } from 'node:test';
import { creditedSessionId, firstSession, type VisitorSession } from './touch-credit.ts';

const at = (iso: string) => new Date(iso);
const journeys: Record<string, VisitorSession[]> = {
  // Came from a paid ad in March, returned through organic search in May and called.
  ann: [
    { id: 's-organic-may', startedAt: at('2026-05-02T10:00:00Z') },
    { id: 's-paid-march', startedAt: at('2026-03-10T09:00:00Z') },
  ],
};
const sessionsOf = (visitorId: string) => journeys[visitorId] ?? [];
const call = { sessionId: 's-organic-may', visitorId: 'ann' };

test('last touch credits the session attribution matched the call to', () => {
  assert.equal(creditedSessionId(call, 'last', sessionsOf), 's-organic-may');
});

test('first touch credits the visitor’s earliest session, even one before the period', () => {
  assert.equal(creditedSessionId(call, 'first', sessionsOf), 's-paid-march');
});

test('a call with no known visitor keeps its last touch under first touch', () => {
  assert.equal(creditedSessionId({ sessionId: 's-x', visitorId: null }, 'first', sessionsOf), 's-x');
});

test('an unattributed call is credited to no touch under last touch', () => {
  assert.equal(creditedSessionId({ sessionId: null, visitorId: 'ann' }, 'last', sessionsOf), null);
});

test('a repeat caller known only by their earlier calls is credited to their first session', () => {
  assert.equal(creditedSessionId({ sessionId: null, visitorId: 'ann' }, 'first', sessionsOf), 's-paid-march');
});

test('two sessions started at the same instant: the smaller id is first', () => {
  const same = at('2026-01-01T00:00:00Z');
  assert.equal(
    firstSession([
      { id: 'b', startedAt: same },
      { id: 'a', startedAt: same },
    ])?.id,
    'a',
  );
});
