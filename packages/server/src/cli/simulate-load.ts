/**
 * `calltrail simulate --load`: drives a running server's snippet API with simulated visitors on an
 * open-loop schedule, and with a webhook places some visitors' calls through its generic PBX webhook,
 * then prints what it sustained: sessions and requests per second, latency percentiles measured from
 * each request's scheduled time, errors by status and code, and the calls placed. `--demo` first
 * sets up a demo workspace to run against (load/demo-workspace.ts).
 */

import type { ArrivalProcess } from '../load/arrivals.ts';
import type { CallWebhook } from '../load/call-placer.ts';
import { type CallModel, referenceCallModel } from '../load/call-plan.ts';
import { assessDemoCalls } from '../load/demo-assessments.ts';
import { setUpDemoWorkspace } from '../load/demo-workspace.ts';
import { formatSummary } from '../load/load-report.ts';
import { runOpenLoop } from '../load/open-loop.ts';
import { progressBar } from '../load/progress-bar.ts';
import { logInAsOwner, type OwnerLogin } from '../load/site-setup.ts';
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
  'call-share': text,
  'webhook-url': text,
  'webhook-secret': text,
  demo: { type: 'boolean' },
  email: text,
  password: text,
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
  --seed N            Seed of the schedule and the calls, so a run can be repeated (default 1)
  --json              Print the summary as JSON

Calls: with --webhook-url, a share of visits end with a phone call to the number their page showed,
posted as ringing, answered and ended events to the generic PBX webhook. A fifth are missed and most
of those get an agent's outbound callback; some callers call again, a few withhold their number. The
events carry the wall-clock time they are sent, so wait and talk times shrink by the time scale.
  --webhook-url URL   The workspace's generic webhook (Settings → Telephony, or
                      GET /api/v1/workspace/webhook), e.g. http://127.0.0.1:3000/hooks/v1/generic/ws_…
  --webhook-secret S  Its secret (default: the CALLTRAIL_WEBHOOK_SECRET environment variable)
  --call-share X      Share of visits that call, 0 to 1 (default 0.08)

Demo: --demo --email E --password P logs in to --url as that owner or admin and sets up (or finds)
the site "Demo clinic" with a pool of 1000 numbers, static numbers for the newsletter, a Yandex campaign
and a referral site, a billboard number, 30 days of ad costs and the webhook, then runs the load with
calls: 1 visit/s for 300 s unless --rate and --duration say otherwise. --site-key, --origin and
--webhook-* are then not used; the password may come from CALLTRAIL_ADMIN_PASSWORD instead.
  calltrail simulate --load --demo --url http://127.0.0.1:3000 --email admin@localhost --password P

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
  /** Null under --demo: the demo site's. */
  siteKey: string | null;
  origin: string | null;
  schedule: ScheduleOptions;
  warmupS: number;
  connections: number;
  /** Null when the run places no calls; the webhook is the demo workspace's under --demo. */
  calls: { webhook: CallWebhook | null; model: CallModel } | null;
  /** The owner --demo logs in as; null without --demo. */
  demo: OwnerLogin | null;
}

