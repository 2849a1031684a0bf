import assert from 'node:assert/strict';
import { test } from 'node:test';
import { can, maskPhone } from './permissions.ts';

test('owners and admins may do everything', () => {
  for (const role of ['owner', 'admin'] as const) {
    assert.ok(can(role, 'settings:write'));
    assert.ok(can(role, 'callers:see'));
    assert.ok(can(role, 'recordings:listen'));
  }
});

test('analysts read reports but see masked callers and no recordings', () => {
  assert.ok(can('analyst', 'reports:read'));
  assert.ok(can('analyst', 'calls:read'));
  assert.equal(can('analyst', 'callers:see'), false);
  assert.equal(can('analyst', 'recordings:listen'), false);
  assert.equal(can('analyst', 'settings:write'), false);
});

test('operators work calls with full numbers and recordings but touch no settings', () => {
  assert.ok(can('operator', 'callers:see'));
  assert.ok(can('operator', 'recordings:listen'));
  assert.equal(can('operator', 'settings:read'), false);
  assert.equal(can('operator', 'settings:write'), false);
});

test('a masked number keeps country, area and the last two digits', () => {
  assert.equal(maskPhone('+74951234567'), '+7495*****67');
  assert.equal(maskPhone('+14155550134'), '+1415*****34');
  assert.equal(maskPhone(null), null);
  assert.equal(maskPhone('123'), '***');
});
