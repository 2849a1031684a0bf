import assert from 'node:assert/strict';
import { test } from 'node:test';
import { audioTypeOf, extensionOf } from './recording-media.ts';

test('a download is stored as the audio type it says, or as its URL names it when it says only bytes', () => {
  const cases: [string | null, string | null, string | null][] = [
    ['audio/mpeg', null, 'audio/mpeg'],
    ['Audio/X-WAV; charset=binary', null, 'audio/x-wav'],
    ['video/webm', null, 'video/webm'],
    ['application/octet-stream', 'https://files.example/rec/1.mp3?token=x', 'audio/mpeg'],
    [null, 'https://files.example/rec/1.WAV', 'audio/wav'],
    ['binary/octet-stream', 'https://files.example/rec/1', 'application/octet-stream'],
    ['text/html; charset=utf-8', 'https://files.example/rec/1.mp3', null],
    ['application/json', null, null],
  ];
  for (const [header, url, expected] of cases)
    assert.equal(audioTypeOf(header, url), expected, `${header} ${url}`);
});

test('a download is offered with the extension of its type', () => {
  assert.deepEqual(
    ['audio/mpeg', 'audio/wav', 'audio/ogg; codecs=opus', 'audio/webm', 'application/octet-stream'].map(
      extensionOf,
    ),
    ['mp3', 'wav', 'ogg', 'webm', 'bin'],
  );
});
