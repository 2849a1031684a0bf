/**
 * Two `calltrail start` processes on one PostgreSQL database and one Redis share a five-number pool
 * while 200 sessions, spread over both, compete for it. Afterwards the lease history and every reply
 * must agree: no number held by two sessions at once, and no number shown without its lease on record.
 * Needs DATABASE_URL and REDIS_URL; skipped without them, except on CI, where that is a failure.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pg from 'pg';
import { deletePoolKeys } from '../load/redis-pool-keys.ts';
import { type ServerProcess, startServerProcess } from '../load/server-process.ts';
import { createLoadSite, type LoadSite, logInAsOwner } from '../load/site-setup.ts';
import { createThrowawayDatabase, type ThrowawayDatabase } from '../load/throwaway-database.ts';

const owner = { email: 'owner@localhost', password: 'two processes password' };
const browser =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const provisionalMs = 15_000;

interface Shown {
  number: string;
  kind: string;
  until: string | null;
}

/** One answered snippet request, with the wall-clock times it was sent and answered. */
interface Reply {
  server: number;
  path: 'session' | 'hit';
  vid: string;
  sid: string;
  sentAt: number;
  receivedAt: number;
  shown: Shown[];
}

interface LeaseRow {
  id: string;
  number: string;
  session_id: string;
  visitor_id: string;
  started_at: Date;
  last_activity_at: Date;
  hold_seconds: number;
  confirmed: boolean;
  released_at: Date | null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function missingSettings(): string | null {
  const missing = ['DATABASE_URL', 'REDIS_URL'].filter((name) => !process.env[name]);
  return missing.length === 0 ? null : `${missing.join(' and ')} not set`;
}

/** The lease's window: [start, released ?? (confirmed ? last activity + hold : start + 15 s)], in ms. */
function windowOf(lease: LeaseRow): [number, number] {
  const start = lease.started_at.getTime();
  const end =
    lease.released_at?.getTime() ??
    (lease.confirmed ? lease.last_activity_at.getTime() + lease.hold_seconds * 1000 : start + provisionalMs);
  return [start, end];
}

test('two processes sharing PostgreSQL and Redis never give one pool number to two live sessions', async (t) => {
  const missing = missingSettings();
  if (missing) {
    if (process.env.CI) assert.fail(`${missing}: CI must run the two-process lease test`);
    t.skip(`${missing}: the two-process lease test needs PostgreSQL and Redis`);
    return;
  }
  const databaseUrl = process.env.DATABASE_URL as string;
  const redisUrl = process.env.REDIS_URL as string;

  let database: ThrowawayDatabase | null = null;
  const servers: ServerProcess[] = [];
  let site: LoadSite | null = null;
  try {
    database = await createThrowawayDatabase(databaseUrl, 'calltrail_test');
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL: redisUrl,
      SNIPPET_RATE_LIMIT: '0',
      CALLTRAIL_ADMIN_EMAIL: owner.email,
      CALLTRAIL_ADMIN_PASSWORD: owner.password,
    };
    // One after the other: the first migrates the database and creates the owner.
    servers.push(await startServerProcess({ env }));
    servers.push(await startServerProcess({ env }));
    const [first] = servers as [ServerProcess, ServerProcess];
    site = await createLoadSite(first.url, await logInAsOwner(first.url, owner), {
      poolSize: 5,
      holdMinutes: 1,
      heartbeatSeconds: 5,
    });
    const { siteKey, origin } = site;

    const replies: Reply[] = [];
    async function send(
      server: number,
      path: 'session' | 'hit',
      body: Record<string, unknown>,
    ): Promise<Reply> {
      const sentAt = Date.now();
      const response = await fetch(`${servers[server]?.url}/s/v1/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', origin, 'user-agent': browser },
        body: JSON.stringify({ v: 'test-1', k: siteKey, ...body }),
      });
      const text = await response.text();
      assert.equal(response.status, 200, `${path} on server ${server}: ${text}`);
      const json = JSON.parse(text) as {
        vid?: string;
        sid?: string;
        numbers: { show: string; kind: string; until: string | null }[];
      };
      const reply: Reply = {
        server,
        path,
        vid: json.vid ?? String(body.vid),
        sid: json.sid ?? String(body.sid),
        sentAt,
        receivedAt: Date.now(),
        shown: json.numbers.map((n) => ({ number: n.show, kind: n.kind, until: n.until })),
      };
      replies.push(reply);
      return reply;
    }

    /** One session: its request on one server, a confirming heartbeat on the other, and a few repeats. */
    async function visit(index: number, vid: string | null, campaign: string): Promise<Reply> {
      await sleep((index * 37) % 2000);
      const server = index % 2;
      const u = `${origin}/?utm_source=ads&utm_medium=cpc&utm_campaign=${campaign}`;
      const opened = await send(server, 'session', vid ? { vid, u } : { u });
      const ids = { vid: opened.vid, sid: opened.sid };
      await send(1 - server, 'hit', { ...ids, u, t: 'heartbeat' });
      // A reload repeats the session request (and continues the session); a second beat, a page view.
      if (index % 3 === 0)
        assert.equal((await send(1 - server, 'session', { vid: ids.vid, u })).sid, ids.sid);
      if (index % 4 === 0) await send(server, 'hit', { ...ids, u, t: 'heartbeat' });
      if (index % 5 === 0) await send(1 - server, 'hit', { ...ids, u: `${origin}/prices`, t: 'page' });
      return opened;
    }

    // 150 visitors arrive over 2 s; then 50 of them come back from another campaign (a new session),
    // those holding a pool number first, so numbers pass from one session to the next.
    const firstVisits = await Promise.all(Array.from({ length: 150 }, (_, i) => visit(i, null, 'spring')));
    const holders = new Set(
      replies.filter((r) => r.shown.some((s) => s.kind === 'pool')).map((reply) => reply.vid),
    );
    const returning = [...new Set([...holders, ...firstVisits.map((v) => v.vid)])].slice(0, 50);
    await Promise.all(returning.map((vid, i) => visit(150 + i, vid, 'summer')));

    // SIGTERM, so both write their lease history before they exit.
    const exits = await Promise.all(servers.splice(0).map((server) => server.stop()));
    assert.deepEqual(exits, [0, 0]);

    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const leases = await client
      .query<LeaseRow>('select * from leases where pool_id = $1 order by started_at', [site.poolId])
      .finally(() => client.end());
    const rows = leases.rows;

    // The pool was contested from both processes, and numbers changed hands.
    const poolReplies = replies.filter((r) => r.shown.some((s) => s.kind === 'pool'));
    assert.ok(new Set(poolReplies.map((r) => r.sid)).size >= 5, 'at least five sessions got a pool number');
    assert.deepEqual(
      new Set(poolReplies.map((r) => r.server)),
      new Set([0, 1]),
      'both processes served pool numbers',
    );
    assert.ok(
      replies.some((r) => r.shown.some((s) => s.kind === 'fallback')),
      'the pool ran out',
    );
    assert.ok(new Set(replies.map((r) => r.sid)).size === 200, '200 sessions');
    const released = rows.filter((row) => row.released_at !== null).length;
    const byServer = [0, 1].map((s) => poolReplies.filter((r) => r.server === s).length);
    t.diagnostic(
      `${replies.length} replies; ${rows.length} leases, ${released} ended by a switch; replies with a pool number: ${byServer.join(' and ')}`,
    );

    // 1. The lease history: two sessions' windows on one number never overlap.
    for (const a of rows) {
      for (const b of rows) {
        if (a.id >= b.id || a.number !== b.number || a.session_id === b.session_id) continue;
        const [aStart, aEnd] = windowOf(a);
        const [bStart, bEnd] = windowOf(b);
        assert.ok(
          aEnd <= bStart || bEnd <= aStart,
          `${a.number} leased to ${a.session_id} [${new Date(aStart).toISOString()}, ${new Date(aEnd).toISOString()}] ` +
            `and to ${b.session_id} [${new Date(bStart).toISOString()}, ${new Date(bEnd).toISOString()}]`,
        );
      }
    }

    // 2. No lease lost: every pool number a reply showed has that session's lease on record.
    const recorded = new Set(rows.map((row) => `${row.session_id} ${row.number}`));
    for (const reply of poolReplies) {
      for (const shown of reply.shown.filter((s) => s.kind === 'pool')) {
        assert.ok(
          recorded.has(`${reply.sid} ${shown.number}`),
          `${shown.number} shown to ${reply.sid} has no lease row`,
        );
      }
    }

    // 3. The replies alone: once a session was told a number is its own until U, no other visitor's
    // session is shown that number before U. (A visitor's new session may take over its previous one's.)
    const pool = poolReplies.flatMap((reply) =>
      reply.shown.filter((s) => s.kind === 'pool').map((shown) => ({ reply, shown })),
    );
    for (const earlier of pool) {
      const until = Date.parse(earlier.shown.until ?? '');
      for (const later of pool) {
        if (later.shown.number !== earlier.shown.number || later.reply.vid === earlier.reply.vid) continue;
        // `later` was decided after `earlier` was answered, and before `earlier`'s window closed.
        const overlapping = later.reply.sentAt > earlier.reply.receivedAt && later.reply.sentAt < until;
        assert.ok(
          !overlapping,
          `${earlier.shown.number} shown to ${earlier.reply.sid} until ${earlier.shown.until}, ` +
            `then to ${later.reply.sid} at ${new Date(later.reply.sentAt).toISOString()}`,
        );
      }
    }
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
    if (site) await deletePoolKeys(redisUrl, site.poolId).catch(() => {});
    await database?.drop();
  }
});
