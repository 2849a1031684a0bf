/**
 * The open-loop driver: visits start on a schedule fixed in advance and every request leaves at its
 * scheduled time whatever happened to earlier ones, so a slow server cannot slow the load down
 * (no coordinated omission). Latency runs from the scheduled time: queueing in the client counts.
 */

import { CallPlacer, type CallWebhook } from './call-placer.ts';
import { type CallModel, CallPlanner, type PlannedCall } from './call-plan.ts';
import { ConnectionPool } from './connection-pool.ts';
import { DueQueue } from './due-queue.ts';
import { type HttpReply, HttpTransportError } from './http-connection.ts';
import { LoadRecorder, type LoadSummary, type RequestKind } from './load-recorder.ts';
import {
  parseSessionReply,
  type SessionIdentity,
  SnippetRequests,
  type SnippetTarget,
} from './snippet-requests.ts';
import { type ScheduledVisit, type ScheduleOptions, visitSchedule } from './visit-schedule.ts';

export interface LoadProgress {
  elapsedS: number;
  totalS: number;
  sent: number;
  ok: number;
  errors: number;
}

export interface OpenLoopOptions {
  target: SnippetTarget;
  schedule: ScheduleOptions;
  /** Requests due before this are sent but left out of the figures. */
  warmupS: number;
  connections: number;
  timeoutMs: number;
  onProgress?: (progress: LoadProgress) => void;
  /** Some visits end with a call through this webhook; null or absent: no calls. */
  calls?: { webhook: CallWebhook; model: CallModel } | null;
}

interface Visit {
  scheduled: ScheduledVisit;
  call: PlannedCall | null;
  identity: SessionIdentity | null;
  failed: boolean;
  /** Steps that fell due before the session reply came: sent as soon as it does. */
  waiting: number[];
}

// Returning visitors are drawn from the most recent ones, as a site sees people come back.
const rememberedVisitors = 1000;

