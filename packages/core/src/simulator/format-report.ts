/** Renders a simulation report as plain text tables for a terminal. */
import type { Confusion } from './accuracy-tally.ts';
import type { SimulationReport } from './simulation-report.ts';
import type { CallKind } from './traffic.ts';

export function formatReport(report: SimulationReport): string {
  return [
    header(report),
    traffic(report),
    confusion(report),
    byCallKind(report),
    calibration(report),
    channels(report),
    holdWindow(report),
    blocking(report),
    leases(report),
  ].join('\n\n');
}

function header({ scenario, pools }: SimulationReport): string {
  const { largest } = pools;
  const sizing =
    pools.sizing === 'erlang'
      ? `Erlang-sized for ${percent(scenario.target)} blocking`
      : `size given (Erlang would size ${int(largest.erlangSize)})`;
  const poolLine =
    pools.count === 1
      ? `1 pool of ${int(largest.poolSize)} numbers, ${sizing}: busy hour ${int(largest.busyHourSessionsPerHour)} sessions/h × (E[V] ${fixed(pools.expectedVisitSeconds, 0)} s + hold ${scenario.holdMinutes} min) = A ${fixed(largest.offeredLoad, 1)} erl, B(A, N) ${percent(largest.predictedBlocking, 3)}`
      : `${int(pools.count)} pools, ${int(pools.numbers)} numbers, ${sizing}; largest ${int(largest.poolSize)} numbers for A ${fixed(largest.offeredLoad, 1)} erl`;
  return [
    `Calltrail simulation — ${scenario.description}`,
    `  ${scenario.days} day(s) from ${scenario.startAt.slice(0, 10)}, seed ${scenario.seed}, ${int(scenario.sessionsPerDay)} sessions/day, hold ${scenario.holdMinutes} min, policy ${scenario.policy}`,
    `  ${poolLine}`,
  ].join('\n');
}

function traffic({ traffic: t }: SimulationReport): string {
  const kinds = t.callsByKind;
  return table(
    'Traffic',
    [
      [
        'sessions',
        int(t.sessions),
        `returning ${share(t.returningSessions, t.sessions)}, bounces ${share(t.bounces, t.sessions)}, mean activity ${fixed(t.meanActivitySeconds ?? 0, 0)} s`,
      ],
      [
        'assignNumbers calls',
        int(t.requests),
        `page views ${int(t.pageViews)}, heartbeats ${int(t.heartbeats)}; ${int(t.sessionsShownSeveralNumbers)} sessions shown more than one number`,
      ],
      [
        'calls',
        int(t.calls),
        `during visit ${int(kinds.during_visit)}, after ${int(kinds.after_visit)}, repeat ${int(kinds.repeat)}, no session ${int(kinds.no_session)}; ${int(t.callsAfterEnd)} fell after the end`,
      ],
    ],
    ['', '>', '<'],
  );
}

function confusion({ accuracy }: SimulationReport): string {
  const c = accuracy.confusion;
  const row = (label: string, count: number, note = ''): string[] => [
    label,
    int(count),
    share(count, c.calls),
    note,
  ];
  return table(
    'Attribution of calls',
    [
      row('correct', c.correct),
      row(
        'misattributed (confident, wrong)',
        c.misattributed,
        `same visitor ${int(c.misattributedSameVisitor)}, no session ${int(c.misattributedNoSession)}`,
      ),
      row('uncertain, true session a candidate', c.uncertainWithTrueSession),
      row('uncertain, true session not one', c.uncertainWithoutTrueSession),
      row('unattributed, had a session', c.unattributedWithSession),
      row('unattributed, had no session', c.unattributedNoSession),
      ['total', int(c.calls), '', `accuracy ${optionalPercent(c.accuracy)} of calls with a session`],
    ],
    ['', '>', '>', '<'],
  );
}

const kindLabels: Record<CallKind, string> = {
  during_visit: 'during the visit',
  after_visit: 'after the visit',
  repeat: 'repeat call',
  no_session: 'no session',
};

function byCallKind({ accuracy }: SimulationReport): string {
  const kinds = Object.entries(accuracy.byCallKind) as [CallKind, Confusion][];
  const labelled: [string, Confusion][] = [
    ...kinds.map(([kind, c]): [string, Confusion] => [kindLabels[kind], c]),
    ['single-request session', accuracy.singleRequestSessions],
  ];
  const rows = labelled.map(([label, c]) => [
    label,
    int(c.calls),
    int(c.correct),
    int(c.misattributed),
    int(c.uncertainWithTrueSession),
    int(c.uncertainWithoutTrueSession),
    int(c.unattributedWithSession + c.unattributedNoSession),
    optionalPercent(c.accuracy),
  ]);
  const reasons = Object.entries(accuracy.reasons)
    .sort(([, a], [, b]) => (b ?? 0) - (a ?? 0))
    .map(([reason, count]) => `${reason} ${int(count ?? 0)}`)
    .join(', ');
  return `${table(
    'By call kind (single-request sessions: visits that sent one request, so only a pagehide beacon confirms their lease)',
    [['', 'calls', 'correct', 'misattr.', 'unc. in', 'unc. out', 'unattr.', 'accuracy'], ...rows],
    ['', '>', '>', '>', '>', '>', '>', '>'],
  )}\n  reasons: ${reasons}`;
}

