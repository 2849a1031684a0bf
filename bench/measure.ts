/**
 * The two measurements the benchmark makes, each with the server's and the client's CPU time over the
 * measured window: a closed loop for the ceiling (requests/s) and an open loop for latency.
 */
import { runClosedLoop } from '../packages/server/src/load/closed-loop.ts';
import type { LoadSummary } from '../packages/server/src/load/load-recorder.ts';
import { runOpenLoop } from '../packages/server/src/load/open-loop.ts';
import type { SnippetTarget } from '../packages/server/src/load/snippet-requests.ts';
import { snippetWorker } from '../packages/server/src/load/snippet-worker.ts';
import { referenceVisitModel } from '../packages/server/src/load/visit-plan.ts';
import { type ScheduleOptions, sessionRateFor } from '../packages/server/src/load/visit-schedule.ts';
import { cpuSeconds } from './process-cpu.ts';

export interface Measured {
  summary: LoadSummary;
  /** Server CPU (user + system) per answered request, µs; null where /proc is missing. */
  serverCpuUs: number | null;
  clientCpuUs: number;
}

const timeoutMs = 10_000;

/** Samples both processes' CPU when the warm-up ends and again when the run does. */
async function withCpu(
  serverPid: number,
  warmupS: number,
  run: () => Promise<LoadSummary>,
): Promise<Measured> {
  let server0: number | null = null;
  let client0 = process.cpuUsage();
  const timer = setTimeout(() => {
    server0 = cpuSeconds(serverPid);
    client0 = process.cpuUsage();
  }, warmupS * 1000);
  const summary = await run();
  clearTimeout(timer);
  const server1 = cpuSeconds(serverPid);
  const client = process.cpuUsage(client0);
  const replies = Math.max(1, summary.latency.count);
  return {
    summary,
    serverCpuUs: server0 === null || server1 === null ? null : ((server1 - server0) * 1e6) / replies,
    clientCpuUs: (client.user + client.system) / replies,
  };
}

export function closedLoop(
  target: SnippetTarget,
  serverPid: number,
  options: { connections: number; warmupS: number; seconds: number },
): Promise<Measured> {
  return withCpu(serverPid, options.warmupS, () =>
    runClosedLoop({
      url: target.url,
      connections: options.connections,
      durationS: options.warmupS + options.seconds,
      warmupS: options.warmupS,
      timeoutMs,
      worker: (i, authority) => snippetWorker(target, authority, i + 1),
    }),
  );
}

export function openLoop(
  target: SnippetTarget,
  serverPid: number,
  options: { requestsPerS: number; warmupS: number; seconds: number; connections: number },
): Promise<Measured & { sessionRate: number }> {
  const schedule: Omit<ScheduleOptions, 'rate'> = {
    process: 'poisson',
    seed: 1,
    durationS: options.warmupS + options.seconds,
    maxVisits: null,
    timeScale: 20,
    model: referenceVisitModel,
  };
  // Visits keep sending hits after they start: the rate is chosen so the measured window gets the target.
  const sessionRate = sessionRateFor(options.requestsPerS, schedule, options.warmupS);
  return withCpu(serverPid, options.warmupS, () =>
    runOpenLoop({
      target,
      schedule: { ...schedule, rate: sessionRate },
      warmupS: options.warmupS,
      connections: options.connections,
      timeoutMs,
    }),
  ).then((measured) => ({ ...measured, sessionRate }));
}
