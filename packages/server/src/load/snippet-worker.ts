/**
 * A closed-loop worker that plays visits back to back with their waits left out: a session request,
 * then its page views and heartbeats, then the next visit. The mix of requests is the open loop's.
 */
import type { ClosedLoopWorker } from './closed-loop.ts';
import type { RequestKind } from './load-recorder.ts';
import { seededRandom } from './seeded-random.ts';
import {
  parseSessionReply,
  type SessionIdentity,
  SnippetRequests,
  type SnippetTarget,
} from './snippet-requests.ts';
import { planVisit, referenceVisitModel, type VisitModel, type VisitPlan } from './visit-plan.ts';

export function snippetWorker(
  target: SnippetTarget,
  authority: string,
  seed: number,
  model: VisitModel = referenceVisitModel,
): ClosedLoopWorker {
  const random = seededRandom(seed);
  const requests = new SnippetRequests(target, authority);
  const visitors: string[] = [];
  let visit = 0;
  let plan: VisitPlan = planVisit(random, model);
  let identity: SessionIdentity | null = null;
  /** -1 while the session request is next. */
  let step = -1;

  const nextVisit = () => {
    visit++;
    plan = planVisit(random, model);
    identity = null;
    step = -1;
  };

  return {
    next(): { kind: RequestKind; request: string } {
      if (step >= 0 && identity) {
        return { kind: 'hit', request: requests.hit(identity, plan, step, visit) };
      }
      const returning = plan.returning && visitors.length > 0;
      const visitorId = returning ? (visitors[random.int(visitors.length)] ?? null) : null;
      return { kind: 'session', request: requests.session(plan, visit, visitorId) };
    },
    observe(kind, reply) {
      if (kind === 'session') {
        identity = reply && reply.status === 200 ? parseSessionReply(reply.body) : null;
        if (!identity) return nextVisit();
        if (visitors.length < 1000) visitors.push(identity.vid);
      }
      step++;
      if (step >= plan.steps.length) nextVisit();
    },
  };
}
