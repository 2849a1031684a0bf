/**
 * `npm run bench`: how much of a bare Fastify server's throughput the snippet API keeps (memory and
 * Redis lease stores), and its latency at a fixed 1,000 requests/s, measured in one run on this
 * machine. Servers run as child processes; the load comes from this process. Prints PASS or MISS per
 * target and exits 0 either way: shared machines are noisy, so a MISS is a prompt to look, not a failure.
 */
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { formatErrors, formatMs, formatShown } from '../packages/server/src/load/load-report.ts';
import { startServerProcess } from '../packages/server/src/load/server-process.ts';
import { type CalltrailTarget, startCalltrail } from './calltrail-target.ts';
import { closedLoop, type Measured, openLoop } from './measure.ts';

const { values } = parseArgs({
  options: {
    connections: { type: 'string', default: '32' },
    seconds: { type: 'string', default: '8' },
    'pool-size': { type: 'string', default: '500' },
    json: { type: 'boolean', default: false },
  },
});
const closed = { connections: Number(values.connections), warmupS: 2, seconds: Number(values.seconds) };
const open = { requestsPerS: 1000, warmupS: 5, seconds: 10, connections: 64 };
/**
 * A mid-sized pool (Erlang B sizes ~650 numbers for 50,000 sessions a day at a 15-minute hold). At
 * these rates every pool runs out within seconds, so most sessions see the fallback number; the
 * report shows the share. The lease store's cost may grow with the pool: try --pool-size.
 */
const poolSize = Number(values['pool-size']);
const targets = { ratioMemory: 0.5, ratioRedis: 0.25, openLoopP99Ms: 10 };
const databaseUrl = process.env.DATABASE_URL || null;
const redisUrl = process.env.REDIS_URL || null;

const out = (line = '') => {
  if (!values.json) process.stdout.write(`${line}\n`);
};
const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const verdict = (pass: boolean) => (pass ? 'PASS' : 'MISS');
const cpuOf = (m: Measured) =>
  `server CPU ${m.serverCpuUs === null ? '?' : int.format(m.serverCpuUs)} µs/req, client ${int.format(m.clientCpuUs)} µs/req`;

function throughputLines(name: string, m: Measured, showsNumbers = true): string {
  const s = m.summary;
  const shown = showsNumbers ? formatShown(s.shown) : '';
  return [
    `  ${name.padEnd(21)} ${int.format(s.requestsPerS).padStart(7)} req/s  p50 ${formatMs(s.latency.p50)}  p99 ${formatMs(s.latency.p99)}  ${cpuOf(m)}`,
    `  ${''.padEnd(21)} errors: ${formatErrors(s.errors)}${shown ? `; number shown: ${shown}` : ''}`,
  ].join('\n');
}

/** The snippet API's ceiling, labelled with the lease store the server says it uses. */
async function snippetThroughput(target: CalltrailTarget): Promise<Measured & { leases: string }> {
  const site = await target.newSite(poolSize);
  const snippet = { url: target.server.url, siteKey: site.siteKey, origin: site.origin };
  return { ...(await closedLoop(snippet, target.server.pid, closed)), leases: target.leases };
}

/** Runs `measure` against a fresh Calltrail server (memory leases unless `redis` is set), then removes it. */
async function withCalltrail<T>(
  redis: string | null,
  measure: (target: CalltrailTarget) => Promise<T>,
): Promise<T> {
  const target = await startCalltrail({ databaseUrl, redisUrl: redis });
  // Ctrl-C stops the server too (same process group); this also drops its database.
  const interrupted = () => void target.close().finally(() => process.exit(130));
  process.once('SIGINT', interrupted);
  try {
    return await measure(target);
  } finally {
    process.off('SIGINT', interrupted);
    await target.close();
  }
}

async function bareThroughput(): Promise<Measured> {
  const server = await startServerProcess({
    env: {},
    command: ['--import', 'tsx', fileURLToPath(new URL('./bare-server.ts', import.meta.url))],
    readyLine: 'bare fastify listening',
  });
  try {
    return await closedLoop(
      { url: server.url, siteKey: 'site_bare', origin: 'https://clinic.example' },
      server.pid,
      closed,
    );
  } finally {
    await server.stop();
  }
}

