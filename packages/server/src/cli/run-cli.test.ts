/** The calltrail CLI end to end on one PGlite data directory: first start, admin commands, usage errors. */
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { openDatabase } from '../db/database.ts';
import { freePort } from '../load/server-process.ts';
import { findApiToken, findUserByEmail } from '../stores/sql/users.ts';
import { listMembers } from '../stores/sql/workspaces.ts';
import { captureOutput, runCaptured } from '../testing/captured-output.ts';
import { runCli } from './run-cli.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'calltrail-cli-'));

function cli(argv: string[], env: NodeJS.ProcessEnv = {}) {
  return runCaptured((io) =>
    runCli(argv, { env: { DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env }, ...io }),
  );
}

describe('the calltrail CLI', () => {
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  test('the first start creates an owner who can log in, and a signal stops the server', async () => {
    const port = await freePort();
    const signals = new EventEmitter();
    const stdout = captureOutput();
    const stderr = captureOutput();
    const env = {
      DATA_DIR: dataDir,
      PORT: String(port),
      LOG_LEVEL: 'silent',
      CALLTRAIL_ADMIN_PASSWORD: 'first owner pw',
    };
    const exited = runCli(['start'], { env, stdout, stderr, signals });
    // A failed assertion must still stop the server, or the test process never exits.
    try {
      const url = `http://localhost:${port}`;
      for (let i = 0; i < 200 && !stdout.text.includes('listening'); i++)
        await new Promise((r) => setTimeout(r, 50));
      assert.match(stdout.text, /Email: +admin@localhost/);
      assert.match(stdout.text, /Password: +first owner pw/);
      assert.ok(stdout.text.includes(`Log in at ${url}/api/docs or POST /api/v1/auth/login`));
      assert.ok(
        stdout.text.includes(
          `Calltrail listening on ${url} (database: pglite at ${dataDir}, leases: memory)`,
        ),
        stdout.text,
      );

      const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'admin@localhost', password: 'first owner pw' }),
      });
      assert.equal(login.status, 200);
      const me = (await login.json()) as { workspaces: { name: string; role: string }[] };
      assert.deepEqual(
        me.workspaces.map((w) => [w.name, w.role]),
        [['My workspace', 'owner']],
      );

      const beside = await cli(['migrate']);
      assert.equal(beside.code, 1, 'an admin command refuses a data directory the server has open');
      assert.match(beside.stderr, /in use by Calltrail/);
    } finally {
      signals.emit('SIGTERM', 'SIGTERM');
    }

    assert.equal(await exited, 0);
    assert.match(stdout.text, /Calltrail stopped/);
    assert.equal(stderr.text, '');
  });

  test('migrate applies the migrations and says where', async () => {
    const result = await cli(['migrate']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Migrations applied \(database: pglite at /);
  });

  let workspaceId: string;

  test('workspace create prints the id, or the workspace as JSON', async () => {
    const plain = await cli(['workspace', 'create', '--name', 'Dental']);
    assert.equal(plain.code, 0, plain.stderr);
    assert.match(plain.stdout, /^ws_\w+\n$/);
    const json = await cli([
      'workspace',
      'create',
      '--name',
      'Clinic',
      '--time-zone',
      'Europe/Moscow',
      '--currency',
      'RUB',
      '--json',
    ]);
    const workspace = JSON.parse(json.stdout);
    assert.deepEqual(
      [workspace.name, workspace.timeZone, workspace.currency],
      ['Clinic', 'Europe/Moscow', 'RUB'],
    );
    workspaceId = workspace.id;
  });

  test('user create makes a member, and a taken email fails with exit code 1', async () => {
    const created = await cli([
      'user',
      'create',
      '--email',
      'ann@clinic.example',
      '--password',
      'a long password',
      '--name',
      'Ann',
      '--workspace',
      workspaceId,
      '--role',
      'admin',
    ]);
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stdout, /^usr_\w+\n$/);
    const taken = await cli([
      'user',
      'create',
      '--email',
      'ANN@clinic.example',
      '--password',
      'a long password',
    ]);
    assert.equal(taken.code, 1);
    assert.match(taken.stderr, /EMAIL_TAKEN/);
  });

  test('token create prints a token that is stored for the workspace with its role', async () => {
    const created = await cli([
      'token',
      'create',
      '--workspace',
      workspaceId,
      '--role',
      'analyst',
      '--name',
      'Export',
    ]);
    assert.equal(created.code, 0, created.stderr);
    const token = created.stdout.trim();
    assert.match(token, /^ctk_/);

    const database = await openDatabase({ kind: 'pglite', dataDir });
    try {
      const row = await findApiToken(database.db, token);
      assert.deepEqual([row?.workspaceId, row?.role, row?.name], [workspaceId, 'analyst', 'Export']);
      const ann = await findUserByEmail(database.db, 'ann@clinic.example');
      const members = await listMembers(database.db, workspaceId);
      assert.deepEqual(
        members.map((m) => [m.userId, m.name, m.role]),
        [[ann?.id, 'Ann', 'admin']],
      );
    } finally {
      await database.close();
    }
  });

  test('unknown workspaces, time zones and currencies fail with exit code 1 and the error code', async () => {
    const cases: [string[], RegExp][] = [
      [['token', 'create', '--workspace', 'ws_nope', '--role', 'admin'], /WORKSPACE_NOT_FOUND/],
      [
        [
          'user',
          'create',
          '--email',
          'x@y.z',
          '--password',
          '0123456789',
          '--workspace',
          'ws_nope',
          '--role',
          'admin',
        ],
        /WORKSPACE_NOT_FOUND/,
      ],
      [['workspace', 'create', '--name', 'X', '--time-zone', 'Mars/Olympus'], /INVALID_TIME_ZONE/],
      [['workspace', 'create', '--name', 'X', '--currency', 'XYZ'], /INVALID_CURRENCY/],
      [['user', 'create', '--email', 'short@pw.example', '--password', 'short'], /at least 10 characters/],
    ];
    for (const [argv, expected] of cases) {
      const result = await cli(argv);
      assert.equal(result.code, 1, argv.join(' '));
      assert.match(result.stderr, expected);
    }
  });

  test('wrong usage prints the help on stderr with exit code 2, and --help prints it on stdout', async () => {
    const wrong: [string[], RegExp][] = [
      [[], /Usage: calltrail <command>/],
      [['launch'], /unknown command "launch"/],
      [['workspace', 'delete'], /unknown command "workspace delete"/],
      [['token'], /"token" needs a sub-command: token create/],
      [['workspace', 'create'], /--name is required/],
      [['workspace', 'create', '--name', 'X', '--colour', 'red'], /Unknown option '--colour'/],
      [
        ['token', 'create', '--workspace', 'ws_1', '--role', 'boss'],
        /--role must be owner, admin, analyst or operator/,
      ],
      [
        ['user', 'create', '--email', 'a@b.c', '--password', '0123456789', '--role', 'admin'],
        /--role needs --workspace/,
      ],
      [['migrate', 'now'], /Unexpected argument 'now'/],
    ];
    for (const [argv, expected] of wrong) {
      const result = await cli(argv);
      assert.equal(result.code, 2, argv.join(' '));
      assert.match(result.stderr, expected);
      assert.equal(result.stdout, '');
    }
    for (const argv of [
      ['--help'],
      ['start', '--help'],
      ['user', 'create', '-h'],
      ['token', 'create', '--help'],
    ]) {
      const result = await cli(argv);
      assert.equal(result.code, 0);
      assert.match(result.stdout, /^Usage: calltrail/);
    }
  });

  test('a bad setting fails with exit code 1 and names the variable', async () => {
    const result = await cli(['migrate'], { PORT: 'eighty' });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /PORT: expected an integer/);
  });
});
