/** RECORDINGS_STORE and S3_*: read once at start-up, and a wrong value stops it with a clear message. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '../config.ts';

const s3 = {
  RECORDINGS_STORE: 's3',
  S3_BUCKET: 'calls',
  S3_ACCESS_KEY_ID: 'AKIAEXAMPLE',
  S3_SECRET_ACCESS_KEY: 'secret',
};

test('recordings go to the data directory unless told otherwise', () => {
  const config = loadConfig({ DATA_DIR: '/srv/calltrail' });
  assert.deepEqual(config.recordings, { store: 'fs', directory: join('/srv/calltrail', 'recordings') });
});

test('S3 defaults to AWS in us-east-1 with virtual-hosted addressing', () => {
  assert.deepEqual(loadConfig(s3).recordings, {
    store: 's3',
    endpoint: 'https://s3.us-east-1.amazonaws.com',
    region: 'us-east-1',
    bucket: 'calls',
    accessKeyId: 'AKIAEXAMPLE',
    secretAccessKey: 'secret',
    forcePathStyle: false,
  });
});

test('an S3-compatible server is named by its endpoint, usually with path-style addressing', () => {
  const config = loadConfig({
    ...s3,
    S3_ENDPOINT: 'http://minio.internal:9000/',
    S3_REGION: 'ru-central1',
    S3_FORCE_PATH_STYLE: 'true',
  });
  assert.deepEqual(config.recordings, {
    store: 's3',
    endpoint: 'http://minio.internal:9000',
    region: 'ru-central1',
    bucket: 'calls',
    accessKeyId: 'AKIAEXAMPLE',
    secretAccessKey: 'secret',
    forcePathStyle: true,
  });
});

test('a wrong recordings setting stops start-up, naming the variable', () => {
  const cases: [Record<string, string>, RegExp][] = [
    [{ RECORDINGS_STORE: 'ftp' }, /^RECORDINGS_STORE: expected fs or s3, got "ftp"$/],
    [{ ...s3, S3_BUCKET: '' }, /^S3_BUCKET: required with RECORDINGS_STORE=s3$/],
    [{ ...s3, S3_BUCKET: 'My_Bucket' }, /^S3_BUCKET: expected a bucket name/],
    [{ ...s3, S3_ACCESS_KEY_ID: '' }, /^S3_ACCESS_KEY_ID: required with RECORDINGS_STORE=s3$/],
    [{ ...s3, S3_SECRET_ACCESS_KEY: '' }, /^S3_SECRET_ACCESS_KEY: required/],
    [{ ...s3, S3_ENDPOINT: 'minio:9000' }, /^S3_ENDPOINT: expected a http or https URL/],
    [{ ...s3, S3_REGION: 'EU Central' }, /^S3_REGION: expected a region name/],
    [{ ...s3, S3_FORCE_PATH_STYLE: 'yes' }, /^S3_FORCE_PATH_STYLE: expected true or false, got "yes"$/],
    [{ S3_BUCKET: 'calls' }, /^S3_BUCKET: set, but RECORDINGS_STORE is not s3/],
  ];
  for (const [env, message] of cases) {
    assert.throws(
      () => loadConfig(env),
      (error: unknown) => error instanceof ConfigError && message.test(error.message),
    );
  }
});
