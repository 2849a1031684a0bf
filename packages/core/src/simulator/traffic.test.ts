import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { createRandom } from './random.ts';
import {
  createTraffic,
  lastActivityOffsetMs,
  type PlannedCall,
  requestCount,
  type Visit,
} from './traffic.ts';
import { busyHourFactor, defaultTrafficModel, type TrafficModel } from './traffic-model.ts';

const hourMs = 3_600_000;
const dayMs = 86_400_000;
const monday = Date.parse('2026-01-05T00:00:00Z');

function generate(model: TrafficModel, days: number, seed = 1): Visit[] {
  const traffic = createTraffic(model, createRandom(seed), monday, monday + days * dayMs);
  const visits: Visit[] = [];
  for (let visit = traffic.next(); visit !== null; visit = traffic.next()) visits.push(visit);
  return visits;
}

/** |observed − expected| within 4 binomial standard errors. */
function closeToShare(count: number, n: number, p: number, what: string): void {
  const observed = count / n;
  const sigma = Math.sqrt((p * (1 - p)) / n);
  assert.ok(
    Math.abs(observed - p) <= 4 * sigma,
    `${what}: ${observed.toFixed(4)} vs ${p} (σ ${sigma.toFixed(4)})`,
  );
}

describe('the traffic generator, over a simulated week of the default model at 20,000 sessions/day', () => {
  const model: TrafficModel = { ...defaultTrafficModel, sessionsPerDay: 20_000 };
  let visits: Visit[];
  let calls: PlannedCall[];
  before(() => {
    visits = generate(model, 7);
    calls = visits.flatMap((v) => v.calls);
  });

  test('sessions per day average the model’s figure', () => {
    const expected = 7 * model.sessionsPerDay;
    assert.ok(Math.abs(visits.length - expected) < 5 * Math.sqrt(expected), `${visits.length}`);
  });

  test('visits arrive in time order within the run', () => {
    for (let i = 1; i < visits.length; i++) assert.ok(visits[i]!.startMs >= visits[i - 1]!.startMs);
    assert.ok(visits[0]!.startMs >= monday && visits.at(-1)!.startMs < monday + 7 * dayMs);
  });

  test('the busiest hour runs at the profile’s peak over the mean, and weekends are quieter', () => {
    const perHour = new Array(7 * 24).fill(0);
    for (const v of visits) perHour[Math.floor((v.startMs - monday) / hourMs)]++;
    const mean = visits.length / perHour.length;
    // Mon–Wed at 11:00 and 16:00 are the busy hours of the default profiles.
    const busy = [0, 1, 2].flatMap((day) => [day * 24 + 11, day * 24 + 16]).map((h) => perHour[h]);
    const busyMean = busy.reduce((a, b) => a + b, 0) / busy.length;
    assert.ok(Math.abs(busyMean / mean / busyHourFactor(model) - 1) < 0.05, `${busyMean / mean}`);
    const weekday = perHour.slice(0, 5 * 24).reduce((a, b) => a + b, 0) / 5;
    const weekend = perHour.slice(5 * 24).reduce((a, b) => a + b, 0) / 2;
    assert.ok(Math.abs(weekend / weekday - 0.65 / 1.06) < 0.03, `${weekend / weekday}`);
  });

  test('channels get their share of sessions', () => {
    const total = model.channels.reduce((sum, c) => sum + c.share, 0);
    model.channels.forEach((channel, index) => {
      const count = visits.filter((v) => v.channelIndex === index).length;
      closeToShare(count, visits.length, channel.share / total, channel.channel);
    });
  });

  test('45% of sessions bounce, seeing one page for under 10 s; the others see 2 + Geometric(2) pages', () => {
    const bounces = visits.filter((v) => v.pageOffsetsMs.length === 0);
    closeToShare(bounces.length, visits.length, 0.45, 'bounce share');
    assert.ok(bounces.every((v) => v.visibleMs <= 10_000));
    const others = visits.filter((v) => v.pageOffsetsMs.length > 0);
    const pages = others.reduce((sum, v) => sum + 1 + v.pageOffsetsMs.length, 0) / others.length;
    assert.ok(Math.abs(pages - 4) < 0.05, `pages ${pages}`);
    const pagesAll = visits.reduce((sum, v) => sum + 1 + v.pageOffsetsMs.length, 0) / visits.length;
    assert.ok(Math.abs(pagesAll - 2.65) < 0.05, `pages per session ${pagesAll}`);
  });

  test('non-bounce visits last 180 s on average (log-normal, median 90 s)', () => {
    const durations = visits
      .filter((v) => v.pageOffsetsMs.length > 0)
      .map((v) => v.visibleMs / 1000)
      .sort((a, b) => a - b);
    const mean = durations.reduce((a, b) => a + b, 0) / durations.length;
    assert.ok(Math.abs(mean / 180.5 - 1) < 0.05, `mean ${mean}`);
    assert.ok(Math.abs(durations[Math.floor(durations.length / 2)]! / 90 - 1) < 0.03);
  });

  test('heartbeats come every 60 s while the page is visible, the first within 10 s', () => {
    for (const v of visits.slice(0, 2_000)) {
      assert.ok(v.firstHeartbeatMs > 0 && v.firstHeartbeatMs <= 10_000);
      const beats =
        v.firstHeartbeatMs <= v.visibleMs ? 1 + Math.floor((v.visibleMs - v.firstHeartbeatMs) / 60_000) : 0;
      assert.equal(requestCount(v, 60_000), 1 + v.pageOffsetsMs.length + beats);
      assert.ok(lastActivityOffsetMs(v, 60_000) <= v.visibleMs);
    }
  });

  test('a quarter of sessions come from a visitor seen on the site in the last 7 days', () => {
    // The first day has less history to draw on; from the second on the share is the model's.
    const later = visits.filter((v) => v.startMs >= monday + dayMs);
    closeToShare(later.filter((v) => v.returning).length, later.length, 0.25, 'returning share');
    const lastSeen = new Map<number, number>();
    for (const v of visits) {
      if (v.returning) {
        const seen = lastSeen.get(v.visitorIndex);
        assert.ok(seen !== undefined && v.startMs - seen <= 7 * dayMs);
      } else {
        assert.equal(lastSeen.has(v.visitorIndex), false);
      }
      lastSeen.set(v.visitorIndex, v.startMs);
    }
  });

  test('each channel leads to calls at its calls-per-session rate', () => {
    model.channels.forEach((channel, index) => {
      const ofChannel = visits.filter((v) => v.channelIndex === index);
      const calling = ofChannel.filter((v) =>
        v.calls.some((c) => c.kind === 'during_visit' || c.kind === 'after_visit'),
      );
      closeToShare(calling.length, ofChannel.length, channel.callsPerSession, channel.channel);
    });
  });

  test('60% of first calls come during the visit, over its last two thirds; the rest after it', () => {
    const first = calls.filter((c) => c.kind === 'during_visit' || c.kind === 'after_visit');
    const during = first.filter((c) => c.kind === 'during_visit');
    closeToShare(during.length, first.length, 0.6, 'during-visit share');
    for (const call of during) {
      const visit = visits[call.visitIndex]!;
      assert.ok(
        call.atMs >= visit.startMs + visit.visibleMs / 3 - 1 &&
          call.atMs <= visit.startMs + visit.visibleMs + 1,
      );
    }
    const delays = first
      .filter((c) => c.kind === 'after_visit')
      .map((c) => c.atMs - visits[c.visitIndex]!.startMs - visits[c.visitIndex]!.visibleMs)
      .sort((a, b) => a - b);
    assert.ok(Math.abs(delays[Math.floor(delays.length / 2)]! / 300_000 - 1) < 0.1, 'median delay 5 min');
    // σ = 1.5: 1.7% of after-visit calls come more than 2 hours later.
    closeToShare(delays.filter((d) => d > 2 * hourMs).length, delays.length, 0.0171, 'calls after 2 h');
  });

  test('8% of callers call again within 24 h, dialling the same way; 3% of calls have no session', () => {
    const originals = calls.filter((c) => c.kind !== 'repeat');
    const repeats = calls.filter((c) => c.kind === 'repeat');
    closeToShare(repeats.length, originals.length, 0.08, 'repeat share');
    for (const repeat of repeats) {
      const original = repeat.original!;
      assert.equal(repeat.callerIndex, original.callerIndex);
      assert.equal(repeat.visitIndex, original.visitIndex);
      assert.ok(repeat.atMs > original.atMs && repeat.atMs - original.atMs <= dayMs);
    }
    const noSession = originals.filter((c) => c.kind === 'no_session');
    closeToShare(noSession.length, originals.length, 0.03, 'no-session share');
    assert.ok(noSession.every((c) => c.visitIndex === -1));
  });
});

test('a burst multiplies its channel’s arrivals for its span only', () => {
  const model: TrafficModel = {
    ...defaultTrafficModel,
    sessionsPerDay: 20_000,
    bursts: [{ channel: 'email', startHours: 24 + 11, durationMinutes: 20, factor: 5 }],
  };
  const visits = generate(model, 2, 3);
  const email = model.channels.findIndex((c) => c.channel === 'email');
  const inWindow = (day: number) =>
    visits.filter(
      (v) =>
        v.channelIndex === email &&
        v.startMs >= monday + day * dayMs + 11 * hourMs &&
        v.startMs < monday + day * dayMs + 11 * hourMs + 20 * 60_000,
    ).length;
  const ratio = inWindow(1) / inWindow(0);
  assert.ok(ratio > 3.5 && ratio < 7, `ratio ${ratio}`);
});

test('the same seed generates the same traffic', () => {
  const model: TrafficModel = { ...defaultTrafficModel, sessionsPerDay: 2_000 };
  assert.deepEqual(generate(model, 1, 11), generate(model, 1, 11));
});
