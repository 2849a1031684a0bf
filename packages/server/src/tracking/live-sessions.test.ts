import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SessionRow } from '../stores/sql/sessions.ts';
import { LiveSessions } from './live-sessions.ts';

const session = (id: string, visitorId: string, startedAt: string) =>
  ({ id, visitorId, startedAt: new Date(startedAt) }) as SessionRow;

test('a visitor’s latest session is the one that started last, whatever the order they were seen in', () => {
  const live = new LiveSessions();
  live.put(session('s2', 'v', '2026-01-05T11:00:00Z'));
  live.put(session('s1', 'v', '2026-01-05T10:00:00Z'));
  assert.equal(live.latestOf('v')?.id, 's2');
  assert.equal(live.get('s1')?.id, 's1');
});

test('beyond capacity the least recently used session is forgotten, with its visitor link', () => {
  const live = new LiveSessions(2);
  live.put(session('a', 'va', '2026-01-05T10:00:00Z'));
  live.put(session('b', 'vb', '2026-01-05T10:00:00Z'));
  live.put(session('a', 'va', '2026-01-05T10:00:00Z'));
  live.put(session('c', 'vc', '2026-01-05T10:00:00Z'));
  assert.equal(live.get('b'), undefined);
  assert.equal(live.latestOf('vb'), undefined);
  assert.equal(live.get('a')?.id, 'a');
  assert.equal(live.latestOf('vc')?.id, 'c');
});
