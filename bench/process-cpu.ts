/**
 * CPU time a process has used, read from /proc (Linux). On a shared, noisy machine CPU time per request
 * moves far less than requests per second, so the benchmark prints both.
 */
import { readFileSync } from 'node:fs';

// USER_HZ: 100 on every Linux x86-64 and arm64 kernel Node supports.
const ticksPerSecond = 100;

/** User plus system CPU seconds of `pid`, or null where /proc is missing (not Linux). */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may contain spaces; the fields after its closing parenthesis do not.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return (utime + stime) / ticksPerSecond;
  } catch {
    return null;
  }
}
