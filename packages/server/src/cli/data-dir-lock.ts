/**
 * PGlite has no lock of its own, and two processes writing one data directory corrupt it: a pid
 * file makes the second `calltrail` (a server, or an admin command beside a running server) refuse.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export class DataDirLocked extends Error {
  override name = 'DataDirLocked';
}

// A stale file may carry our own pid (a container restarted as pid 1), so this process's own locks are tracked here.
const held = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock of a (created) PGlite data directory; returns its release. */
export function lockDataDir(dataDir: string): () => void {
  const file = join(dataDir, 'calltrail.pid');
  let holder: number | null = null;
  try {
    holder = Number.parseInt(readFileSync(file, 'utf8'), 10);
  } catch {
    // No pid file: the directory is free.
  }
  const ours = holder === process.pid;
  if (holder !== null && Number.isInteger(holder) && (ours ? held.has(dataDir) : alive(holder))) {
    throw new DataDirLocked(
      `${dataDir} is in use by Calltrail (pid ${holder}): stop it first, or use the REST API while it runs. ` +
        `If no Calltrail process is running, delete ${file}.`,
    );
  }
  writeFileSync(file, String(process.pid));
  held.add(dataDir);
  return () => {
    held.delete(dataDir);
    rmSync(file, { force: true });
  };
}
