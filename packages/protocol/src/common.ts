/** Shapes shared by every API: errors, pagination, channels, phone numbers, roles. */
import { type Static, Type } from 'typebox';

export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'Stable code from docs/errors.md' }),
      message: Type.String(),
      details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    }),
  },
  { $id: 'ErrorBody', description: 'Every error the API returns' },
);
export type ErrorBody = Static<typeof ErrorBody>;

export const ChannelSchema = Type.Union(
  [
    Type.Literal('direct'),
    Type.Literal('organic_search'),
    Type.Literal('paid_search'),
    Type.Literal('organic_social'),
    Type.Literal('paid_social'),
    Type.Literal('email'),
    Type.Literal('referral'),
    Type.Literal('display'),
    Type.Literal('messenger'),
    Type.Literal('affiliate'),
    Type.Literal('offline'),
    Type.Literal('other'),
  ],
  { description: 'Marketing channel' },
);

export const RoleSchema = Type.Union(
  [Type.Literal('owner'), Type.Literal('admin'), Type.Literal('analyst'), Type.Literal('operator')],
  {
    description: 'owner/admin: everything; analyst: reports, masked callers; operator: calls and recordings',
  },
);
export type Role = Static<typeof RoleSchema>;

export const E164 = Type.String({ pattern: '^\\+[1-9][0-9]{6,14}$', description: 'Phone number in E.164' });
export const Id = Type.String({ minLength: 1, maxLength: 64 });
export const Timestamp = Type.String({ format: 'date-time' });

export const PageQuery = Type.Object({
  cursor: Type.Optional(Type.String({ description: 'Opaque cursor from the previous page' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
});

export const Page = Type.Object({
  nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'null on the last page' }),
});

export const IdParams = Type.Object({ id: Id });
