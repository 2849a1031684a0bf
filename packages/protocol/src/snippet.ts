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
