/** Picks the recording store the configuration names: a directory (the default) or S3. */
import type { RecordingStore } from '@calltrail/core';
import type { RecordingsConfig } from '../config.ts';
import { FsRecordingStore } from './fs-recording-store.ts';
import { S3RecordingStore } from './s3-recording-store.ts';

export function openRecordingStore(config: RecordingsConfig): RecordingStore {
  return config.store === 's3' ? new S3RecordingStore(config) : new FsRecordingStore(config.directory);
}

/** For start-up messages: where recordings go, without secrets. */
export function describeRecordingStore(config: RecordingsConfig): string {
  return config.store === 's3'
    ? `s3 ${config.endpoint} bucket ${config.bucket}`
    : `directory ${config.directory}`;
}
