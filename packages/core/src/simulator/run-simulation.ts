/**
 * Accuracy mode (§3.1): replays generated traffic against the code the server runs, on a virtual
 * clock. Every page view and heartbeat is an assignNumbers call on the in-memory lease store, exactly as
 * the snippet API makes one per request; every call is attributed by attributeCall from a lease history
 * kept like the server's, and scored against the session that really made it.
 */
import { attributeCall } from '../attribution/match-lease.ts';
import { type Assignment, assignNumbers, type SessionToServe } from '../pool/assign-numbers.ts';
import { MemoryLeaseStore } from '../pool/memory-lease-store.ts';
import { AccuracyTally } from './accuracy-tally.ts';
import { arrivalIntensity } from './arrival-intensity.ts';
import { attributionInput } from './attribution-input.ts';
import { BlockingTally } from './blocking-tally.ts';
import { factsFor } from './channel-facts.ts';
import { EventQueue } from './event-queue.ts';
import { LeaseHistory, type LeaseRecord, recordEndMs } from './lease-history.ts';
import { LeaseTally } from './lease-tally.ts';
import { planPools, type SimulatedSite } from './pool-plan.ts';
import { createRandom } from './random.ts';
import type { SimulationConfig } from './scenarios.ts';
import { SessionTable } from './session-table.ts';
import { poolSummary, type SimulationReport, scenarioSummary } from './simulation-report.ts';
import {
  type CallKind,
  createTraffic,
  lastActivityOffsetMs,
  type PlannedCall,
  requestCount,
  type Visit,
} from './traffic.ts';

export interface SimulationOptions {
  /** Called about once per simulated hour with the share of the run done. */
  onProgress?: (fraction: number) => void;
}

const hourMs = 3_600_000;
const dayMs = 86_400_000;
const noVisitors: readonly string[] = Object.freeze([]);

/** A visit in progress: it steps through its page views and heartbeats one event at a time. */
interface LiveVisit {
  visit: Visit;
  site: SimulatedSite;
  session: SessionToServe;
  nextPage: number;
  nextBeatMs: number;
  endMs: number;
}

type Queued = LiveVisit | PlannedCall;

