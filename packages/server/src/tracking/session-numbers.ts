/**
 * Which number a session sees in place of each business number (core's assignNumbers decides), and
 * what the lease history and pool health learn from it.
 */
import {
  type Assignment,
  assignNumbers,
  type Clock,
  type LeaseStore,
  leaseWindowEnd,
  type SessionFacts,
} from '@calltrail/core';
import type { NumberSwap } from '@calltrail/protocol';
import { newId } from '../ids.ts';
import type { SiteSetup } from './site-setup.ts';
import type { TrackingJournal } from './tracking-journal.ts';

export interface SessionNumbersDeps {
  clock: Clock;
  leases: LeaseStore;
  journal: TrackingJournal;
}

export interface SessionToNumber {
  id: string;
  visitorId: string;
  facts: SessionFacts;
  crawler: boolean;
  /** True on the request that created the session: pool health counts each session once. */
  isNew: boolean;
}

function toSwap(assignment: Assignment): NumberSwap | null {
  const biz = assignment.businessNumber;
  if (assignment.kind === 'pool') {
    return {
      biz,
      show: assignment.show,
      kind: 'pool',
      until: leaseWindowEnd(assignment.lease).toISOString(),
    };
  }
  if (assignment.show === null) return null;
  return { biz, show: assignment.show, kind: assignment.kind, until: null };
}

export async function sessionNumbers(
  deps: SessionNumbersDeps,
  setup: SiteSetup,
  session: SessionToNumber,
): Promise<NumberSwap[]> {
  const now = deps.clock.now();
  const { workspaceId } = setup.site;
  const assignments = await assignNumbers(
    { leases: deps.leases, newLeaseId: () => newId('lse') },
    setup.numbers,
    session,
    now,
  );
  const writes: Promise<void>[] = [];
  for (const a of assignments) {
    if (a.kind === 'pool') {
      writes.push(deps.journal.record(workspaceId, a.lease));
      // A switch ends the previous session's lease now; a reuse leaves its window to attribution.
      if (a.outcome === 'switched' && a.previous)
        writes.push(deps.journal.record(workspaceId, a.previous, now));
    }
    if (session.isNew && a.poolId !== null && !(a.kind !== 'pool' && a.reason === 'crawler')) {
      const servedAs = a.kind === 'pool' ? a.outcome : a.kind;
      writes.push(deps.journal.countServed(workspaceId, a.poolId, now, servedAs));
    }
  }
  await Promise.all(writes);
  return assignments.flatMap((a) => toSwap(a) ?? []);
}
