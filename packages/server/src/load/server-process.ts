/**
 * `calltrail start` in a child process, for benchmarks and multi-process tests: the server gets its
 * own CPU and event loop, as in production, and a SIGTERM stops it the way an operator would.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const cliPath = fileURLToPath(new URL('../cli.ts', import.meta.url));

export interface ServerProcess {
  url: string;
  pid: number;
  /** Everything the server printed so far (stdout and stderr), for failure messages. */
  output(): string;
  /** SIGTERM, then waits for the exit (SIGKILL after `graceMs`); resolves with the exit code. */
  stop(graceMs?: number): Promise<number | null>;
}

export interface ServerProcessOptions {
  /** The server's whole environment (besides HOST, PORT and LOG_LEVEL): nothing leaks in from this process. */
  env: Record<string, string>;
  /** A command other than `start` (with its arguments), e.g. a node script serving something else. */
  command?: string[];
  /** The line that tells the server is listening. */
  readyLine?: string;
  readyTimeoutMs?: number;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (!address || typeof address !== 'object') throw new Error('no port was assigned');
  return address.port;
}

/** Starts the server on a free loopback port and resolves once it prints its ready line. */
export async function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  const port = await freePort();
  const args = options.command ?? ['--import', 'tsx', cliPath, 'start'];
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: {
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ...options.env,
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (text: string) => (output += text));
  child.stderr?.setEncoding('utf8').on('data', (text: string) => (output += text));
  const exited = once(child, 'exit');
  try {
    await waitForLine(
      child,
      () => output,
      options.readyLine ?? 'Calltrail listening on',
      options.readyTimeoutMs,
    );
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid ?? -1,
    output: () => output,
    stop: async (graceMs = 15_000) => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      }
      return child.exitCode;
    },
  };
}

function waitForLine(child: ChildProcess, output: () => string, line: string, timeoutMs = 60_000) {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => finish(new Error(`no "${line}" within ${timeoutMs} ms:\n${output()}`)),
      timeoutMs,
    );
    const check = () => {
      if (output().includes(line)) finish();
    };
    const onExit = (code: number | null) =>
      finish(new Error(`the server exited (${code}) before "${line}":\n${output()}`));
    function finish(error?: Error) {
      clearTimeout(timer);
      child.stdout?.off('data', check);
      child.stderr?.off('data', check);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve();
    }
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
    child.once('exit', onExit);
    check();
  });
}