function calibration({ accuracy }: SimulationReport): string {
  const rows = accuracy.calibration.map((band, i, all) => [
    `[${fixed(band.from, 2)}, ${fixed(band.to, 2)}${i === all.length - 1 ? ']' : ')'}`,
    int(band.calls),
    optionalPercent(band.shareCorrect),
    band.meanConfidence === null ? '–' : fixed(band.meanConfidence, 3),
  ]);
  return table(
    'Calibration (calls naming a session)',
    [['confidence', 'calls', 'correct', 'mean conf.'], ...rows],
    ['', '>', '>', '>'],
  );
}

function channels({ accuracy }: SimulationReport): string {
  const rows = accuracy.channels.map((c) => [
    c.channel === 'none' ? '(no session)' : c.channel,
    int(c.calls),
    int(c.correct),
    int(c.misattributed),
    int(c.uncertain),
    int(c.unattributed),
    optionalPercent(c.accuracy),
  ]);
  return table(
    'By channel of the true session',
    [['', 'calls', 'correct', 'misattr.', 'uncertain', 'unattr.', 'accuracy'], ...rows],
    ['', '>', '>', '>', '>', '>', '>'],
  );
}

function holdWindow({ accuracy }: SimulationReport): string {
  const h = accuracy.holdWindow;
  return `Calls during the visit or within the hold after it: ${int(h.calls)}; the true session was among the candidates for ${optionalPercent(h.share)}`;
}

function blocking({ blocking: b, scenario }: SimulationReport): string {
  const busy = b.busy;
  const hours = b.busyHours.map((iso) => `${iso.slice(5, 13).replace('T', ' ')}h`);
  const shown = hours.length > 8 ? `${hours.slice(0, 8).join(', ')}, …` : hours.join(', ');
  const fallback = scenario.policy === 'reuse' ? 'taken over' : 'fallback';
  return [
    `Fallback vs Erlang B — busy hours (${hours.length}): ${shown}`,
    `  ${fallback} at first request  ${int(busy.blocked)} of ${int(busy.sessions)} = ${optionalPercent(busy.share, 3)} ± ${optionalPercent(busy.error3Sigma, 3)} (3σ binomial), ± ${optionalPercent(busy.error3SigmaBatches, 3)} (3σ over the busy hours)`,
    `  Erlang B(A, N)               ${optionalPercent(busy.erlangB, 3)}  with N ${int(busy.poolSize)} and A ${fixed(busy.offeredLoad, 1)} erl offered (mean holding ${fixed(busy.meanHoldingSeconds, 0)} s): ${busy.withinError === null ? 'no sessions' : busy.withinError ? 'within 3σ' : 'OUTSIDE 3σ'}`,
    `  sizing assumed               A ${fixed(busy.sizingOfferedLoad, 1)} erl, from E[V] + hold for every session`,
    `  whole run                    ${int(b.wholeRun.blocked)} of ${int(b.wholeRun.sessions)} = ${optionalPercent(b.wholeRun.share, 3)}; hour by hour Erlang B predicts ${optionalPercent(b.wholeRun.predicted, 3)}`,
    '  A(t) = ∫ λ(t − u)·P(S > u) du: the sessions that would hold a number if none were turned away, from the',
    '  model’s arrival rate λ and the run’s holding times S (first request → last activity + hold, or 15 s for',
    '  a visit that sends one request and never confirms its lease), averaged over the busy hours.',
  ].join('\n');
}

function leases({ leases: l }: SimulationReport): string {
  const o = l.outcomes;
  const g = l.reuseGap;
  return [
    `Leases: ${int(l.leases)} (fresh ${int(o.fresh)}, returning ${int(o.returning)}, switched ${int(o.switched)}, reused ${int(o.reused)}); ${int(o.renewed)} renewals; ${int(l.neverConfirmed)} never confirmed; ${int(l.unleasedRequests)} requests without a lease`,
    `Reuse gap, lease end → next assignment of its number (${int(g.count)}): min ${seconds(g.min)}, p1 ${seconds(g.p1)}, p5 ${seconds(g.p5)}, p10 ${seconds(g.p10)}, p25 ${seconds(g.p25)}, p50 ${seconds(g.p50)}, p90 ${seconds(g.p90)}`,
  ].join('\n');
}

type Align = '' | '<' | '>';

/** A titled table: columns padded to their widest cell, right-aligned where marked '>'. */
function table(title: string, rows: string[][], align: Align[]): string {
  const widths = align.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length)));
  const lines = rows.map(
    (row) =>
      `  ${row
        .map((cell, i) => (align[i] === '>' ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
        .join('  ')
        .trimEnd()}`,
  );
  return [title, ...lines].join('\n');
}

function int(value: number): string {
  const digits = Math.round(value).toString();
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function fixed(value: number, digits: number): string {
  return value.toFixed(digits);
}

function percent(value: number, digits = 1): string {
  return `${(value * 100).toFixed(digits)}%`;
}

function optionalPercent(value: number | null, digits = 1): string {
  return value === null ? '–' : percent(value, digits);
}

function share(part: number, whole: number): string {
  return whole === 0 ? '–' : percent(part / whole);
}

function seconds(value: number | null): string {
  if (value === null) return '–';
  if (value < 60) return `${value.toFixed(1)} s`;
  if (value < 3600) return `${(value / 60).toFixed(1)} min`;
  return `${(value / 3600).toFixed(1)} h`;
}
