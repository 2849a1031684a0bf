/** Changing a member's role and removing a member: who may, and the workspace's last owner, on every database. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Role } from '@calltrail/core';
import { roleHeaders, seedWorkspace, startTestApp, type TestApp } from '../../testing/test-app.ts';
import { databaseChoices } from '../../testing/test-database.ts';
import { type BrowserSession, userLoggedIn } from '../auth/test-session.ts';

for (const choice of databaseChoices()) {
  describe(`changing and removing members on ${choice.kind}`, { skip: choice.skip }, () => {
    let t: TestApp;
    let clinic: Awaited<ReturnType<typeof seedWorkspace>>;
    let owner: BrowserSession;
    let admin: BrowserSession;

    before(async () => {
      t = await startTestApp(choice.kind);
      clinic = await seedWorkspace(t, 'Clinic');
      owner = await member('olga@clinic.example', 'owner');
      admin = await member('nina@clinic.example', 'admin');
    });
    after(() => t.close());

    const member = (email: string, role: Role) =>
      userLoggedIn(t, email, { workspaceId: clinic.workspaceId, role });
    const asMember = (session: BrowserSession) => ({
      ...session.headers,
      'x-workspace-id': clinic.workspaceId,
    });
    const setRole = (userId: string, role: Role, headers = clinic.headers) =>
      t.app.inject({ method: 'PATCH', url: `/api/v1/members/${userId}`, headers, payload: { role } });
    const remove = (userId: string, headers = clinic.headers) =>
      t.app.inject({ method: 'DELETE', url: `/api/v1/members/${userId}`, headers });
    const roles = async () => {
      const response = await t.app.inject({ method: 'GET', url: '/api/v1/members', headers: clinic.headers });
      assert.equal(response.statusCode, 200, response.body);
      return Object.fromEntries(
        response.json().items.map((m: { email: string; role: string }) => [m.email, m.role]),
      );
    };

    test('a role change answers with the member and shows in the list', async () => {
      const ivan = await member('ivan@clinic.example', 'operator');
      const response = await setRole(ivan.userId, 'analyst', asMember(admin));
      assert.equal(response.statusCode, 200, response.body);
      assert.deepEqual(response.json(), {
        userId: ivan.userId,
        email: 'ivan@clinic.example',
        name: 'ivan',
        role: 'analyst',
      });
      assert.equal((await roles())['ivan@clinic.example'], 'analyst');
    });

    test('only an owner may make or unmake an owner', async () => {
      const petr = await member('petr@clinic.example', 'analyst');
      const promoteByAdmin = await setRole(petr.userId, 'owner', asMember(admin));
      assert.equal(promoteByAdmin.statusCode, 403);
      assert.equal(promoteByAdmin.json().error.code, 'FORBIDDEN');
      const demoteOwnerByAdmin = await setRole(owner.userId, 'analyst', asMember(admin));
      assert.equal(demoteOwnerByAdmin.statusCode, 403);
      const removeOwnerByAdmin = await remove(owner.userId, asMember(admin));
      assert.equal(removeOwnerByAdmin.statusCode, 403);
      const promoteByOwner = await setRole(petr.userId, 'owner', asMember(owner));
      assert.equal(promoteByOwner.statusCode, 200, promoteByOwner.body);
      const demoteByOwner = await setRole(petr.userId, 'admin', asMember(owner));
      assert.equal(demoteByOwner.statusCode, 200, demoteByOwner.body);
      assert.equal((await roles())['olga@clinic.example'], 'owner');
    });

    test('the last owner can be neither demoted nor removed, even by themselves', async () => {
      for (const response of [
        await setRole(owner.userId, 'admin', asMember(owner)),
        await remove(owner.userId, asMember(owner)),
        await setRole(owner.userId, 'admin'),
      ]) {
        assert.equal(response.statusCode, 409, response.body);
        assert.equal(response.json().error.code, 'LAST_OWNER');
      }
      assert.equal((await roles())['olga@clinic.example'], 'owner');
    });

    test('with a second owner, an owner may step down', async () => {
      const zoya = await member('zoya@clinic.example', 'owner');
      const stepDown = await setRole(owner.userId, 'admin', asMember(owner));
      assert.equal(stepDown.statusCode, 200, stepDown.body);
      const back = await setRole(owner.userId, 'owner', asMember(zoya));
      assert.equal(back.statusCode, 200, back.body);
      const zoyaLeaves = await remove(zoya.userId, asMember(zoya));
      assert.equal(zoyaLeaves.statusCode, 204, zoyaLeaves.body);
    });

    test('a removed member loses the workspace at their next request; their account stays', async () => {
      const vera = await member('vera@clinic.example', 'admin');
      const before = await t.app.inject({ method: 'GET', url: '/api/v1/members', headers: asMember(vera) });
      assert.equal(before.statusCode, 200, before.body);
      const removed = await remove(vera.userId, asMember(admin));
      assert.equal(removed.statusCode, 204, removed.body);
      const afterwards = await t.app.inject({
        method: 'GET',
        url: '/api/v1/members',
        headers: asMember(vera),
      });
      assert.equal(afterwards.statusCode, 404);
      assert.equal(afterwards.json().error.code, 'WORKSPACE_NOT_FOUND');
      const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: vera.headers });
      assert.equal(me.statusCode, 200, me.body);
      assert.equal((await roles())['vera@clinic.example'], undefined);
    });

    test('the API tokens belong to the workspace and survive the removal of whoever made them', async () => {
      const vlad = await member('vlad@clinic.example', 'admin');
      const made = await t.app.inject({
        method: 'POST',
        url: '/api/v1/tokens',
        headers: asMember(vlad),
        payload: { name: 'crm', role: 'analyst' },
      });
      assert.equal(made.statusCode, 201, made.body);
      assert.equal((await remove(vlad.userId)).statusCode, 204);
      const withToken = await t.app.inject({
        method: 'GET',
        url: '/api/v1/calls',
        headers: { authorization: `Bearer ${made.json().token}` },
      });
      assert.equal(withToken.statusCode, 200, withToken.body);
    });

    test('an unknown member, or one of another workspace, is 404 USER_NOT_FOUND', async () => {
      const other = await seedWorkspace(t, 'Other');
      const outsider = await userLoggedIn(t, 'stranger@other.example', {
        workspaceId: other.workspaceId,
        role: 'analyst',
      });
      for (const response of [
        await setRole('usr_unknown', 'admin'),
        await remove('usr_unknown'),
        await setRole(outsider.userId, 'admin'),
        await remove(outsider.userId),
      ]) {
        assert.equal(response.statusCode, 404, response.body);
        assert.equal(response.json().error.code, 'USER_NOT_FOUND');
      }
      const members = await t.app.inject({ method: 'GET', url: '/api/v1/members', headers: other.headers });
      assert.equal(members.json().items[0].role, 'analyst');
    });

    test('a bad role is 400, and roles that may not manage members get 403', async () => {
      const bad = await setRole(admin.userId, 'king' as Role);
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().error.code, 'VALIDATION_FAILED');
      const analyst = await roleHeaders(t, clinic.workspaceId, 'analyst');
      const byAnalyst = await setRole(admin.userId, 'analyst', analyst);
      assert.equal(byAnalyst.statusCode, 403);
      assert.equal((await remove(admin.userId, analyst)).statusCode, 403);
      assert.equal((await roles())['nina@clinic.example'], 'admin');
    });
  });
}
