/** `calltrail simulate` in accuracy mode end to end, and how it tells its two modes' options apart. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SimulationReport } from '@calltrail/core';
import { runCaptured } from '../testing/captured-output.ts';
import { runCli } from './run-cli.ts';

function simulate(...args: string[]) {
  return runCaptured((io) => runCli(['simulate', ...args], { env: { LOG_LEVEL: 'silent' }, ...io }));
}

describe('calltrail simulate', () => {
  test('--json prints the whole report of a tiny run, every call accounted for', async () => {
    const { code, stdout, stderr } = await simulate(
      '--preset',
      's1',
      '--days',
      '0.5',
      '--hold',
      '15',
      '--json',
    );
    assert.equal(code, 0, stderr);
    assert.equal(stderr, '', 'no progress indicator when stderr is not a terminal');
    const report = JSON.parse(stdout) as SimulationReport;
    assert.equal(report.scenario.preset, 's1');
    assert.equal(report.scenario.days, 0.5);
    assert.equal(report.scenario.holdMinutes, 15);
    const c = report.accuracy.confusion;
    assert.equal(
      c.correct +
        c.misattributed +
        c.uncertainWithTrueSession +
        c.uncertainWithoutTrueSession +
        c.unattributedWithSession +
        c.unattributedNoSession,
      report.traffic.calls,
    );
    assert.equal(report.accuracy.calibration.length, 7);
    assert.equal(report.pools.sizing, 'erlang');
  });

  test('prints tables for people, with the pool size and policy it was given', async () => {
    const { code, stdout } = await simulate(
      '--preset',
      's1',
      '--days',
      '0.25',
      '--pool-size',
      '15',
      '--policy',
      'overflow',
    );
    assert.equal(code, 0);
    assert.match(stdout, /1 pool of 15 numbers, size given/);
    assert.match(stdout, /policy overflow/);
    for (const heading of [
      'Attribution of calls',
      'Calibration',
      'By channel',
      'Fallback vs Erlang B',
      'Reuse gap',
    ]) {
      assert.ok(stdout.includes(heading), heading);
    }
  });

  test('--help describes both modes', async () => {
    const { code, stdout } = await simulate('--help');
    assert.equal(code, 0);
    assert.match(stdout, /--preset ID/);
    assert.match(stdout, /--load --url URL --site-key KEY/);
  });

  const usageErrors: [string[], RegExp][] = [
    [['--preset', 's9'], /--preset must be one of s1, s2, s3, s4, s5, s6/],
    [['--policy', 'steal'], /--policy must be fallback, overflow or reuse/],
    [['--days', '0'], /--days must be a number above 0/],
    [['--pool-size', '2.5'], /--pool-size must be a whole number/],
    [['--target', '150%'], /--target must be a blocking share/],
    [['--seed=-1'], /--seed must be a whole number from 0/],
    [['--url', 'http://127.0.0.1:1'], /--url needs --load/],
    [['--load', '--preset', 's2'], /--preset is for accuracy mode, not --load/],
    // Load mode's own checks answer once --load hands over.
    [['--load'], /--url is required/],
    [['--frobnicate'], /Unknown option/],
  ];
  for (const [args, message] of usageErrors) {
    test(`${args.join(' ')} is a usage error (exit 2)`, async () => {
      const { code, stderr } = await simulate(...args);
      assert.equal(code, 2);
      assert.match(stderr, message);
    });
  }
});