export async function runSimulation(
  config: SimulationConfig,
  options: SimulationOptions = {},
): Promise<SimulationReport> {
  const { traffic: model } = config;
  const startMs = Date.parse(config.startAt);
  const endMs = startMs + Math.round(config.days * dayMs);
  const holdMs = config.holdMinutes * 60_000;
  const heartbeatMs = model.heartbeatSeconds * 1000;
  const random = createRandom(config.seed);
  const traffic = createTraffic(model, random.fork(), startMs, endMs);
  const callRandom = random.fork();
  const plan = planPools(config);
  const facts = model.channels.map((c) => factsFor(c.channel));

  let leaseCount = 0;
  const deps = { leases: new MemoryLeaseStore(), newLeaseId: () => `l${++leaseCount}` };
  const queue = new EventQueue<Queued>();
  const history = new LeaseHistory();
  const leaseTally = new LeaseTally();
  const accuracy = new AccuracyTally();
  const blocking = new BlockingTally(startMs, endMs, plan.sites.length, holdMs);

  // Per session, by visit index: what its page shows now (a number code, −1 for none), its last request.
  const sessions = new SessionTable();
  let sessionsShownSeveralNumbers = 0;
  const dialled = new Map<PlannedCall, number>();
  const callerVisitors = new Map<number, string[]>();
  const callersSeen = new Set<number>();
  const callerSessions = new Map<number, string>();
  const stats = {
    sessions: 0,
    returningSessions: 0,
    bounces: 0,
    activityMs: 0,
    requests: 0,
    pageViews: 0,
    heartbeats: 0,
    calls: 0,
    callsAfterEnd: 0,
  };
  const callsByKind: Record<CallKind, number> = { during_visit: 0, after_visit: 0, repeat: 0, no_session: 0 };

  function recordLease(assignment: Extract<Assignment, { kind: 'pool' }>, code: number, atMs: number): void {
    const { lease, outcome } = assignment;
    leaseTally.outcome(outcome);
    const latest = history.latest(code);
    if (outcome === 'renewed' && latest?.leaseId === lease.id) {
      latest.lastActivityAtMs = lease.lastActivityAt.getTime();
      latest.confirmed = lease.confirmed;
      return;
    }
    // A switch takes the number from the visitor's previous session, whose lease is the number's latest.
    if (outcome === 'switched' && latest !== undefined && latest.leaseId === assignment.previous?.id) {
      latest.releasedAtMs = atMs;
    }
    if ((outcome === 'fresh' || outcome === 'returning') && latest !== undefined) {
      leaseTally.reuseGap(atMs - recordEndMs(latest));
    }
    const record: LeaseRecord = {
      leaseId: lease.id,
      sessionId: lease.sessionId,
      visitorId: lease.visitorId,
      startedAtMs: lease.startedAt.getTime(),
      lastActivityAtMs: lease.lastActivityAt.getTime(),
      holdMs: lease.holdMs,
      confirmed: lease.confirmed,
      releasedAtMs: -1,
      reused: outcome === 'reused',
    };
    history.add(code, record);
  }

  /** One request of a visit: the snippet's `session` (first) or `hit` (page view, heartbeat) call. */
  async function serve(live: LiveVisit, atMs: number, first: boolean): Promise<boolean> {
    stats.requests++;
    const assignments = await assignNumbers(deps, live.site.setup, live.session, new Date(atMs));
    const index = live.visit.index;
    sessions.lastActivityMs[index] = atMs;
    let code = -1;
    let blocked = false;
    const assignment = assignments[0];
    if (assignment !== undefined) {
      if (assignment.show !== null) code = plan.codeOf.get(assignment.show) ?? -1;
      if (assignment.kind === 'pool') {
        recordLease(assignment, code, atMs);
        blocked = assignment.outcome === 'reused';
      } else if (assignment.kind !== 'static') {
        leaseTally.unleasedRequests++;
        blocked = true;
      }
    }
    if (!first && sessions.shown[index] !== code && sessions.severalNumbers[index] === 0) {
      sessions.severalNumbers[index] = 1;
      sessionsShownSeveralNumbers++;
    }
    sessions.shown[index] = code;
    return blocked;
  }

  function nextActivity(live: LiveVisit): number {
    const { visit } = live;
    const page =
      live.nextPage < visit.pageOffsetsMs.length
        ? visit.startMs + visit.pageOffsetsMs[live.nextPage]!
        : Number.POSITIVE_INFINITY;
    const beat = live.nextBeatMs <= live.endMs ? live.nextBeatMs : Number.POSITIVE_INFINITY;
    return Math.min(page, beat);
  }

  function schedule(live: LiveVisit): void {
    const at = nextActivity(live);
    if (at !== Number.POSITIVE_INFINITY) queue.push(at, live);
  }

  async function startVisit(visit: Visit): Promise<void> {
    const site = plan.sites[visit.siteIndex]!;
    const live: LiveVisit = {
      visit,
      site,
      session: {
        id: `s${visit.index}`,
        visitorId: `v${visit.visitorIndex}`,
        facts: facts[visit.channelIndex]!,
        crawler: false,
      },
      nextPage: 0,
      nextBeatMs: visit.startMs + visit.firstHeartbeatMs,
      endMs: visit.startMs + visit.visibleMs,
    };
    sessions.reserve(visit.index);
    sessions.visitor[visit.index] = visit.visitorIndex;
    sessions.channel[visit.index] = visit.channelIndex;
    stats.sessions++;
    stats.pageViews++;
    if (visit.returning) stats.returningSessions++;
    if (visit.pageOffsetsMs.length === 0) stats.bounces++;
    const activityMs = lastActivityOffsetMs(visit, heartbeatMs);
    const requests = requestCount(visit, heartbeatMs);
    sessions.singleRequest[visit.index] = requests === 1 ? 1 : 0;
    stats.activityMs += activityMs;
    const blocked = await serve(live, visit.startMs, true);
    blocking.arrive(visit.siteIndex, visit.startMs, blocked, activityMs, requests);
    schedule(live);
    for (const call of visit.calls) {
      if (call.atMs > endMs) stats.callsAfterEnd++;
      else queue.push(call.atMs, call);
    }
  }

  async function step(live: LiveVisit, atMs: number): Promise<void> {
    const { visit } = live;
    const page =
      live.nextPage < visit.pageOffsetsMs.length ? visit.startMs + visit.pageOffsetsMs[live.nextPage]! : -1;
    if (page === atMs) {
      live.nextPage++;
      stats.pageViews++;
    } else {
      live.nextBeatMs += heartbeatMs;
      stats.heartbeats++;
    }
    await serve(live, atMs, false);
    schedule(live);
  }

  function placeCall(call: PlannedCall, atMs: number): void {
    stats.calls++;
    callsByKind[call.kind]++;
    const site = plan.sites[call.siteIndex]!;
    let code: number;
    if (call.original !== null) code = dialled.get(call.original) ?? -1;
    else if (call.visitIndex >= 0) code = sessions.shown[call.visitIndex]!;
    // Someone who wrote a number down days ago: any of the pool's numbers, as LRU circulates them all.
    else code = site.poolCodes[callRandom.below(site.poolCodes.length)] ?? -1;
    if (call.original === null) dialled.set(call, code);
    else dialled.delete(call.original);

    const number = code >= 0 ? plan.numbers[code]! : null;
    const windows = code >= 0 ? history.windowsAt(code, atMs) : [];
    const attribution = attributeCall(
      attributionInput(
        atMs,
        number,
        windows,
        callerVisitors.get(call.callerIndex) ?? noVisitors,
        callersSeen.has(call.callerIndex),
        callerSessions.get(call.callerIndex) ?? null,
      ),
    );
    callersSeen.add(call.callerIndex);

    const truth = call.visitIndex;
    const named = attribution.sessionId;
    // Simulated session ids are `s<visit index>`.
    const namedVisitor = named === null ? undefined : sessions.visitor[Number(named.slice(1))];
    accuracy.record({
      kind: call.kind,
      trueSessionId: truth >= 0 ? `s${truth}` : null,
      trueVisitorId: truth >= 0 ? `v${sessions.visitor[truth]}` : null,
      trueChannel: truth >= 0 ? model.channels[sessions.channel[truth]!]!.channel : null,
      namedVisitorId: namedVisitor === undefined ? null : `v${namedVisitor}`,
      trueSessionSingleRequest: truth >= 0 && sessions.singleRequest[truth] === 1,
      insideHold: truth >= 0 && atMs <= sessions.lastActivityMs[truth]! + holdMs,
      attribution,
    });
    // The server remembers whom a caller's confident calls were credited to, never the truth.
    if (attribution.status === 'attributed' && namedVisitor !== undefined) {
      const visitors = callerVisitors.get(call.callerIndex);
      const visitorId = `v${namedVisitor}`;
      if (visitors === undefined) callerVisitors.set(call.callerIndex, [visitorId]);
      else if (!visitors.includes(visitorId)) visitors.push(visitorId);
      if (named !== null) callerSessions.set(call.callerIndex, named);
    }
  }

  let pending = traffic.next();
  let nextProgressMs = startMs + hourMs;
  for (;;) {
    let atMs: number;
    if (pending !== null && pending.startMs <= queue.peekTime()) {
      atMs = pending.startMs;
      await startVisit(pending);
      pending = traffic.next();
    } else {
      atMs = queue.peekTime();
      const item = queue.pop();
      if (item === undefined) break;
      if ('visit' in item) await step(item, atMs);
      else placeCall(item, atMs);
    }
    if (options.onProgress && atMs >= nextProgressMs) {
      options.onProgress(Math.min(1, (atMs - startMs) / (endMs - startMs)));
      nextProgressMs = atMs + hourMs;
    }
  }

  return {
    scenario: scenarioSummary(config, plan),
    pools: poolSummary(config, plan),
    traffic: {
      sessions: stats.sessions,
      returningSessions: stats.returningSessions,
      bounces: stats.bounces,
      meanActivitySeconds: stats.sessions === 0 ? null : stats.activityMs / stats.sessions / 1000,
      requests: stats.requests,
      pageViews: stats.pageViews,
      heartbeats: stats.heartbeats,
      sessionsShownSeveralNumbers,
      calls: stats.calls,
      callsByKind,
      callsAfterEnd: stats.callsAfterEnd,
    },
    accuracy: accuracy.report(model.channels.map((c) => c.channel)),
    blocking: blocking.report(
      model,
      arrivalIntensity(model, startMs),
      plan.sites.map((site) => ({
        poolSize: site.poolSize,
        sizingOfferedLoad: site.sizing.offeredLoad,
        weight: site.weight,
      })),
    ),
    leases: leaseTally.report(history.size, history.unconfirmed()),
  };
}
