/**
 * `calltrail pool-size`: how many numbers a pool needs for its busy-hour traffic, by Erlang B, with
 * the blocking at nearby sizes and the 1.2× rule of thumb beside it. Pure arithmetic: no database.
 */
import { isAppError, type PoolSizing, sizePool } from '@calltrail/core';
import { type CommandContext, UsageError, type Values } from './admin-commands.ts';

export const poolSizeDefaults = { visitSeconds: 180, holdMinutes: 30, target: 0.01 } as const;

// Plain decimals only: Number() would also take "0x1f", "" and "Infinity".
const decimal = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function numberOption(values: Values, name: string, fallback?: number): number {
  const raw = values[name];
  if (raw === undefined) {
    if (fallback === undefined) throw new UsageError(`--${name} is required`);
    return fallback;
  }
  const text = String(raw).trim();
  if (!decimal.test(text)) throw new UsageError(`--${name} must be a number, not "${raw}"`);
  const value = Number(text);
  if (!Number.isFinite(value)) throw new UsageError(`--${name} is too large: "${raw}"`);
  if (value < 0) throw new UsageError(`--${name} must not be negative, not ${text}`);
  return value;
}

/** The target as a share (0.01) or a percentage ("1%"), strictly between 0 and 1. */
function targetOption(values: Values): number {
  const raw = values.target;
  const percent = typeof raw === 'string' && raw.trim().endsWith('%');
  const value = percent
    ? numberOption({ target: raw.trim().slice(0, -1) }, 'target') / 100
    : numberOption(values, 'target', poolSizeDefaults.target);
  if (value <= 0 || value >= 1) {
    throw new UsageError(`--target must be a blocking share between 0 and 1 (e.g. 0.01 or 1%), not ${raw}`);
  }
  return value;
}

/** A blocking share as people read it: 0.85%, 6.6%, 7e-6 %. */
export function formatShare(share: number): string {
  if (share === 0) return '0%';
  const percent = share * 100;
  if (percent >= 0.01) return `${Number(percent.toPrecision(2))}%`;
  return `${percent.toExponential(1)}%`;
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(2)));
}

function heuristicVerdict(sizing: PoolSizing, target: number): string {
  if (sizing.heuristic.blocking > target) return ' (misses the target)';
  const spare = sizing.heuristic.size - sizing.poolSize;
  return spare > 0 ? ` (${spare} more than the target needs)` : '';
}

export function renderPoolSizing(
  sizing: PoolSizing,
  input: { sessionsPerHour: number; visitSeconds: number; holdMinutes: number; target: number },
): string {
  const width = String(sizing.nearby.at(-1)?.size ?? sizing.poolSize).length;
  const rows = sizing.nearby.map(({ size, blocking }) => {
    const mark = size === sizing.poolSize ? '→' : ' ';
    const meets = blocking <= input.target ? '' : '  above target';
    return `  ${mark} ${String(size).padStart(Math.max(width, 7))}   ${formatShare(blocking).padStart(9)}${meets}`;
  });
  return [
    `Offered load: ${formatNumber(sizing.offeredLoad)} erlangs ` +
      `(${formatNumber(input.sessionsPerHour)} sessions/h × (${formatNumber(input.visitSeconds)} s visit + ` +
      `${formatNumber(input.holdMinutes)} min hold))`,
    `Pool size for blocking ≤ ${formatShare(input.target)}: ${sizing.poolSize} numbers ` +
      `(blocking ${formatShare(sizing.blocking)})`,
    '',
    `    ${'Numbers'.padStart(Math.max(width, 7))}   ${'Blocking'.padStart(9)}`,
    ...rows,
    '',
    `Rule of thumb ⌈1.2 × load⌉: ${sizing.heuristic.size} numbers, blocking ${formatShare(sizing.heuristic.blocking)}` +
      heuristicVerdict(sizing, input.target),
    `With least-recently-used numbers a late caller's effective hold is ${formatNumber(sizing.effectiveHoldMinutes)} min.`,
    '',
  ].join('\n');
}

export async function poolSizeCommand(values: Values, context: CommandContext): Promise<number> {
  const input = {
    sessionsPerHour: numberOption(values, 'sessions-per-hour'),
    visitSeconds: numberOption(values, 'visit-seconds', poolSizeDefaults.visitSeconds),
    holdMinutes: numberOption(values, 'hold-minutes', poolSizeDefaults.holdMinutes),
    target: targetOption(values),
  };
  if (input.sessionsPerHour === 0) throw new UsageError('--sessions-per-hour must be above 0');
  let sizing: PoolSizing;
  try {
    sizing = sizePool(input);
  } catch (error) {
    // What sizePool refuses here (a load beyond a million erlangs) is still the caller's input.
    if (isAppError(error) && error.code === 'VALIDATION_FAILED') throw new UsageError(error.message);
    throw error;
  }
  if (values.json) {
    const { offeredLoad, poolSize, blocking, nearby, heuristic, effectiveHoldMinutes } = sizing;
    const json = {
      offeredLoad,
      poolSize,
      blocking,
      target: input.target,
      nearby,
      heuristic,
      effectiveHoldMinutes,
      inputs: input,
    };
    context.stdout.write(`${JSON.stringify(json)}\n`);
  } else {
    context.stdout.write(renderPoolSizing(sizing, input));
  }
  return 0;
}
