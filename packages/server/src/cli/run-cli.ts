/**
 * The calltrail command line: parses argv, runs one command and returns its exit code (0 done,
 * 1 failed, 2 wrong usage), writing to the given streams so tests can drive it.
 */
import type { EventEmitter } from 'node:events';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { isAppError, systemClock } from '@calltrail/core';
import { ConfigError, loadConfig } from '../config.ts';
import { type Output, runServer } from '../main.ts';
import {
  type CommandContext,
  createTokenCommand,
  createUserCommand,
  createWorkspaceCommand,
  migrateCommand,
  UsageError,
  type Values,
} from './admin-commands.ts';
import { DataDirLocked } from './data-dir-lock.ts';
import { poolSizeCommand } from './pool-size-command.ts';
import { simulateCommand, simulateOptions } from './simulate-command.ts';
import { commandUsage, mainUsage } from './usage.ts';

export interface CliIo {
  env: NodeJS.ProcessEnv;
  stdout: Output;
  stderr: Output;
  /** Where `start` listens for SIGINT and SIGTERM (the process unless a test says otherwise). */
  signals?: Pick<EventEmitter, 'once' | 'off'>;
}

type Options = NonNullable<ParseArgsConfig['options']>;

const text = { type: 'string' } as const;
const json = { type: 'boolean' } as const;

interface Command {
  options: Options;
  run(values: Values, context: CommandContext, io: CliIo): Promise<number>;
}

const commands: Record<string, Command> = {
  start: {
    options: {},
    run: (_values, context, io) => runServer(context.config, io.stdout, io.signals),
  },
  migrate: { options: {}, run: migrateCommand },
  'workspace create': {
    options: { name: text, 'time-zone': text, currency: text, json },
    run: createWorkspaceCommand,
  },
  'user create': {
    options: { email: text, password: text, name: text, workspace: text, role: text, json },
    run: createUserCommand,
  },
  'token create': { options: { workspace: text, role: text, name: text, json }, run: createTokenCommand },
  'pool-size': {
    options: { 'sessions-per-hour': text, 'visit-seconds': text, 'hold-minutes': text, target: text, json },
    run: poolSizeCommand,
  },
  simulate: { options: simulateOptions, run: simulateCommand },
};

// `workspace`, `user` and `token` take a sub-command; the others stand alone.
const groups = new Set(['workspace', 'user', 'token']);

function commandName(argv: string[]): { name: string | null; rest: string[] } {
  const [first, second] = argv;
  if (first === undefined || first.startsWith('-')) return { name: null, rest: argv };
  if (groups.has(first) && second !== undefined && !second.startsWith('-')) {
    return { name: `${first} ${second}`, rest: argv.slice(2) };
  }
  return { name: first, rest: argv.slice(1) };
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const { name, rest } = commandName(argv);
  if (name === null) {
    const help = rest.includes('--help') || rest.includes('-h');
    (help ? io.stdout : io.stderr).write(mainUsage);
    return help ? 0 : 2;
  }
  if (groups.has(name)) {
    // Each group has only `create` so far.
    const help = rest.includes('--help') || rest.includes('-h');
    if (help) io.stdout.write(commandUsage[`${name} create`] ?? mainUsage);
    else io.stderr.write(`calltrail: "${name}" needs a sub-command: ${name} create\n\n${mainUsage}`);
    return help ? 0 : 2;
  }
  const command = commands[name];
  const usage = commandUsage[name];
  if (!command || !usage) {
    io.stderr.write(`calltrail: unknown command "${name}"\n\n${mainUsage}`);
    return 2;
  }
  try {
    const { values } = parseArgs({
      args: rest,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) {
      io.stdout.write(usage);
      return 0;
    }
    const context: CommandContext = {
      config: loadConfig(io.env),
      stdout: io.stdout,
      now: () => systemClock.now(),
    };
    return await command.run(values, context, io);
  } catch (error) {
    return report(error, usage, io.stderr);
  }
}

function report(error: unknown, usage: string, stderr: Output): number {
  if (isAppError(error)) {
    const details = error.details ? ` ${JSON.stringify(error.details)}` : '';
    stderr.write(`calltrail: ${error.message}${details} (${error.code})\n`);
    return 1;
  }
  const failure: NodeJS.ErrnoException = error instanceof Error ? error : new Error(String(error));
  if (failure instanceof UsageError || failure.code?.startsWith('ERR_PARSE_ARGS')) {
    stderr.write(`calltrail: ${failure.message}\n\n${usage}`);
    return 2;
  }
  // A bad setting, a locked data directory or a failed system call (port in use) says enough in its message.
  if (failure instanceof ConfigError || failure instanceof DataDirLocked || failure.syscall) {
    stderr.write(`calltrail: ${failure.message}\n`);
    return 1;
  }
  // A bug or broken infrastructure: the stack helps whoever reports it.
  stderr.write(`calltrail: ${failure.stack ?? failure.message}\n`);
  return 1;
}
