/**
 * `calltrail simulate --load`: drives a running server's snippet API with simulated visitors on an
 * open-loop schedule and prints what it sustained: sessions and requests per second, latency
 * percentiles measured from each request's scheduled time, and errors by status and code.
 */

import type { ArrivalProcess } from '../load/arrivals.ts';
import { formatSummary } from '../load/load-report.ts';
import { runOpenLoop } from '../load/open-loop.ts';
import { progressBar } from '../load/progress-bar.ts';
import { referenceVisitModel } from '../load/visit-plan.ts';
import type { ScheduleOptions } from '../load/visit-schedule.ts';
import { type CommandContext, UsageError, type Values } from './admin-commands.ts';
import type { CliIo } from './run-cli.ts';

const text = { type: 'string' } as const;

/** The options `calltrail simulate` accepts for --load (spread them into the command's options). */
export const loadOptions = {
  url: text,
  'site-key': text,
  origin: text,
  rate: text,
  duration: text,
  sessions: text,
  warmup: text,
  arrival: text,
  connections: text,
  'time-scale': text,
  seed: text,
  json: { type: 'boolean' },
} as const;

/** The --load part of `calltrail simulate --help`, shown under the command's usage line. */
export const loadUsage = `Sends simulated visitors to a running server's snippet API: each visit is a session request, then
page views and heartbeats on the reference traffic model (about 4 requests per visit), with time
compressed so a 60 s heartbeat comes every 3 s. Visits start on a schedule fixed in advance and each
request leaves at its scheduled time, however slow earlier replies were; latency is measured from that
time. Load only servers you run, and set SNIPPET_RATE_LIMIT=0 on them, or the rate limit answers 429.

  --url URL           The server, e.g. http://127.0.0.1:3000
  --site-key KEY      The site's key (the snippet's data-key)
  --origin ORIGIN     A page origin on one of the site's domains, e.g. https://clinic.example;
                      sent as Origin and used for page URLs (default: no Origin, pages on localhost)
  --rate N            Visits (sessions) starting per second (default 10)
  --duration S        Seconds the run lasts; requests due later are not sent (default 30)
  --sessions N        Stop starting visits after N (default: no limit)
  --warmup S          Leave requests due in the first S seconds out of the figures (default 0)
  --arrival KIND      poisson (default) or uniform arrivals
  --connections N     Keep-alive connections to the server (default 64)
  --time-scale X      Simulated seconds per real second (default 20)
  --seed N            Seed of the schedule, so a run can be repeated (default 1)
  --json              Print the summary as JSON

Exits 1 when no request succeeded (a wrong URL, key or origin), else 0.
`;

const requestTimeoutMs = 10_000;

function option(values: Values, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

function positive(values: Values, name: string, fallback: number, integer = false): number {
  const raw = option(values, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new UsageError(`--${name} must be a positive ${integer ? 'integer' : 'number'}, not "${raw}"`);
  }
  return value;
}

export interface LoadPlan {
  url: string;
  siteKey: string;
  origin: string | null;
  schedule: ScheduleOptions;
  warmupS: number;
  connections: number;
}

/** The run the options ask for; wrong usage throws UsageError. */
export function loadPlan(values: Values): LoadPlan {
  const url = option(values, 'url');
  if (!url) throw new UsageError('--url is required');
  if (!/^http:\/\/[^/]+/.test(url)) throw new UsageError(`--url must be an http:// URL, not "${url}"`);
  const siteKey = option(values, 'site-key');
  if (!siteKey) throw new UsageError('--site-key is required');
  const origin = option(values, 'origin') ?? null;
  if (origin !== null && !URL.canParse(origin))
    throw new UsageError(`--origin must be a URL, not "${origin}"`);
  const arrival = option(values, 'arrival') ?? 'poisson';
  if (arrival !== 'poisson' && arrival !== 'uniform') {
    throw new UsageError(`--arrival must be poisson or uniform, not "${arrival}"`);
  }
  const durationS = positive(values, 'duration', 30);
  const warmupS = option(values, 'warmup') === undefined ? 0 : positive(values, 'warmup', 0);
  if (warmupS >= durationS) throw new UsageError('--warmup must be shorter than --duration');
  return {
    url: url.replace(/\/+$/, ''),
    siteKey,
    origin: origin === null ? null : new URL(origin).origin,
    schedule: {
      rate: positive(values, 'rate', 10),
      process: arrival as ArrivalProcess,
      seed: positive(values, 'seed', 1, true),
      durationS,
      maxVisits: option(values, 'sessions') === undefined ? null : positive(values, 'sessions', 1, true),
      timeScale: positive(values, 'time-scale', 20),
      model: referenceVisitModel,
    },
    warmupS,
    connections: positive(values, 'connections', 64, true),
  };
}

export async function runLoadCommand(values: Values, context: CommandContext, io: CliIo): Promise<number> {
  const plan = loadPlan(values);
  const { schedule } = plan;
  if (!values.json) {
    context.stdout.write(
      `Open-loop load on ${plan.url}: ${schedule.rate} visits/s (${schedule.process}) for ${schedule.durationS} s ` +
        `over ${plan.connections} connections\n`,
    );
  }
  const bar = progressBar(io.stderr);
  const summary = await runOpenLoop({
    target: { url: plan.url, siteKey: plan.siteKey, origin: plan.origin },
    schedule,
    warmupS: plan.warmupS,
    connections: plan.connections,
    timeoutMs: requestTimeoutMs,
    onProgress: (progress) => bar.update(progress),
  });
  bar.done();
  if (values.json) context.stdout.write(`${JSON.stringify({ ...plan, summary })}\n`);
  else context.stdout.write(formatSummary(summary));
  if (summary.sent > 0 && summary.ok === 0) {
    io.stderr.write('calltrail: no request succeeded: check --url, --site-key and --origin\n');
    return 1;
  }
  return 0;
}