const [firstCpu] = cpus();
out('Calltrail benchmark');
out(
  `  machine   ${cpus().length} × ${firstCpu?.model.trim() ?? 'unknown CPU'}, Node ${process.version}, ${process.platform} ${process.arch}`,
);
out(
  `  load      ${loadavg()[0]?.toFixed(2)} (1-minute load average before the run: other work on this machine)`,
);
out(
  `  database  ${databaseUrl ? `PostgreSQL at ${new URL(databaseUrl).host} (a throwaway database per server, dropped afterwards)` : 'PGlite (embedded; a temporary DATA_DIR per server)'}`,
);
out(`  redis     ${redisUrl ? new URL(redisUrl).host : 'REDIS_URL is not set: part (b) will be skipped'}`);
out(
  `  client    closed loop: ${closed.connections} keep-alive connections, ${closed.warmupS} s warm-up + ${closed.seconds} s measured; every server gets the same visits (a session request, then page-view and heartbeat hits)`,
);
out();

// (a) The ceiling: bare Fastify, then the snippet API on the memory lease store.
out(
  `(a) Maximum throughput, memory lease store, pool of ${poolSize} (target ≥ ${targets.ratioMemory}× bare)`,
);
const bare = await bareThroughput();
out(throughputLines('bare fastify', bare, false));
const memory = await withCalltrail(null, snippetThroughput);
const memoryRatio = memory.summary.requestsPerS / bare.summary.requestsPerS;
out(throughputLines(`snippet API (${memory.leases})`, memory));
out(`  ratio ${memoryRatio.toFixed(2)}×  ${verdict(memoryRatio >= targets.ratioMemory)}`);
out();

// (c) Latency at a fixed rate, on a fresh server: nothing left over from the closed loop.
out(
  `(c) Open loop at ${int.format(open.requestsPerS)} requests/s, memory lease store, pool of ${poolSize} (target p99 < ${targets.openLoopP99Ms} ms)`,
);
const latency = await withCalltrail(null, async (target) => {
  const site = await target.newSite(poolSize);
  const snippet = { url: target.server.url, siteKey: site.siteKey, origin: site.origin };
  return openLoop(snippet, target.server.pid, open);
});
const o = latency.summary;
out(
  `  ${int.format(o.requestsPerS)} req/s answered of ${int.format(o.scheduled?.requestsPerS ?? 0)} scheduled (${latency.sessionRate.toFixed(0)} visits/s), ${open.warmupS} s warm-up + ${open.seconds} s measured, ${open.connections} connections`,
);
out(
  `  latency   p50 ${formatMs(o.latency.p50)}  p99 ${formatMs(o.latency.p99)}  p99.9 ${formatMs(o.latency.p999)}  max ${formatMs(o.latency.max)}  (from the scheduled send time)`,
);
out(`  errors    ${formatErrors(o.errors)}; number shown: ${formatShown(o.shown) || 'n/a'}`);
out(`  cost      ${cpuOf(latency)}; the client's own lateness p99 ${formatMs(o.sendLag?.p99 ?? 0)}`);
const openPass = o.latency.p99 < targets.openLoopP99Ms && o.ok === o.sent;
out(`  ${verdict(openPass)}${o.ok === o.sent ? '' : ' (some requests failed)'}`);
out();

// (b) The same ceiling with leases in Redis, as several server processes would share them.
out(`(b) Maximum throughput, Redis lease store, pool of ${poolSize} (target ≥ ${targets.ratioRedis}× bare)`);
let redis: (Measured & { leases: string }) | null = null;
if (!redisUrl) out('  SKIPPED: REDIS_URL is not set');
else {
  redis = await withCalltrail(redisUrl, snippetThroughput);
  const ratio = redis.summary.requestsPerS / bare.summary.requestsPerS;
  out(throughputLines(`snippet API (${redis.leases})`, redis));
  out(`  ratio ${ratio.toFixed(2)}×  ${verdict(ratio >= targets.ratioRedis)}`);
}
out();
out(
  `Load average after the run: ${loadavg()[0]?.toFixed(2)}. PASS/MISS are informative; the exit code is 0 either way.`,
);

if (values.json) {
  const machine = {
    cpus: cpus().length,
    model: firstCpu?.model,
    node: process.version,
    loadAverage: loadavg(),
  };
  const database = databaseUrl ? 'postgresql' : 'pglite';
  process.stdout.write(
    `${JSON.stringify({ machine, database, targets, bare, memory, redis, open: latency })}\n`,
  );
}