export async function runOpenLoop(options: OpenLoopOptions): Promise<LoadSummary> {
  const pool = new ConnectionPool(options.target.url, {
    connections: options.connections,
    timeoutMs: options.timeoutMs,
  });
  const requests = new SnippetRequests(options.target, pool.authority);
  const recorder = new LoadRecorder();
  const visits = visitSchedule(options.schedule);
  const steps = new DueQueue<[Visit, number]>();
  const endMs = options.schedule.durationS * 1000;
  const warmupMs = options.warmupS * 1000;
  const visitors: string[] = [];
  const scheduled = { sessions: 0, requests: 0 };
  let nextVisit = visits.next().value ?? null;
  let inFlight = 0;
  let measuredInFlight = 0;
  let over = false;
  let finish: () => void = () => {};
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });

  const start = performance.now();
  const clock = () => performance.now() - start;
  const calls = options.calls ?? null;
  const planner = calls && new CallPlanner(options.schedule.seed, calls.model);
  const placer =
    calls &&
    new CallPlacer(calls.webhook, {
      timeScale: options.schedule.timeScale,
      endMs,
      clock,
      timeoutMs: options.timeoutMs,
    });
  // Call ids are the PBX's: unique per run, so a second run against the same server adds calls.
  const run = Date.now().toString(36);

  /** `onTime`: sent from the timetable, not held back waiting for its session's reply. */
  function send(
    kind: RequestKind,
    request: string,
    dueMs: number,
    onTime: boolean,
    then: (reply: HttpReply | null) => void,
  ) {
    const measured = dueMs >= warmupMs;
    if (measured) {
      recorder.sent++;
      // Only the timetable's own lateness: a hit held back for its session's reply waits on the server.
      if (onTime) recorder.sendLag.record(clock() - dueMs);
    }
    inFlight++;
    if (measured) measuredInFlight++;
    const settle = (record: () => void, reply: HttpReply | null) => {
      if (over) return;
      inFlight--;
      if (measured) {
        measuredInFlight--;
        record();
      }
      then(reply);
      maybeFinished();
    };
    pool.send(request).then(
      (reply) => settle(() => recorder.reply(kind, reply, clock() - dueMs), reply),
      (error: unknown) =>
        settle(() => recorder.error(error instanceof HttpTransportError ? error.code : 'client error'), null),
    );
  }

  function sendStep(visit: Visit, index: number, dueMs: number, onTime: boolean) {
    if (visit.failed || !visit.identity) return;
    const request = requests.hit(visit.identity, visit.scheduled.plan, index, visit.scheduled.index);
    send('hit', request, dueMs, onTime, () => {});
  }

  function startVisit(scheduledVisit: ScheduledVisit) {
    const visit: Visit = {
      scheduled: scheduledVisit,
      call: planner?.plan(scheduledVisit.plan) ?? null,
      identity: null,
      failed: false,
      waiting: [],
    };
    scheduledVisit.stepsAtMs.forEach((at, index) => {
      if (at < endMs) steps.push(at, [visit, index]);
      else recorder.afterEnd++;
    });
    if (scheduledVisit.atMs >= warmupMs) {
      scheduled.sessions++;
      scheduled.requests++;
    }
    const { plan } = scheduledVisit;
    const returning = plan.returning && visitors.length > 0;
    const visitorId = returning ? (visitors[scheduledVisit.index % visitors.length] ?? null) : null;
    const request = requests.session(plan, scheduledVisit.index, visitorId);
    send('session', request, scheduledVisit.atMs, true, (reply) => {
      const identity = reply && reply.status === 200 ? parseSessionReply(reply.body) : null;
      if (!identity) {
        visit.failed = true;
        if (visit.call) placer?.skip();
        for (const index of visit.waiting.splice(0)) {
          if ((scheduledVisit.stepsAtMs[index] ?? 0) >= warmupMs) recorder.afterFailedSession++;
        }
        return;
      }
      visit.identity = identity;
      if (visit.call && placer) {
        const startMs = scheduledVisit.atMs + (visit.call.atS * 1000) / options.schedule.timeScale;
        placer.place(visit.call, identity.shown, `load-${run}-${scheduledVisit.index}`, startMs);
      }
      if (visitors.length < rememberedVisitors) visitors.push(identity.vid);
      else visitors[scheduledVisit.index % rememberedVisitors] = identity.vid;
      for (const index of visit.waiting.splice(0))
        sendStep(visit, index, scheduledVisit.stepsAtMs[index] ?? 0, false);
    });
  }

  let timer: NodeJS.Timeout | null = null;
  function tick() {
    timer = null;
    const now = clock();
    while (nextVisit && nextVisit.atMs <= now) {
      startVisit(nextVisit);
      nextVisit = visits.next().value ?? null;
    }
    while (steps.nextAt <= now) {
      const due = steps.nextAt;
      const [visit, index] = steps.pop() as [Visit, number];
      if (due >= warmupMs) scheduled.requests++;
      if (visit.failed) {
        if (due >= warmupMs) recorder.afterFailedSession++;
      } else if (visit.identity) sendStep(visit, index, due, true);
      else visit.waiting.push(index);
    }
    const nextAt = Math.min(nextVisit?.atMs ?? Number.POSITIVE_INFINITY, steps.nextAt);
    if (nextAt === Number.POSITIVE_INFINITY) maybeFinished();
    // Timers fire a millisecond late at best; the lateness is measured (sendLag) and counted in latency.
    else timer = setTimeout(tick, Math.max(0, nextAt - clock()));
  }

  function maybeFinished() {
    if (inFlight === 0 && timer === null && !nextVisit && steps.size === 0) finish();
  }

  const progress =
    options.onProgress &&
    setInterval(() => {
      options.onProgress?.({
        elapsedS: Math.min(clock(), endMs) / 1000,
        totalS: options.schedule.durationS,
        sent: recorder.sent,
        ok: recorder.ok,
        errors: recorder.errorCount,
      });
    }, 250);
  // Each request times out on its own, but one still queued for a connection has not started its
  // timeout yet: a server far behind its schedule is cut off here, and what is left counts as errors.
  const deadline = setTimeout(finish, endMs + options.timeoutMs + 1000);
  tick();
  await finished;
  await placer?.drain();
  over = true;
  clearTimeout(deadline);
  if (timer) clearTimeout(timer);
  if (progress) clearInterval(progress);
  pool.close();
  for (let i = 0; i < measuredInFlight; i++) recorder.error('no reply by the end');
  const seconds = Math.max(0, options.schedule.durationS - options.warmupS);
  return recorder.summary('open', seconds, scheduled, placer?.summary() ?? null);
}
