/**
 * A local S3-compatible server for tests: s3rver (a dev dependency) in a child process of its own,
 * so the memory a test measures is the store's alone, on a free loopback port with its files in a
 * temporary directory. s3rver checks the shape of signed requests but not the signature itself;
 * sigv4.test.ts checks that against AWS's published examples instead.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { S3Location } from './s3-recording-store.ts';

export interface LocalS3 {
  location: S3Location;
  /** The same settings as the S3_* environment variables name them. */
  env: Record<string, string>;
  close(): Promise<void>;
}

async function listeningPort(child: ChildProcess): Promise<number> {
  let output = '';
  const exited = once(child, 'exit').then(() => {
    throw new Error(`s3rver exited before listening: ${output}`);
  });
  const listening = new Promise<number>((resolve) => {
    const onData = (data: Buffer) => {
      output += data.toString();
      const port = /S3rver listening on [^:]+:(\d+)/.exec(output)?.[1];
      if (port) {
        child.stdout?.off('data', onData);
        resolve(Number(port));
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (data: Buffer) => {
      output += data.toString();
    });
  });
  return Promise.race([listening, exited]);
}

export async function startLocalS3(bucket = 'recordings'): Promise<LocalS3> {
  const directory = await mkdtemp(join(tmpdir(), 'calltrail-s3-'));
  const bin = createRequire(import.meta.url).resolve('s3rver/bin/s3rver.js');
  const child = spawn(
    process.execPath,
    [bin, '--silent', '-d', directory, '-a', '127.0.0.1', '-p', '0', '--configure-bucket', bucket],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const port = await listeningPort(child);
  // Keep draining, so a chatty server never blocks on a full pipe.
  child.stdout?.resume();
  child.stderr?.resume();
  // s3rver's built-in account.
  const location: S3Location = {
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    bucket,
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    forcePathStyle: true,
  };
  return {
    location,
    env: {
      RECORDINGS_STORE: 's3',
      S3_ENDPOINT: location.endpoint,
      S3_REGION: location.region,
      S3_BUCKET: bucket,
      S3_ACCESS_KEY_ID: location.accessKeyId,
      S3_SECRET_ACCESS_KEY: location.secretAccessKey,
      S3_FORCE_PATH_STYLE: 'true',
    },
    close: async () => {
      const exited = once(child, 'exit');
      child.kill();
      await exited;
      await rm(directory, { recursive: true, force: true });
    },
  };
}
