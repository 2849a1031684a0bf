/** A load run's summary as the few lines a person reads. */
import type { LatencyStats } from './latency-histogram.ts';
import type { LoadSummary } from './load-recorder.ts';

const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const rate = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

export function formatMs(ms: number): string {
  if (ms >= 100) return `${number.format(ms)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

function latencyLine(stats: LatencyStats): string {
  return `p50 ${formatMs(stats.p50)}  p99 ${formatMs(stats.p99)}  p99.9 ${formatMs(stats.p999)}  max ${formatMs(stats.max)}`;
}

export function formatErrors(errors: Record<string, number>): string {
  const entries = Object.entries(errors);
  if (entries.length === 0) return 'none';
  return entries.map(([key, count]) => `${key} ×${number.format(count)}`).join(', ');
}

/** "pool 62%, fallback 38%": which number the sessions' first replies showed; '' when none started. */
export function formatShown(shown: Record<string, number>): string {
  const started = Object.values(shown).reduce((sum, n) => sum + n, 0);
  if (started === 0) return '';
  return Object.entries(shown)
    .map(([kind, n]) => `${kind} ${Math.round((100 * n) / started)}%`)
    .join(', ');
}

export function formatSummary(summary: LoadSummary): string {
  const lines: string[] = [];
  const scheduled = summary.scheduled
    ? ` of ${number.format(summary.scheduled.requests)} scheduled (${rate.format(summary.scheduled.requestsPerS)}/s)`
    : '';
  lines.push(`  window     ${rate.format(summary.seconds)} s measured`);
  const shown = formatShown(summary.shown);
  lines.push(
    `  sessions   ${rate.format(summary.sessionsPerS)}/s started${shown ? `; number shown: ${shown}` : ''}`,
  );
  lines.push(
    `  requests   ${rate.format(summary.requestsPerS)}/s answered 2xx; ${number.format(summary.sent)} sent${scheduled}`,
  );
  const from = summary.mode === 'open' ? 'from the scheduled time' : 'from the send';
  lines.push(`  latency    ${latencyLine(summary.latency)}  (${from})`);
  if (summary.sendLag) {
    lines.push(
      `  send lag   p50 ${formatMs(summary.sendLag.p50)}  p99 ${formatMs(summary.sendLag.p99)}  (the client's own lateness)`,
    );
  }
  lines.push(`  errors     ${formatErrors(summary.errors)}`);
  const { afterFailedSession, afterEnd } = summary.notSent;
  if (afterFailedSession > 0 || afterEnd > 0) {
    lines.push(
      `  not sent   ${number.format(afterFailedSession)} hits of failed sessions, ${number.format(afterEnd)} due after the end`,
    );
  }
  if (summary.calls) {
    const { placed, callbacks, notPlaced, events, errors } = summary.calls;
    lines.push(
      `  calls      ${number.format(placed)} placed (${number.format(callbacks)} with a callback), ` +
        `${number.format(events)} webhook events, ${number.format(notPlaced)} not placed (due after the end or no number shown)`,
    );
    lines.push(`  webhook    errors ${formatErrors(errors)}`);
  }
  return `${lines.join('\n')}\n`;
}
