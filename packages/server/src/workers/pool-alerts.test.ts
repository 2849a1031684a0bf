/** The pool-alerts worker, stepped by hand: a fake timer fires each run, a fake clock says when it is. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Database } from '../db/database.ts';
import type { RaisedAlerts } from '../pool-health/raise-pool-alerts.ts';
import { recordPoolHour, seedPool } from '../pool-health/test-pool.ts';
import { createWorkspace } from '../stores/sql/workspaces.ts';
import { fakeClock } from '../testing/fake-clock.ts';
import { databaseChoices, openTestDatabase } from '../testing/test-database.ts';
import type { Timer } from './periodic.ts';
import { poolAlertsIntervalMs, startPoolAlertsWorker } from './pool-alerts.ts';

interface Scheduled {
  run: () => void;
  ms: number;
  done: boolean;
}

/** A timer that runs nothing by itself: `fire()` runs the next scheduled call, whatever its delay. */
function fakeTimer(): Timer & { pending: () => Scheduled[]; fire: () => void } {
  const scheduled: Scheduled[] = [];
  const pending = () => scheduled.filter((s) => !s.done);
  return {
    schedule(run, ms) {
      const entry = { run, ms, done: false };
      scheduled.push(entry);
      return () => {
        entry.done = true;
      };
    },
    pending,
    fire() {
      const next = pending()[0];
      assert.ok(next, 'nothing is scheduled');
      next.done = true;
      next.run();
    },
  };
}

/** Lets the promise chain that ends a run (and schedules the next) settle. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

for (const choice of databaseChoices()) {
  describe(`the pool-alerts worker on ${choice.kind}`, { skip: choice.skip }, () => {
    let database: Database;

    before(async () => {
      database = await openTestDatabase(choice.kind);
    });
    after(() => database.close());

    test('runs at start, then every 5 minutes from the end of the last run, at the clock’s time', async () => {
      const clock = fakeClock('2026-01-05T10:20:00Z');
      const timer = fakeTimer();
      const runs: RaisedAlerts[] = [];
      const errors: unknown[] = [];
      const workspace = await createWorkspace(
        database.db,
        { name: 'Clinic', timeZone: 'UTC', currency: 'USD' },
        clock.now(),
      );
      const pool = await seedPool(database.db, workspace.id, { size: 10, now: clock.now() });
      await recordPoolHour(database.db, pool, '2026-01-05T09:00:00Z', { sessions: 20, fallbacks: 10 });

      const worker = startPoolAlertsWorker({
        db: database.db,
        clock,
        timer,
        onRun: (result) => runs.push(result),
        onError: (error) => errors.push(error),
      });
      assert.deepEqual(
        timer.pending().map((s) => s.ms),
        [0],
      );
      timer.fire();
      while (runs.length === 0) await settle();
      await settle();
      assert.equal(runs[0]!.alerts.length, 1);
      assert.equal(runs[0]!.alerts[0]!.raised, true);
      assert.deepEqual(
        timer.pending().map((s) => s.ms),
        [poolAlertsIntervalMs],
      );

      // A day later 09:00 is beyond the look-back: nothing to evaluate.
      clock.advance({ days: 1 });
      timer.fire();
      while (runs.length === 1) await settle();
      assert.equal(runs[1]!.evaluated, 0);
      assert.deepEqual(errors, []);
      await worker.stop();
      assert.deepEqual(timer.pending(), []);
    });

    test('a failed run is reported and the next one still comes', async () => {
      const broken = await openTestDatabase(choice.kind);
      await broken.close();
      const timer = fakeTimer();
      const errors: unknown[] = [];
      const worker = startPoolAlertsWorker({
        db: broken.db,
        clock: fakeClock(),
        timer,
        onError: (error) => errors.push(error),
      });
      timer.fire();
      while (errors.length === 0) await settle();
      await settle();
      assert.equal(errors.length, 1);
      assert.deepEqual(
        timer.pending().map((s) => s.ms),
        [poolAlertsIntervalMs],
      );
      await worker.stop();
    });

    test('stopping cancels the next run and waits for the one in progress', async () => {
      const timer = fakeTimer();
      let finished = false;
      const worker = startPoolAlertsWorker({
        db: database.db,
        clock: fakeClock(),
        timer,
        onRun: () => {
          finished = true;
        },
        onError: (error) => assert.fail(String(error)),
      });
      timer.fire();
      await worker.stop();
      assert.equal(finished, true);
      await settle();
      assert.deepEqual(timer.pending(), []);
    });

    test('stopping before the first run means it never runs', async () => {
      const timer = fakeTimer();
      const worker = startPoolAlertsWorker({
        db: database.db,
        clock: fakeClock(),
        timer,
        onRun: () => assert.fail('ran after stop'),
        onError: (error) => assert.fail(String(error)),
      });
      await worker.stop();
      assert.deepEqual(timer.pending(), []);
    });
  });
}
