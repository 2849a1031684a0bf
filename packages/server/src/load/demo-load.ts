/**
 * A running server filled with demo data through its real endpoints: the demo workspace is set up
 * through the REST API, then simulated visitors use the snippet API and some of them call through
 * the generic PBX webhook, and an operator assesses the answered calls through the REST API. The CLI's `simulate --load --demo` and in-process tests both use it.
 */
import { type CallModel, referenceCallModel } from './call-plan.ts';
import { assessDemoCalls } from './demo-assessments.ts';
import { type DemoWorkspace, setUpDemoWorkspace } from './demo-workspace.ts';
import type { LoadSummary } from './load-recorder.ts';
import type { LoadProgress } from './open-loop.ts';
import { runOpenLoop } from './open-loop.ts';
import { logInAsOwner, type OwnerLogin } from './site-setup.ts';
import { referenceVisitModel } from './visit-plan.ts';

export interface DemoLoadOptions {
  /** The server, e.g. http://127.0.0.1:3000. */
  url: string;
  /** An owner's or admin's login, or headers that already authenticate (e.g. an API token's). */
  auth: OwnerLogin | { headers: Record<string, string> };
  /** Visits starting per second (default 1). */
  rate?: number;
  /** Seconds visits and calls start in (default 300); calls ringing by then are played to their end. */
  durationS?: number;
  /** Stop starting visits after this many (default: no limit). */
  visits?: number;
  /** Simulated seconds per real second (default 20). */
  timeScale?: number;
  seed?: number;
  /** Share of visits that call (default: the reference model's 0.08). */
  callShare?: number;
  /** The pool's size when the demo creates it (default 1000; see DemoWorkspaceOptions). */
  poolSize?: number;
  connections?: number;
  onProgress?: (progress: LoadProgress) => void;
}

export interface DemoLoadResult extends DemoWorkspace {
  callsPlaced: number;
  callbacks: number;
  /** Answered calls an operator assessed afterwards (qualified, rating, tags, some deal values). */
  assessed: number;
  summary: LoadSummary;
}

/**
 * A bounded run for tests: about 10 s, some 15 calls, most of them attributed. `visits` stays under
 * `poolSize`: a number handed out twice within minutes makes its calls "uncertain" (see
 * DemoWorkspaceOptions.poolSize).
 */
export const testDemoLoad = {
  visits: 30,
  rate: 15,
  durationS: 8,
  timeScale: 120,
  callShare: 0.5,
  poolSize: 40,
  seed: 3,
} as const satisfies Omit<DemoLoadOptions, 'url' | 'auth'>;

/**
 * Sets up (or finds) the demo workspace and runs the load on it. The defaults are the CLI demo's
 * (a visit a second for 5 minutes); tests run `testDemoLoad`.
 */
export async function runDemoLoad(options: DemoLoadOptions): Promise<DemoLoadResult> {
  const url = options.url.replace(/\/+$/, '');
  const headers = 'headers' in options.auth ? options.auth.headers : await logInAsOwner(url, options.auth);
  const demo = await setUpDemoWorkspace(url, headers, {
    ...(options.poolSize === undefined ? {} : { poolSize: options.poolSize }),
  });
  const calls: CallModel = {
    ...referenceCallModel,
    callShare: options.callShare ?? referenceCallModel.callShare,
  };
  const summary = await runOpenLoop({
    target: { url, siteKey: demo.siteKey, origin: demo.origin },
    schedule: {
      rate: options.rate ?? 1,
      process: 'poisson',
      seed: options.seed ?? 1,
      durationS: options.durationS ?? 300,
      maxVisits: options.visits ?? null,
      timeScale: options.timeScale ?? 20,
      model: referenceVisitModel,
    },
    warmupS: 0,
    connections: options.connections ?? 8,
    timeoutMs: 10_000,
    calls: { webhook: demo.webhook, model: calls },
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const assessed = await assessDemoCalls(url, headers, demo.workspaceId, options.seed ?? 1);
  return {
    ...demo,
    assessed,
    callsPlaced: summary.calls?.placed ?? 0,
    callbacks: summary.calls?.callbacks ?? 0,
    summary,
  };
}
