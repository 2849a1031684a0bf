/**
 * Specification of the Asterisk connector end to end: a local TCP server speaks AMI as Asterisk does
 * and replays documented event streams (ami-scenarios.ts); the connector logs in, reads them and
 * stores the calls in the database, and the call records are read back through GET /api/v1/calls.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Connector, ConnectorSink } from '@calltrail/core';
import type { CallRecord } from '@calltrail/protocol';
import { eq, sql } from 'drizzle-orm';
import { callEvents, calls } from '../../db/schema.ts';
import { connectionsOfProvider, type TelephonyConnectionRow } from '../../stores/sql/telephony.ts';
import { type TelephonyHarness, telephonyHarness } from '../../testing/telephony-harness.ts';
import { databaseChoices } from '../../testing/test-database.ts';
import { connectionSink } from '../store-outcome.ts';
import { startAmiConnector } from './ami-connector.ts';
import { pbxTimeZone } from './ami-fixtures.ts';
import { eventually, type ReplaySession, startAmiReplayServer } from './ami-replay-server.ts';
import { answeredCall, outboundCall, queueCall, transferredCall, unansweredCall } from './ami-scenarios.ts';
import { asterisk } from './index.ts';

const start = new Date('2026-01-05T10:00:00.000Z');
const iso = (seconds: number) => new Date(start.getTime() + seconds * 1000).toISOString();
const login = { username: 'calltrail', secret: 'amp111' };
const settings = { timeZone: pbxTimeZone };

interface Logged {
  message: string;
  details?: Record<string, unknown>;
}

for (const choice of databaseChoices()) {
  describe(`Asterisk over AMI on ${choice.kind}`, { skip: choice.skip }, () => {
    let h: TelephonyHarness;
    let connection: TelephonyConnectionRow;

    before(async () => {
      h = await telephonyHarness({
        kind: choice.kind,
        provider: 'asterisk',
        credentials: { host: '127.0.0.1', ...login },
        settings,
      });
      [connection] = (await connectionsOfProvider(h.t.database.db, 'asterisk')) as [TelephonyConnectionRow];
    });
    after(() => h.close());

    /**
     * A PBX replaying `sessions` (one per connection) and a connector of the test connection to it:
     * the provider's own connect(), or the connector with quick retries.
     */
    async function pbx(
      sessions: ReplaySession[],
      options: { quickRetries?: boolean; sink?: (sink: ConnectorSink) => ConnectorSink } = {},
    ) {
      const server = await startAmiReplayServer({ ...login, sessions });
      const logged: Logged[] = [];
      const log = (message: string, details?: Record<string, unknown>) =>
        logged.push({ message, ...(details && { details }) });
      const stored = connectionSink({ db: h.t.database.db, clock: h.t.clock }, connection);
      const sink = options.sink ? options.sink(stored) : stored;
      const credentials = { host: '127.0.0.1', port: server.port, ...login };
      let connector: Connector;
      if (options.quickRetries) {
        const quick = { initialMs: 20, maxMs: 200 };
        connector = startAmiConnector({
          credentials,
          settings: {
            timeZone: pbxTimeZone,
            trunkContexts: ['from-trunk'],
            queueContexts: [],
            didVariable: null,
          },
          sink,
          log,
          reconnect: quick,
          redelivery: quick,
        });
      } else {
        assert.equal(asterisk.provider.kind, 'connector');
        if (asterisk.provider.kind !== 'connector') throw new Error('unreachable');
        connector = asterisk.provider.connect({ credentials, settings }, sink, log);
      }
      return {
        server,
        logged,
        connector,
        close: async () => {
          await connector.close();
          await server.close();
        },
      };
    }

    /** Waits until the call's record has these fields, and returns it. */
    const recordOf = (providerCallId: string, expected: Partial<CallRecord>) =>
      eventually(async () => {
        const record = await h.call(providerCallId);
        assert.deepEqual(
          Object.fromEntries(Object.keys(expected).map((key) => [key, record[key as keyof CallRecord]])),
          expected,
        );
        return record;
      });

    const storedEvents = (providerCallId: string) =>
      h.t.database.db
        .select({ key: callEvents.dedupeKey, duplicates: callEvents.duplicateCount })
        .from(callEvents)
        .innerJoin(calls, eq(calls.id, callEvents.callId))
        .where(eq(calls.providerCallId, providerCallId));

    test('an answered call is stored whole: caller, tracking number, agent, and the times of its CDR', async (t) => {
      const call = answeredCall({ n: 1, start });
      const { close, server } = await pbx([{ events: call.frames }]);
      t.after(close);
      await recordOf(call.linkedid, {
        provider: 'asterisk',
        direction: 'inbound',
        status: 'completed',
        caller: '+79161234567',
        callerRaw: '79161234567',
        trackingNumber: '+74950000001',
        trackingNumberRaw: '74950000001',
        startedAt: iso(0),
        answeredAt: iso(8),
        endedAt: iso(68),
        waitSeconds: 8,
        talkSeconds: 60,
        agent: '101',
        queue: null,
        transfers: [],
      });
      const [loginAction, listing] = server.actions;
      assert.deepEqual(
        [loginAction?.get('Action'), loginAction?.get('Username'), loginAction?.get('Events')],
        ['Login', 'calltrail', 'call,cdr'],
      );
      assert.match(loginAction?.get('ActionID') ?? '', /\S/);
      assert.equal(listing?.get('Action'), 'CoreShowChannels');
    });

    test('a call nobody answers (NOANSWER) is missed', async (t) => {
      const call = unansweredCall({ n: 2, start }, 'NOANSWER');
      const { close } = await pbx([{ events: call.frames }]);
      t.after(close);
      await recordOf(call.linkedid, {
        status: 'missed',
        answeredAt: null,
        endedAt: iso(20),
        waitSeconds: 20,
        talkSeconds: 0,
        agent: null,
      });
    });

    test('a call to a busy extension is busy', async (t) => {
      const call = unansweredCall({ n: 3, start }, 'BUSY');
      const { close } = await pbx([{ events: call.frames }]);
      t.after(close);
      await recordOf(call.linkedid, { status: 'busy', answeredAt: null, agent: null });
    });

    test('a call transferred from 101 to 102 keeps 101 as its agent and lists the transfer', async (t) => {
      const call = transferredCall({ n: 4, start });
      const { close } = await pbx([{ events: call.frames }]);
      t.after(close);
      await recordOf(call.linkedid, {
        status: 'completed',
        agent: '101',
        transfers: ['102'],
        answeredAt: iso(5),
        endedAt: iso(100),
        talkSeconds: 95,
      });
    });

    test('a call through a queue names the queue and the member who answered', async (t) => {
      const call = queueCall({ n: 5, start });
      const { close } = await pbx([{ events: call.frames }]);
      t.after(close);
      await recordOf(call.linkedid, { status: 'completed', queue: '500', agent: '101', waitSeconds: 12 });
    });

    test('a call from an extension to a customer is outbound, to the customer’s number', async (t) => {
      const call = outboundCall({ n: 6, start });
      const { close } = await pbx([{ events: call.frames }]);
      t.after(close);
      await recordOf(call.linkedid, {
        direction: 'outbound',
        status: 'completed',
        caller: null,
        callerRaw: '101',
        trackingNumber: '+79161234567',
        agent: '101',
        talkSeconds: 60,
      });
    });

    test('a withheld caller is stored without a caller, its raw caller ID kept', async (t) => {
      const unknown = answeredCall({ n: 7, start, caller: '<unknown>' });
      const anonymous = unansweredCall({ n: 8, start, caller: 'anonymous' }, 'NOANSWER');
      const { close } = await pbx([{ events: [...unknown.frames, ...anonymous.frames] }]);
      t.after(close);
      await recordOf(unknown.linkedid, { caller: null, callerRaw: '<unknown>', status: 'completed' });
      await recordOf(anonymous.linkedid, { caller: null, callerRaw: 'anonymous', status: 'missed' });
    });

    test('a connection dropped mid-call: the connector logs in again, lists the call’s channels and completes it', async (t) => {
      const call = answeredCall({ n: 9, start });
      const answeredAt = call.frames.findIndex((frame) => frame.event === 'DialEnd') + 1;
      const { close, server, logged } = await pbx([
        { events: call.frames.slice(0, answeredAt), thenDrop: true },
        {
          channels: [
            {
              leg: call.legs.caller!,
              seconds: 9,
              bridgeId: '',
              application: 'Dial',
              applicationData: 'PJSIP/101',
            },
            { leg: call.legs.agent!, seconds: 9, application: 'AppDial', applicationData: '(Outgoing Line)' },
          ],
          events: call.frames.slice(answeredAt),
        },
      ]);
      t.after(close);
      await recordOf(call.linkedid, {
        status: 'completed',
        startedAt: iso(0),
        answeredAt: iso(8),
        endedAt: iso(68),
        talkSeconds: 60,
        agent: '101',
      });
      assert.equal(server.connections(), 2);
      assert.equal(server.actions.filter((action) => action.get('Action') === 'Login').length, 2);
      assert.ok(logged.some((line) => line.message === 'AMI connection lost; reconnecting'));
    });

    test('a refused login is retried with growing delays, and the calls come once it is accepted', async (t) => {
      const call = answeredCall({ n: 10, start });
      const { close, logged } = await pbx(
        [{ refuseLogin: true }, { refuseLogin: true }, { events: call.frames }],
        { quickRetries: true },
      );
      t.after(close);
      await recordOf(call.linkedid, { status: 'completed' });
      const retries = logged.filter((line) => line.message === 'AMI connection lost; reconnecting');
      assert.deepEqual(
        retries.map((line) => line.details?.reason),
        ['login refused: Authentication failed', 'login refused: Authentication failed'],
      );
      const [first, second] = retries.map((line) => line.details?.delayMs as number);
      assert.ok(first! >= 10 && first! <= 20, `first delay ${first}`);
      assert.ok(second! >= 20 && second! <= 40, `second delay ${second}`);
    });

    test('events replayed after a reconnect change nothing', async (t) => {
      const call = answeredCall({ n: 11, start });
      const { close } = await pbx([{ events: call.frames, thenDrop: true }, { events: call.frames }], {
        quickRetries: true,
      });
      t.after(close);
      const expected = { status: 'completed' as const, endedAt: iso(68), talkSeconds: 60 };
      await recordOf(call.linkedid, expected);
      // Every event stored once, and each seen a second time.
      const events = await eventually(async () => {
        const rows = await storedEvents(call.linkedid);
        assert.ok(rows.length > 0 && rows.every((row) => row.duplicates === 1), JSON.stringify(rows));
        return rows;
      });
      assert.equal(events.length, 5);
      await recordOf(call.linkedid, expected);
    });

    test('a database failing for a while loses nothing: the events wait and are stored in order', async (t) => {
      const call = answeredCall({ n: 12, start });
      let failures = 3;
      const { close, logged } = await pbx([{ events: call.frames }], {
        quickRetries: true,
        sink: (stored) => ({
          deliver: async (outcome) => {
            if (failures-- > 0) throw new Error('connection terminated unexpectedly');
            await stored.deliver(outcome);
          },
        }),
      });
      t.after(close);
      await recordOf(call.linkedid, { status: 'completed', answeredAt: iso(8), endedAt: iso(68) });
      assert.equal(
        logged.filter((line) => line.message === 'storing call events failed; retrying').length,
        3,
      );
      const [{ count }] = (await h.t.database.db
        .select({ count: sql<number>`count(*)::int` })
        .from(callEvents)
        .innerJoin(calls, eq(calls.id, callEvents.callId))
        .where(eq(calls.providerCallId, call.linkedid))) as [{ count: number }];
      assert.equal(count, 5);
    });

    test('a connection has no webhook URLs, and its settings are checked', async () => {
      assert.deepEqual(h.connection.webhookUrls, []);
      const refused = await h.t.app.inject({
        method: 'POST',
        url: '/api/v1/telephony/connections',
        headers: h.headers,
        payload: {
          provider: 'asterisk',
          name: 'PBX',
          credentials: { host: 'pbx.example', username: 'calltrail' },
          settings: { timeZone: 'Moscow time' },
        },
      });
      assert.equal(refused.statusCode, 400, refused.body);
      assert.equal(refused.json().error.code, 'VALIDATION_FAILED');
    });
  });
}
