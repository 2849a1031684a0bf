/**
 * `calltrail simulate`: accuracy mode runs a scenario of simulated traffic through core's number
 * assignment, lease store and call attribution on a virtual clock, and reports how well calls were
 * attributed and how often the pool ran out; `--load` hands over to load mode (simulate-load.ts).
 */
import {
  type ExhaustionPolicy,
  formatReport,
  isPresetId,
  type PresetId,
  presetConfig,
  presetIds,
  runSimulation,
  type SimulationConfig,
  type SimulationOverrides,
} from '@calltrail/core';
import { type CommandContext, UsageError, type Values } from './admin-commands.ts';
import type { CliIo } from './run-cli.ts';
import { loadOptions, runLoadCommand } from './simulate-load.ts';

const text = { type: 'string' } as const;

const accuracyOptions = {
  preset: text,
  days: text,
  'sessions-per-day': text,
  hold: text,
  'pool-size': text,
  target: text,
  policy: text,
} as const;

/** Both modes' options: parsing accepts them all, and each mode rejects the other's. */
export const simulateOptions = {
  ...loadOptions,
  ...accuracyOptions,
  load: { type: 'boolean' },
  seed: text,
  json: { type: 'boolean' },
} as const;

const loadOnly = Object.keys(loadOptions).filter((name) => name !== 'seed' && name !== 'json');
const policies: readonly ExhaustionPolicy[] = ['fallback', 'overflow', 'reuse'];

/** Longer runs are possible in code; on the command line they are almost always a typo. */
const maxDays = 366;
const maxSessionsPerDay = 10_000_000;

export async function simulateCommand(values: Values, context: CommandContext, io: CliIo): Promise<number> {
  if (values.load) {
    const misplaced = Object.keys(accuracyOptions).find((name) => values[name] !== undefined);
    if (misplaced) throw new UsageError(`--${misplaced} is for accuracy mode, not --load`);
    return runLoadCommand(values, context, io);
  }
  const misplaced = loadOnly.find((name) => values[name] !== undefined);
  if (misplaced) throw new UsageError(`--${misplaced} needs --load`);

  const config = simulationConfig(values);
  const progress = progressLine(io.stderr);
  const started = context.now().getTime();
  const report = await runSimulation(config, { onProgress: progress.update });
  progress.done();
  if (values.json) {
    context.stdout.write(`${JSON.stringify(report)}\n`);
  } else {
    const seconds = ((context.now().getTime() - started) / 1000).toFixed(1);
    context.stdout.write(`${formatReport(report)}\n\nSimulated ${config.days} day(s) in ${seconds} s.\n`);
  }
  return 0;
}

/** The scenario the options ask for; wrong usage throws UsageError. */
export function simulationConfig(values: Values): SimulationConfig {
  const preset = presetOption(values);
  const overrides: SimulationOverrides = {};
  const days = numberOption(values, 'days', { max: maxDays });
  if (days !== undefined) overrides.days = days;
  const sessionsPerDay = numberOption(values, 'sessions-per-day', { max: maxSessionsPerDay });
  if (sessionsPerDay !== undefined) overrides.sessionsPerDay = sessionsPerDay;
  const hold = numberOption(values, 'hold', { max: 7 * 24 * 60 });
  if (hold !== undefined) overrides.holdMinutes = hold;
  const poolSize = numberOption(values, 'pool-size', { integer: true, max: 1_000_000 });
  if (poolSize !== undefined) overrides.poolSize = poolSize;
  const target = targetOption(values);
  if (target !== undefined) overrides.target = target;
  const policy = values.policy;
  if (policy !== undefined) {
    if (typeof policy !== 'string' || !(policies as readonly string[]).includes(policy)) {
      throw new UsageError(`--policy must be fallback, overflow or reuse, not "${policy}"`);
    }
    overrides.policy = policy as ExhaustionPolicy;
  }
  const seed = numberOption(values, 'seed', { integer: true, min: 0, max: 0xffffffff });
  if (seed !== undefined) overrides.seed = seed;
  return presetConfig(preset, overrides);
}

function presetOption(values: Values): PresetId {
  const raw = values.preset;
  if (raw === undefined) return 's2';
  const id = String(raw).trim().toLowerCase();
  if (!isPresetId(id)) throw new UsageError(`--preset must be one of ${presetIds.join(', ')}, not "${raw}"`);
  return id;
}

// Plain decimals only: Number() would also take "0x1f", "" and "Infinity".
const decimal = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function numberOption(
  values: Values,
  name: string,
  limits: { integer?: boolean; min?: number; max: number },
): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const text = String(raw).trim();
  const value = Number(text);
  const min = limits.min ?? 0;
  const above = limits.min === undefined ? value > 0 : value >= min;
  if (!decimal.test(text) || !Number.isFinite(value) || !above || value > limits.max) {
    const range = limits.min === undefined ? `above 0` : `from ${min}`;
    throw new UsageError(
      `--${name} must be ${limits.integer ? 'a whole number' : 'a number'} ${range} to ${limits.max}, not "${raw}"`,
    );
  }
  if (limits.integer && !Number.isInteger(value)) {
    throw new UsageError(`--${name} must be a whole number, not "${raw}"`);
  }
  return value;
}

/** The blocking target as a share (0.01) or a percentage ("1%"). */
function targetOption(values: Values): number | undefined {
  const raw = values.target;
  if (raw === undefined) return undefined;
  const text = String(raw).trim();
  const percent = text.endsWith('%');
  const value = Number(percent ? text.slice(0, -1) : text) / (percent ? 100 : 1);
  if (!decimal.test(percent ? text.slice(0, -1) : text) || !(value > 0 && value < 1)) {
    throw new UsageError(`--target must be a blocking share between 0 and 1 (e.g. 0.01 or 1%), not "${raw}"`);
  }
  return value;
}

interface Progress {
  update: (fraction: number) => void;
  done: () => void;
}

/** "simulating… 42%" redrawn in place, only on a terminal: logs and pipes get the report alone. */
function progressLine(stream: CliIo['stderr'] & { isTTY?: boolean }): Progress {
  if (stream.isTTY !== true) return { update: () => {}, done: () => {} };
  let shown = -1;
  return {
    update(fraction) {
      const percent = Math.floor(fraction * 100);
      if (percent === shown) return;
      shown = percent;
      stream.write(`\rsimulating… ${percent}%\x1b[K`);
    },
    done() {
      if (shown >= 0) stream.write('\r\x1b[K');
    },
  };
}
