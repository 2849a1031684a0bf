/**
 * `<audio src>` and download links cannot send X-Workspace-Id: a logged-in member names the workspace
 * in the query instead, on GET only, checked exactly as the header is.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { postCall } from '../../calls/call-script.ts';
import { addMember } from '../../stores/sql/workspaces.ts';
import { seedWorkspace, startTestApp, type TestApp } from '../../testing/test-app.ts';
import { databaseChoices } from '../../testing/test-database.ts';
import { type BrowserSession, userLoggedIn } from '../auth/test-session.ts';

const audio = Buffer.from('ID3 not really an mp3, but bytes to play');

for (const choice of databaseChoices()) {
  describe(`the workspace named in the query on ${choice.kind}`, { skip: choice.skip }, () => {
    let t: TestApp;
    let member: BrowserSession;
    let outsider: BrowserSession;
    let second: { workspaceId: string; headers: Record<string, string> };
    let callId: string;

    before(async () => {
      t = await startTestApp(choice.kind);
      const first = await seedWorkspace(t, 'First clinic');
      // The user's first workspace is the oldest.
      t.clock.advance({ minutes: 1 });
      const seeded = await seedWorkspace(t, 'Second clinic');
      second = seeded;
      member = await userLoggedIn(t, 'ann@clinic.example', { workspaceId: first.workspaceId, role: 'owner' });
      await addMember(t.database.db, seeded.workspaceId, member.userId, 'operator', t.clock.now());
      outsider = await userLoggedIn(t, 'eve@elsewhere.example', {
        workspaceId: first.workspaceId,
        role: 'owner',
      });
      callId = await postCall(t, seeded, {
        callId: 'recorded',
        at: '2026-01-05T09:00:00Z',
        from: '+79161234567',
        to: '+74950000001',
        agent: 'anna',
      });
      const upload = await t.app.inject({
        method: 'POST',
        url: `/api/v1/calls/${callId}/recording`,
        headers: { ...seeded.headers, 'content-type': 'audio/mpeg' },
        payload: audio,
      });
      assert.equal(upload.statusCode, 201, upload.body);
    });
    after(() => t.close());

    const get = (url: string, session: BrowserSession, headers: Record<string, string> = {}) =>
      t.app.inject({ method: 'GET', url, headers: { cookie: session.cookie, ...headers } });

    test('a member of two workspaces plays the second one’s recording through the query', async () => {
      const response = await get(`/api/v1/calls/${callId}/recording?workspace=${second.workspaceId}`, member);
      assert.equal(response.statusCode, 200, response.body);
      assert.deepEqual(response.rawPayload, audio);
    });

    test('and downloads its call log as CSV, with the role held there', async () => {
      const response = await get(`/api/v1/calls/export.csv?workspace=${second.workspaceId}`, member);
      assert.equal(response.statusCode, 200, response.body);
      assert.ok(response.body.includes(',completed,'), response.body);
      assert.ok(response.body.includes("'+79161234567"), 'an operator sees callers');
    });

    test('without it the request is for the user’s first workspace', async () => {
      const response = await get(`/api/v1/calls/${callId}`, member);
      assert.equal(response.statusCode, 404);
    });

    test('a non-member gets the same refusal as with the header', async () => {
      const byQuery = await get(
        `/api/v1/calls/${callId}/recording?workspace=${second.workspaceId}`,
        outsider,
      );
      const byHeader = await get(`/api/v1/calls/${callId}/recording`, outsider, {
        'x-workspace-id': second.workspaceId,
      });
      assert.equal(byQuery.statusCode, byHeader.statusCode);
      assert.deepEqual(byQuery.json(), byHeader.json());
      assert.equal(byQuery.json().error.code, 'WORKSPACE_NOT_FOUND');
    });

    test('the header wins over the query', async () => {
      const response = await get(`/api/v1/calls/${callId}?workspace=${second.workspaceId}`, member, {
        'x-workspace-id': 'ws_elsewhere',
      });
      assert.equal(response.json().error.code, 'WORKSPACE_NOT_FOUND');
    });

    test('a change cannot be aimed at a workspace through the URL', async () => {
      const response = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/calls/${callId}?workspace=${second.workspaceId}`,
        headers: member.headers,
        payload: { rating: 5 },
      });
      assert.equal(response.statusCode, 404, 'the PATCH went to the first workspace, which has no such call');
    });
  });
}