function share(values: Values, name: string, fallback: number): number {
  const raw = option(values, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (raw.trim() === '' || !(value >= 0 && value <= 1)) {
    throw new UsageError(`--${name} must be a share from 0 to 1, not "${raw}"`);
  }
  return value;
}

function demoLogin(values: Values, env: NodeJS.ProcessEnv): OwnerLogin | null {
  if (!values.demo) {
    const misplaced = ['email', 'password'].find((name) => values[name] !== undefined);
    if (misplaced) throw new UsageError(`--${misplaced} needs --demo`);
    return null;
  }
  const misplaced = ['site-key', 'origin', 'webhook-url', 'webhook-secret'].find(
    (name) => values[name] !== undefined,
  );
  if (misplaced) throw new UsageError(`--${misplaced} is not used with --demo: the demo site's is`);
  const email = option(values, 'email');
  if (!email) throw new UsageError('--demo needs --email (an owner or admin of the workspace)');
  const password = option(values, 'password') ?? env.CALLTRAIL_ADMIN_PASSWORD;
  if (!password) throw new UsageError('--demo needs --password (or CALLTRAIL_ADMIN_PASSWORD)');
  return { email, password };
}

function callPlan(values: Values, env: NodeJS.ProcessEnv, demo: boolean): LoadPlan['calls'] {
  const model = {
    ...referenceCallModel,
    callShare: share(values, 'call-share', referenceCallModel.callShare),
  };
  if (demo) return { webhook: null, model };
  const url = option(values, 'webhook-url');
  if (url === undefined) {
    if (values['call-share'] !== undefined || values['webhook-secret'] !== undefined) {
      throw new UsageError('calls need --webhook-url');
    }
    return null;
  }
  if (!/^https?:\/\/[^/]+/.test(url))
    throw new UsageError(`--webhook-url must be an http(s) URL, not "${url}"`);
  const secret = option(values, 'webhook-secret') ?? env.CALLTRAIL_WEBHOOK_SECRET;
  if (!secret) throw new UsageError('--webhook-url needs --webhook-secret (or CALLTRAIL_WEBHOOK_SECRET)');
  return { webhook: { url, secret, offlineNumber: null }, model };
}

/** The run the options ask for; wrong usage throws UsageError. */
export function loadPlan(values: Values, env: NodeJS.ProcessEnv = {}): LoadPlan {
  const url = option(values, 'url');
  if (!url) throw new UsageError('--url is required');
  if (!/^http:\/\/[^/]+/.test(url)) throw new UsageError(`--url must be an http:// URL, not "${url}"`);
  const demo = demoLogin(values, env);
  const siteKey = option(values, 'site-key') ?? null;
  if (!siteKey && !demo) throw new UsageError('--site-key is required');
  const origin = option(values, 'origin') ?? null;
  if (origin !== null && !URL.canParse(origin))
    throw new UsageError(`--origin must be a URL, not "${origin}"`);
  const arrival = option(values, 'arrival') ?? 'poisson';
  if (arrival !== 'poisson' && arrival !== 'uniform') {
    throw new UsageError(`--arrival must be poisson or uniform, not "${arrival}"`);
  }
  const durationS = positive(values, 'duration', demo ? 300 : 30);
  const warmupS = option(values, 'warmup') === undefined ? 0 : positive(values, 'warmup', 0);
  if (warmupS >= durationS) throw new UsageError('--warmup must be shorter than --duration');
  return {
    url: url.replace(/\/+$/, ''),
    siteKey,
    origin: origin === null ? null : new URL(origin).origin,
    schedule: {
      rate: positive(values, 'rate', demo ? 1 : 10),
      process: arrival as ArrivalProcess,
      seed: positive(values, 'seed', 1, true),
      durationS,
      maxVisits: option(values, 'sessions') === undefined ? null : positive(values, 'sessions', 1, true),
      timeScale: positive(values, 'time-scale', 20),
      model: referenceVisitModel,
    },
    warmupS,
    connections: positive(values, 'connections', 64, true),
    calls: callPlan(values, env, demo !== null),
    demo,
  };
}

/** What the load drives: the given site and webhook, or the demo workspace set up first. */
async function loadTarget(plan: LoadPlan, context: CommandContext) {
  if (!plan.demo) {
    return {
      siteKey: plan.siteKey ?? '',
      origin: plan.origin,
      webhook: plan.calls?.webhook ?? null,
      assess: null,
    };
  }
  const headers = await logInAsOwner(plan.url, plan.demo);
  const demo = await setUpDemoWorkspace(plan.url, headers);
  context.stdout.write(
    `Demo workspace ${demo.workspaceId}: site "Demo clinic" (key ${demo.siteKey}), ` +
      `${demo.costRows} cost rows; open ${plan.url} and log in as ${plan.demo.email}\n`,
  );
  return {
    siteKey: demo.siteKey,
    origin: demo.origin,
    webhook: demo.webhook,
    assess: () => assessDemoCalls(plan.url, headers, demo.workspaceId, plan.schedule.seed),
  };
}

export async function runLoadCommand(values: Values, context: CommandContext, io: CliIo): Promise<number> {
  const plan = loadPlan(values, io.env);
  const { schedule } = plan;
  const target = await loadTarget(
    plan,
    values.json ? { ...context, stdout: { write: () => true } } : context,
  );
  if (!values.json) {
    context.stdout.write(
      `Open-loop load on ${plan.url}: ${schedule.rate} visits/s (${schedule.process}) for ${schedule.durationS} s ` +
        `over ${plan.connections} connections${target.webhook ? ', with calls' : ''}\n`,
    );
  }
  const bar = progressBar(io.stderr);
  const summary = await runOpenLoop({
    target: { url: plan.url, siteKey: target.siteKey, origin: target.origin },
    schedule,
    warmupS: plan.warmupS,
    connections: plan.connections,
    timeoutMs: requestTimeoutMs,
    onProgress: (progress) => bar.update(progress),
    calls: plan.calls && target.webhook && { webhook: target.webhook, model: plan.calls.model },
  });
  bar.done();
  const assessed = target.assess ? await target.assess() : null;
  // Not the plan's password and webhook secret: the output ends up in logs.
  if (values.json)
    context.stdout.write(
      `${JSON.stringify({ ...plan, demo: undefined, calls: plan.calls?.model ?? null, summary, assessed })}\n`,
    );
  else {
    context.stdout.write(formatSummary(summary));
    if (assessed !== null)
      context.stdout.write(`  assessed   ${assessed} answered calls (qualified, rating, tags, deals)\n`);
  }
  if (summary.sent > 0 && summary.ok === 0) {
    io.stderr.write('calltrail: no request succeeded: check --url, --site-key and --origin\n');
    return 1;
  }
  return 0;
}
