/**
 * Snippet API v1: what the browser script sends and receives. Keys are short because every page
 * view carries them; bodies travel as text/plain JSON so browsers send no CORS preflight.
 */
import { type Static, Type } from 'typebox';
import { E164, Timestamp } from './common.ts';

const ClickIds = Type.Object(
  {
    gclid: Type.Optional(Type.String({ maxLength: 512 })),
    gbraid: Type.Optional(Type.String({ maxLength: 512 })),
    wbraid: Type.Optional(Type.String({ maxLength: 512 })),
    yclid: Type.Optional(Type.String({ maxLength: 512 })),
    fbclid: Type.Optional(Type.String({ maxLength: 512 })),
  },
  { description: 'Ad click ids found on the landing URL or kept from it' },
);
export type ClickIds = Static<typeof ClickIds>;
export { ClickIds as ClickIdsSchema };

export const SessionRequest = Type.Object(
  {
    v: Type.String({ maxLength: 32, description: 'Script version' }),
    k: Type.String({ minLength: 1, maxLength: 64, description: 'Site key' }),
    vid: Type.Optional(
      Type.String({ maxLength: 64, description: 'Visitor id; the server makes one if absent' }),
    ),
    u: Type.String({ minLength: 1, maxLength: 4096, description: 'Page URL' }),
    r: Type.Optional(Type.String({ maxLength: 4096, description: 'document.referrer' })),
    ck: Type.Optional(ClickIds),
    ga: Type.Optional(
      Type.Object({
        cid: Type.Optional(Type.String({ maxLength: 128, description: 'GA4 client_id from _ga' })),
        sid: Type.Optional(
          Type.String({ maxLength: 64, description: 'GA4 session_id from _ga_<container>' }),
        ),
      }),
    ),
    ym: Type.Optional(Type.String({ maxLength: 64, description: 'Yandex Metrica ClientID from _ym_uid' })),
    x: Type.Optional(
      Type.Record(Type.String({ maxLength: 64 }), Type.String({ maxLength: 512 }), { maxProperties: 20 }),
    ),
  },
  { $id: 'SnippetSessionRequest' },
);
export type SessionRequest = Static<typeof SessionRequest>;

export const NumberSwap = Type.Object({
  biz: E164,
  show: E164,
  kind: Type.Union([
    Type.Literal('static'),
    Type.Literal('pool'),
    Type.Literal('fallback'),
    Type.Literal('overflow'),
  ]),
  until: Type.Union([Timestamp, Type.Null()], {
    description:
      'When the number stops attributing calls unless the page stays active; null for static numbers',
  }),
});
export type NumberSwap = Static<typeof NumberSwap>;

export const SessionReply = Type.Object(
  {
    vid: Type.String(),
    sid: Type.String(),
    hb: Type.Integer({ description: 'Heartbeat interval in seconds' }),
    numbers: Type.Array(NumberSwap),
  },
  { $id: 'SnippetSessionReply' },
);
export type SessionReply = Static<typeof SessionReply>;

export const HitRequest = Type.Object(
  {
    v: Type.String({ maxLength: 32 }),
    k: Type.String({ minLength: 1, maxLength: 64 }),
    vid: Type.String({ minLength: 1, maxLength: 64 }),
    sid: Type.String({ minLength: 1, maxLength: 64 }),
    u: Type.String({ minLength: 1, maxLength: 4096 }),
    t: Type.Union([Type.Literal('page'), Type.Literal('heartbeat')]),
  },
  { $id: 'SnippetHitRequest' },
);
export type HitRequest = Static<typeof HitRequest>;

export const HitReply = Type.Object({ numbers: Type.Array(NumberSwap) }, { $id: 'SnippetHitReply' });
export type HitReply = Static<typeof HitReply>;

/**
 * A site's settings as the script needs them: inlined into `/s/<siteKey>.js`, or fetched from
 * `/s/v1/config/<siteKey>` by the pinned build. Keys are short because every page loads them.
 */
export const SnippetSettings = Type.Object(
  {
    k: Type.String({ description: 'Site key' }),
    n: Type.Array(
      Type.Object({
        e: E164,
        c: Type.Integer({ minimum: 1, maximum: 3, description: 'Length of the country calling code' }),
        p: Type.String({
          maxLength: 4,
          description: 'National (trunk) prefix, e.g. 8 in Russia; may be empty',
        }),
      }),
      { description: 'Business numbers to find on the page' },
    ),
    c: Type.Optional(
      Type.Object(
        {
          ck: Type.Optional(
            Type.String({ description: 'A cookie whose presence (not 0/false/no/deny) gives consent' }),
          ),
        },
        { description: 'Present when the site waits for consent before cookies and pool numbers' },
      ),
    ),
    xq: Type.Optional(Type.Array(Type.String(), { description: 'Extra query parameters to record' })),
    xc: Type.Optional(Type.Array(Type.String(), { description: 'Extra cookies to record' })),
    a: Type.Optional(Type.Array(Type.String(), { description: 'Extra attributes to swap numbers in' })),
    vc: Type.Optional(
      Type.Literal(1, {
        description: 'Served from a subdomain of the site: the server keeps the visitor id in an HTTP cookie',
      }),
    ),
  },
  { $id: 'SnippetSettings' },
);
export type SnippetSettings = Static<typeof SnippetSettings>;
