/**
 * For route tests: a whole call told through the generic webhook, as a PBX would tell it (ringing,
 * answered by an agent or not, ended), so the record is folded and attributed by the real path.
 */
import assert from 'node:assert/strict';
import type { TestApp } from '../testing/test-app.ts';

export interface ScriptedCall {
  callId: string;
  at: string;
  from: string;
  to: string;
  direction?: 'inbound' | 'outbound';
  /** Who answered, after `waitSeconds`; unanswered calls end missed (or `endStatus`). */
  agent?: string;
  waitSeconds?: number;
  talkSeconds?: number;
  endStatus?: 'missed' | 'busy' | 'failed';
}

const later = (iso: string, seconds: number) =>
  new Date(new Date(iso).getTime() + seconds * 1000).toISOString();

/** Posts the call's events and returns its Calltrail id. */
export async function postCall(
  t: TestApp,
  workspace: { workspaceId: string; webhookSecret: string },
  call: ScriptedCall,
): Promise<string> {
  const { callId, at, from, to, direction = 'inbound', agent, waitSeconds = 10, talkSeconds = 60 } = call;
  const base = { callId, from, to, direction };
  const answeredAt = later(at, waitSeconds);
  const events = agent
    ? [
        { ...base, event: 'ringing', at },
        { ...base, event: 'answered', at: answeredAt, agent },
        { ...base, event: 'ended', at: later(answeredAt, talkSeconds), status: 'completed' },
      ]
    : [
        { ...base, event: 'ringing', at },
        { ...base, event: 'ended', at: answeredAt, status: call.endStatus ?? 'missed' },
      ];
  let id = '';
  for (const payload of events) {
    const response = await t.app.inject({
      method: 'POST',
      url: `/hooks/v1/generic/${workspace.workspaceId}?secret=${workspace.webhookSecret}`,
      payload,
    });
    assert.equal(response.statusCode, 200, response.body);
    id = response.json().callId;
  }
  return id;
}
