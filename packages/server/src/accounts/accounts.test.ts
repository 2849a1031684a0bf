/** The account use cases shared by the API and the CLI, on an embedded database. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Database } from '../db/database.ts';
import { countUsers } from '../stores/sql/users.ts';
import { listWorkspacesOfUser } from '../stores/sql/workspaces.ts';
import { openTestDatabase } from '../testing/test-database.ts';
import { createFirstOwner } from './first-owner.ts';
import { mayGrant } from './grant-role.ts';
import { checkCurrency, checkTimeZone } from './set-up-workspace.ts';

const now = new Date('2026-01-05T10:00:00Z');

test('nobody grants a role above their own', () => {
  assert.equal(mayGrant('owner', 'owner'), true);
  assert.equal(mayGrant('admin', 'owner'), false);
  assert.equal(mayGrant('admin', 'admin'), true);
  assert.equal(mayGrant('admin', 'operator'), true);
  assert.equal(mayGrant('analyst', 'admin'), false);
});

test('time zones are IANA names in canonical spelling; offsets and unknown names are refused', () => {
  assert.equal(checkTimeZone('europe/moscow'), 'Europe/Moscow');
  assert.equal(checkTimeZone('UTC'), 'UTC');
  for (const bad of ['Mars/Olympus', '+03:00', '']) {
    assert.throws(() => checkTimeZone(bad), { code: 'INVALID_TIME_ZONE' }, bad);
  }
});

test('currencies are ISO 4217 codes in capitals', () => {
  assert.equal(checkCurrency('RUB'), 'RUB');
  for (const bad of ['rub', 'XYZ', 'RUBL'])
    assert.throws(() => checkCurrency(bad), { code: 'INVALID_CURRENCY' }, bad);
});

describe('the first owner', () => {
  let database: Database;
  before(async () => {
    database = await openTestDatabase('pglite');
  });
  after(() => database.close());

  test('a password too short creates nothing, so the next start can try again', async () => {
    await assert.rejects(
      createFirstOwner(database.db, { email: 'admin@localhost', password: 'short' }, now),
      { code: 'VALIDATION_FAILED' },
    );
    assert.equal(await countUsers(database.db), 0);
  });

  test('is created once, as owner of "My workspace"', async () => {
    const created = await createFirstOwner(
      database.db,
      { email: 'admin@localhost', password: 'long enough pw' },
      now,
    );
    assert.ok(created);
    const workspaces = await listWorkspacesOfUser(database.db, created.user.id);
    assert.deepEqual(
      workspaces.map((w) => [w.name, w.role, w.timeZone]),
      [['My workspace', 'owner', 'UTC']],
    );
    assert.equal(
      await createFirstOwner(database.db, { email: 'other@localhost', password: 'long enough pw' }, now),
      null,
    );
    assert.equal(await countUsers(database.db), 1);
  });
});
