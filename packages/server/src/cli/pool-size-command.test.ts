/** `calltrail pool-size` through the CLI entry point: the Erlang B anchors, the table, JSON and usage errors. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { erlangB } from '@calltrail/core';
import { formatShare } from './pool-size-command.ts';
import { runCli } from './run-cli.ts';

async function poolSize(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['pool-size', ...args], {
    env: {},
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { code, stdout, stderr };
}

describe('calltrail pool-size', () => {
  // With no visit and a 30-minute hold, each session holds a number for half an hour: A = sessions / 2.
  const anchors = [
    { sessionsPerHour: '40', load: 20, size: 30 },
    { sessionsPerHour: '400', load: 200, size: 221 },
  ];
  for (const { sessionsPerHour, load, size } of anchors) {
    test(`an offered load of ${load} erlangs needs ${size} numbers for 1% blocking`, async () => {
      const result = await poolSize(
        '--sessions-per-hour',
        sessionsPerHour,
        '--visit-seconds',
        '0',
        '--hold-minutes',
        '30',
        '--target',
        '0.01',
        '--json',
      );
      assert.equal(result.code, 0, result.stderr);
      const json = JSON.parse(result.stdout);
      assert.equal(json.offeredLoad, load);
      assert.equal(json.poolSize, size);
      assert.equal(json.blocking, erlangB(load, size));
      assert.equal(json.target, 0.01);
      assert.deepEqual(
        json.nearby.map((n: { size: number }) => n.size),
        [size - 3, size - 2, size - 1, size, size + 1, size + 2, size + 3],
      );
      assert.deepEqual(json.inputs, {
        sessionsPerHour: Number(sessionsPerHour),
        visitSeconds: 0,
        holdMinutes: 30,
        target: 0.01,
      });
    });
  }

  test('defaults to 3-minute visits, a 30-minute hold and a 1% target', async () => {
    const result = await poolSize('--sessions-per-hour', '40', '--json');
    assert.equal(result.code, 0, result.stderr);
    const json = JSON.parse(result.stdout);
    assert.deepEqual(json.inputs, { sessionsPerHour: 40, visitSeconds: 180, holdMinutes: 30, target: 0.01 });
    assert.equal(json.offeredLoad, 22);
  });

  test('prints the load, the size, a table of nearby sizes and the rule of thumb', async () => {
    const result = await poolSize('--sessions-per-hour', '40', '--visit-seconds', '0');
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.split('\n');
    assert.match(lines[0]!, /^Offered load: 20 erlangs \(40 sessions\/h × \(0 s visit \+ 30 min hold\)\)$/);
    assert.match(lines[1]!, /^Pool size for blocking ≤ 1%: 30 numbers \(blocking 0\.85%\)$/);
    assert.ok(
      lines.some((line) => /^ {2}→ +30 +0\.85%$/.test(line)),
      result.stdout,
    );
    assert.ok(
      lines.some((line) => /^ +29 +1\.\d% {2}above target$/.test(line)),
      result.stdout,
    );
    assert.ok(
      lines.includes('Rule of thumb ⌈1.2 × load⌉: 24 numbers, blocking 6.6% (misses the target)'),
      result.stdout,
    );
  });

  test('takes the target as a percentage too', async () => {
    const share = JSON.parse(
      (await poolSize('--sessions-per-hour', '40', '--target', '0.001', '--json')).stdout,
    );
    const percent = JSON.parse(
      (await poolSize('--sessions-per-hour', '40', '--target', '0.1%', '--json')).stdout,
    );
    assert.equal(percent.poolSize, share.poolSize);
    assert.equal(percent.target, 0.001);
  });

  const wrong: Array<{ args: string[]; message: RegExp }> = [
    { args: [], message: /--sessions-per-hour is required/ },
    { args: ['--sessions-per-hour', 'many'], message: /--sessions-per-hour must be a number, not "many"/ },
    { args: ['--sessions-per-hour', '0x20'], message: /must be a number/ },
    { args: ['--sessions-per-hour', '0'], message: /--sessions-per-hour must be above 0/ },
    { args: ['--sessions-per-hour=-40'], message: /--sessions-per-hour must not be negative/ },
    {
      args: ['--sessions-per-hour', '40', '--hold-minutes=-1'],
      message: /--hold-minutes must not be negative/,
    },
    {
      args: ['--sessions-per-hour', '40', '--visit-seconds', ''],
      message: /--visit-seconds must be a number/,
    },
    { args: ['--sessions-per-hour', '40', '--target', '0'], message: /--target must be a blocking share/ },
    { args: ['--sessions-per-hour', '40', '--target', '1'], message: /--target must be a blocking share/ },
    { args: ['--sessions-per-hour', '40', '--target', '100%'], message: /--target must be a blocking share/ },
    { args: ['--sessions-per-hour', '40', '--target', 'low'], message: /--target must be a number/ },
    { args: ['--sessions-per-hour', '1e9'], message: /at most 1000000 are supported/ },
    { args: ['--sessions-per-hour', '40', '--pool', '3'], message: /Unknown option '--pool'/ },
  ];
  for (const { args, message } of wrong) {
    test(`refuses ${args.join(' ') || 'no options'} as wrong usage, with the help`, async () => {
      const result = await poolSize(...args);
      assert.equal(result.code, 2);
      assert.equal(result.stdout, '');
      assert.match(result.stderr, message);
      assert.match(result.stderr, /Usage: calltrail pool-size --sessions-per-hour N/);
    });
  }

  test('explains itself with --help and is listed in the main help', async () => {
    const help = await poolSize('--help');
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--hold-minutes H +How long a number stays/);
    let main = '';
    await runCli(['--help'], {
      env: {},
      stdout: { write: (t: string) => (main += t) },
      stderr: { write: () => 0 },
    });
    assert.match(main, /pool-size +How many numbers a pool needs/);
  });
});

describe('formatShare', () => {
  const cases: Array<[number, string]> = [
    [0.0085, '0.85%'],
    [0.066, '6.6%'],
    [0.2, '20%'],
    [0.01, '1%'],
    [0.0006, '0.06%'],
    [7e-6, '7.0e-4%'],
    [0, '0%'],
  ];
  for (const [share, text] of cases) {
    test(`writes ${share} as ${text}`, () => assert.equal(formatShare(share), text));
  }
});
