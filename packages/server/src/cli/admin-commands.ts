/** The admin commands: each opens the configured database, calls the same use case as the API, and closes it. */
import { isRole, type Role } from '@calltrail/core';
import { issueApiToken, toApiToken } from '../accounts/issue-api-token.ts';
import { registerUser } from '../accounts/register-user.ts';
import { setUpWorkspace } from '../accounts/set-up-workspace.ts';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import type { Output } from '../main.ts';
import { toWorkspace } from '../routes/workspaces/index.ts';
import { describeDatabase, openConfiguredDatabase } from './configured-database.ts';

/** Wrong usage: the caller prints the message with the command's help and exits with 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export type Values = Record<string, string | boolean | undefined>;

export interface CommandContext {
  config: Config;
  stdout: Output;
  now: () => Date;
}

function required(values: Values, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--${name} is required`);
  return value;
}

function optional(values: Values, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

function role(values: Values): Role {
  const value = required(values, 'role');
  if (!isRole(value)) {
    throw new UsageError(`--role must be owner, admin, analyst or operator, not "${value}"`);
  }
  return value;
}

async function withDatabase<T>(config: Config, use: (database: Database) => Promise<T>): Promise<T> {
  const database = await openConfiguredDatabase(config);
  try {
    return await use(database);
  } finally {
    await database.close();
  }
}

const print = (out: Output, values: Values, json: unknown, plain: string) =>
  out.write(values.json ? `${JSON.stringify(json)}\n` : `${plain}\n`);

export async function migrateCommand(_values: Values, { config, stdout }: CommandContext): Promise<number> {
  // Opening the database applies the migrations.
  await withDatabase(config, async () => {});
  stdout.write(`Migrations applied (database: ${describeDatabase(config)})\n`);
  return 0;
}

export async function createWorkspaceCommand(values: Values, context: CommandContext): Promise<number> {
  const input = {
    name: required(values, 'name'),
    timeZone: optional(values, 'time-zone'),
    currency: optional(values, 'currency'),
  };
  const row = await withDatabase(context.config, (database) =>
    setUpWorkspace(database.db, input, context.now()),
  );
  print(context.stdout, values, toWorkspace(row), row.id);
  return 0;
}

export async function createUserCommand(values: Values, context: CommandContext): Promise<number> {
  const input = {
    email: required(values, 'email'),
    password: required(values, 'password'),
    name: optional(values, 'name'),
  };
  const workspaceId = optional(values, 'workspace');
  if (workspaceId === undefined && values.role !== undefined) {
    throw new UsageError('--role needs --workspace');
  }
  const membership = workspaceId === undefined ? undefined : { workspaceId, role: role(values) };
  const user = await withDatabase(context.config, (database) =>
    registerUser(database.db, input, context.now(), membership),
  );
  const json = { id: user.id, email: user.email, name: user.name, ...membership };
  print(context.stdout, values, json, user.id);
  return 0;
}

export async function createTokenCommand(values: Values, context: CommandContext): Promise<number> {
  const input = {
    workspaceId: required(values, 'workspace'),
    role: role(values),
    name: optional(values, 'name') ?? 'CLI',
  };
  // The console speaks for the installation's owner, so it may mint any role.
  const { row, token } = await withDatabase(context.config, (database) =>
    issueApiToken(database.db, input, 'owner', context.now()),
  );
  print(context.stdout, values, { ...toApiToken(row), workspaceId: row.workspaceId, token }, token);
  return 0;
}
