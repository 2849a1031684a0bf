/** The call log's filters over HTTP: each on its own, combined, and a search that respects masking. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { maskPhone } from '@calltrail/core';
import { isNotNull, sql } from 'drizzle-orm';
import { postCall } from '../../calls/call-script.ts';
import { calls } from '../../db/schema.ts';
import { addCalls, addSessions } from '../../reports/report-fixtures.ts';
import {
  createSite,
  roleHeaders,
  seedWorkspace,
  startTestApp,
  type TestApp,
} from '../../testing/test-app.ts';
import { databaseChoices } from '../../testing/test-database.ts';

const ann = '+79161234567';
const bob = '+79990000001';

for (const choice of databaseChoices()) {
  describe(`the call log’s filters on ${choice.kind}`, { skip: choice.skip }, () => {
    let t: TestApp;
    let owner: Record<string, string>;
    let analyst: Record<string, string>;
    const names = new Map<string, string>();

    before(async () => {
      t = await startTestApp(choice.kind);
      const ws = await seedWorkspace(t);
      owner = ws.headers;
      analyst = await roleHeaders(t, ws.workspaceId, 'analyst');
      const answered = await postCall(t, ws, {
        callId: 'answered',
        at: '2026-01-01T10:00:00Z',
        from: ann,
        to: '+74950000001',
        agent: 'anna',
      });
      const missed = await postCall(t, ws, {
        callId: 'missed',
        at: '2026-01-02T10:00:00Z',
        from: ann,
        to: '+74950000002',
      });
      const outbound = await postCall(t, ws, {
        callId: 'outbound',
        at: '2026-01-03T10:00:00Z',
        from: '101',
        to: '+79035550000',
        direction: 'outbound',
        agent: 'boris',
      });
      for (const [id, name] of [
        [answered, 'answered'],
        [missed, 'missed'],
        [outbound, 'outbound'],
      ] as const) {
        names.set(id, name);
      }
      for (const [id, payload] of [
        [answered, { tags: ['vip', 'implants'], rating: 4, qualified: true }],
        [missed, { tags: ['implants'], rating: 2, qualified: false }],
      ] as const) {
        const response = await t.app.inject({
          method: 'PATCH',
          url: `/api/v1/calls/${id}`,
          headers: owner,
          payload,
        });
        assert.equal(response.statusCode, 200, response.body);
      }
      // Marketing facts come from the attributed session; these calls state it directly.
      const site = await createSite(t, owner);
      await addSessions(t.database.db, { workspaceId: ws.workspaceId, siteId: site.id }, [
        {
          id: 'ses_spring',
          visitorId: 'vis_bob',
          startedAt: new Date('2026-01-04T09:55:00Z'),
          channel: 'paid_search',
          source: 'google',
          campaign: 'spring',
          term: 'dental implants',
          landingPage: 'https://clinic.example/Implants?utm_campaign=spring',
        },
        {
          id: 'ses_autumn',
          visitorId: 'vis_cat',
          startedAt: new Date('2026-01-04T10:55:00Z'),
          channel: 'paid_search',
          source: 'google',
          campaign: 'autumn',
          term: 'dentist',
          landingPage: 'https://clinic.example/100%_teeth',
        },
      ]);
      await addCalls(t.database.db, ws.workspaceId, [
        {
          caller: bob,
          startedAt: new Date('2026-01-04T10:00:00Z'),
          sessionId: 'ses_spring',
          status: 'completed',
        },
        {
          caller: bob,
          startedAt: new Date('2026-01-04T11:00:00Z'),
          sessionId: 'ses_autumn',
          status: 'completed',
        },
      ]);
      // The fixture states the record, not its attribution; give it the one a lease match writes.
      await t.database.db
        .update(calls)
        .set({
          attribution: sql`jsonb_build_object('status', 'attributed', 'confidence', 1, 'sessionId', ${calls.sessionId}, 'candidates', '[]'::jsonb, 'reason', 'lease_window')`,
        })
        .where(isNotNull(calls.sessionId));
    });
    after(() => t.close());

    /** The listed calls by name (the fixture calls by their session), newest first. */
    const list = async (query: string, headers = owner) => {
      const response = await t.app.inject({ method: 'GET', url: `/api/v1/calls?${query}`, headers });
      assert.equal(response.statusCode, 200, response.body);
      return (response.json().items as { id: string; session: { id: string } | null }[]).map(
        (c) => names.get(c.id) ?? c.session?.id ?? c.id,
      );
    };

    const cases: [string, string[]][] = [
      ['status=missed', ['missed']],
      ['direction=outbound', ['outbound']],
      ['direction=inbound&status=completed', ['ses_autumn', 'ses_spring', 'answered']],
      ['firstTime=false', ['missed']],
      ['tag=vip', ['answered']],
      ['tag=implants', ['missed', 'answered']],
      ['tag=vi', []],
      ['qualified=true', ['answered']],
      ['qualified=false', ['missed']],
      ['minRating=3', ['answered']],
      ['minRating=2', ['missed', 'answered']],
      ['campaign=spring', ['ses_spring']],
      ['term=dentist', ['ses_autumn']],
      ['landingPage=implants', ['ses_spring']],
      ['landingPage=100%25_', ['ses_autumn']],
      ['landingPage=%25', ['ses_autumn']],
      ['landingPage=e_', []],
      [`trackingNumber=${encodeURIComponent('+74950000002')}`, ['missed']],
      ['agent=anna', ['answered']],
      ['agent=ann', []],
      ['from=2026-01-02T00:00:00Z&to=2026-01-04T00:00:00Z&tag=implants', ['missed']],
    ];
    for (const [query, expected] of cases) {
      test(`?${query} lists ${expected.join(', ') || 'nothing'}`, async () => {
        assert.deepEqual(await list(query), expected);
      });
    }

    test('a search finds the caller’s number in any writing, and tracking numbers, for an owner', async () => {
      assert.deepEqual(await list('search=916%20123'), ['missed', 'answered']);
      assert.deepEqual(await list(`search=${encodeURIComponent('8 (916) 123-45-67')}`), [
        'missed',
        'answered',
      ]);
      assert.deepEqual(await list('search=4950000002'), ['missed']);
      assert.deepEqual(await list('search=9035550000'), ['outbound']);
      assert.deepEqual(await list('search=nobody'), []);
    });

    test('an analyst’s search matches tracking numbers only, never a masked caller', async () => {
      assert.deepEqual(await list('search=9161234567', analyst), []);
      assert.deepEqual(await list('search=4567', analyst), []);
      assert.deepEqual(await list('search=74950000001', analyst), ['answered']);
    });

    test('an outbound call’s dialled number is the customer’s: masked for an analyst, never matched', async () => {
      assert.deepEqual(await list('search=9035550000', analyst), []);
      assert.deepEqual(await list(`trackingNumber=${encodeURIComponent('+79035550000')}`, analyst), []);
      const response = await t.app.inject({
        method: 'GET',
        url: '/api/v1/calls?direction=outbound',
        headers: analyst,
      });
      const [outbound] = response.json().items;
      assert.deepEqual(
        [outbound.trackingNumber, outbound.trackingNumberRaw],
        [maskPhone('+79035550000'), maskPhone('+79035550000')],
      );
    });

    test('the CSV export applies the same filters', async () => {
      const response = await t.app.inject({
        method: 'GET',
        url: '/api/v1/calls/export.csv?tag=vip&agent=anna',
        headers: owner,
      });
      assert.equal(response.statusCode, 200, response.body);
      assert.equal(response.body.trimEnd().split('\r\n').length, 2);
    });

    for (const query of [
      'minRating=6',
      'minRating=0',
      'status=lost',
      'direction=sideways',
      'trackingNumber=123',
      'qualified=maybe',
    ]) {
      test(`?${query} is refused`, async () => {
        const response = await t.app.inject({ method: 'GET', url: `/api/v1/calls?${query}`, headers: owner });
        assert.equal(response.statusCode, 400, response.body);
        assert.equal(response.json().error.code, 'VALIDATION_FAILED');
      });
    }
  });
}
