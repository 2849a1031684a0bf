/** Two owners stepping down at the same moment: the workspace still keeps one owner, on every database. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Database } from '../db/database.ts';
import { createWorkspace, listMembers } from '../stores/sql/workspaces.ts';
import { databaseChoices, openTestDatabase } from '../testing/test-database.ts';
import { changeMemberRole, removeMember } from './change-member.ts';
import { registerUser } from './register-user.ts';

const now = new Date('2026-01-05T10:00:00Z');

/** The error codes of the attempts that failed. */
const refusals = (results: PromiseSettledResult<unknown>[]) =>
  results.flatMap((result) =>
    result.status === 'rejected' ? [(result.reason as { code?: string }).code] : [],
  );

for (const choice of databaseChoices()) {
  describe(`the last owner under concurrency on ${choice.kind}`, { skip: choice.skip }, () => {
    let database: Database;
    before(async () => {
      database = await openTestDatabase(choice.kind);
    });
    after(() => database?.close());

    async function workspaceOfTwoOwners(name: string) {
      const { db } = database;
      const workspace = await createWorkspace(db, { name, timeZone: 'UTC', currency: 'RUB' }, now);
      const owner = (email: string) =>
        registerUser(db, { email, password: 'a long password' }, now, {
          workspaceId: workspace.id,
          role: 'owner',
        });
      return {
        workspaceId: workspace.id,
        a: (await owner(`a@${name}.example`)).id,
        b: (await owner(`b@${name}.example`)).id,
      };
    }

    async function ownersOf(workspaceId: string) {
      return (await listMembers(database.db, workspaceId)).filter((member) => member.role === 'owner');
    }

    test('demoting each other at once: one succeeds, the other is LAST_OWNER', async () => {
      for (const round of [1, 2, 3]) {
        const { workspaceId, a, b } = await workspaceOfTwoOwners(`demote${round}`);
        const results = await Promise.allSettled([
          changeMemberRole(database.db, workspaceId, a, 'admin', 'owner'),
          changeMemberRole(database.db, workspaceId, b, 'admin', 'owner'),
        ]);
        assert.deepEqual(refusals(results), ['LAST_OWNER']);
        assert.equal((await ownersOf(workspaceId)).length, 1);
      }
    });

    test('one steps down while the other leaves: one owner stays', async () => {
      const { workspaceId, a, b } = await workspaceOfTwoOwners('leave');
      const results = await Promise.allSettled([
        changeMemberRole(database.db, workspaceId, a, 'analyst', 'owner'),
        removeMember(database.db, workspaceId, b, 'owner'),
      ]);
      assert.deepEqual(refusals(results), ['LAST_OWNER']);
      assert.equal((await ownersOf(workspaceId)).length, 1);
    });
  });
}
