import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { keyFromFile, parseSecretKey, SecretBox } from './secret-box.ts';

describe('SecretBox', () => {
  const box = new SecretBox(randomBytes(32));

  it('opens what it sealed, and seals the same text differently each time', () => {
    const sealed = box.seal('{"authToken":"abc"}');
    assert.equal(box.open(sealed), '{"authToken":"abc"}');
    assert.notEqual(box.seal('{"authToken":"abc"}'), sealed);
    assert.doesNotMatch(sealed, /abc/);
  });

  it('refuses a changed text or another key', () => {
    const sealed = box.seal('secret');
    const flipped = `${sealed.slice(0, -2)}${sealed.endsWith('A') ? 'B' : 'A'}${sealed.slice(-1)}`;
    assert.throws(() => box.open(flipped));
    assert.throws(() => new SecretBox(randomBytes(32)).open(sealed));
    assert.throws(() => box.open('plain text'), /not a sealed secret/);
  });

  it('reads keys in hex or base64 and nothing else', () => {
    const key = randomBytes(32);
    assert.deepEqual(parseSecretKey(key.toString('hex')), key);
    assert.deepEqual(parseSecretKey(key.toString('base64')), key);
    assert.equal(parseSecretKey('too short'), null);
    assert.equal(parseSecretKey(randomBytes(16).toString('hex')), null);
  });

  it('creates the key file once, readable by its owner only, and reads it back', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'calltrail-key-')), 'nested', 'secret.key');
    const key = keyFromFile(path);
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.deepEqual(keyFromFile(path), key);
    assert.equal(readFileSync(path, 'utf8').trim(), key.toString('hex'));
  });
});
