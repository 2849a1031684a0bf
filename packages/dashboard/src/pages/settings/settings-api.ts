/** The settings pages' endpoints: sites, numbers, telephony connections, members, tokens and pools. */
import type { Role } from '@calltrail/core';
import type {
  AddMember,
  ApiToken,
  ApiTokenList,
  CreatedApiToken,
  CreateSite,
  CreateStaticNumber,
  CreateTelephonyConnection,
  Member,
  MemberList,
  NumberImportResult,
  Pool,
  PoolList,
  Site,
  SiteInstall,
  SiteList,
  TelephonyConnection,
  TelephonyConnectionList,
  TelephonyProviderList,
  TrackingNumber,
  TrackingNumberList,
  UpdatePool,
  UpdateSite,
  WebhookInfo,
} from '@calltrail/protocol';
import type { Static } from 'typebox';
import { request, searchOf } from '../../api.ts';

const id = (value: string) => encodeURIComponent(value);
/** Settings lists are short: one page of the largest size covers them. */
const all = searchOf({ limit: 500 });

export type SiteInput = Static<typeof CreateSite>;
export type SiteChanges = Static<typeof UpdateSite>;
export type NumberInput = Static<typeof CreateStaticNumber>;
export type ConnectionInput = Static<typeof CreateTelephonyConnection>;
export type MemberInput = Static<typeof AddMember>;
export type MemberRow = Static<typeof Member>;
export type PoolChanges = Static<typeof UpdatePool>;
export type TrackedNumber = Static<typeof TrackingNumber>;
export type Token = Static<typeof ApiToken>;
export type NewToken = Static<typeof CreatedApiToken>;

export const settingsApi = {
  sites: () => request<Static<typeof SiteList>>('GET', `/api/v1/sites?${all}`),
  createSite: (site: SiteInput) => request<Site>('POST', '/api/v1/sites', site),
  updateSite: (siteId: string, changes: SiteChanges) =>
    request<Site>('PATCH', `/api/v1/sites/${id(siteId)}`, changes),
  install: (siteId: string) => request<SiteInstall>('GET', `/api/v1/sites/${id(siteId)}/install`),

  numbers: () => request<Static<typeof TrackingNumberList>>('GET', `/api/v1/numbers?${all}`),
  addNumber: (number: NumberInput) => request<TrackedNumber>('POST', '/api/v1/numbers', number),
  importNumbers: (csv: string) =>
    request<Static<typeof NumberImportResult>>('POST', '/api/v1/numbers/import', {
      raw: csv,
      contentType: 'text/csv; charset=utf-8',
    }),

  providers: () => request<Static<typeof TelephonyProviderList>>('GET', '/api/v1/telephony/providers'),
  connections: () =>
    request<Static<typeof TelephonyConnectionList>>('GET', `/api/v1/telephony/connections?${all}`),
  connect: (connection: ConnectionInput) =>
    request<TelephonyConnection>('POST', '/api/v1/telephony/connections', connection),
  disconnect: (connectionId: string) =>
    request<null>('DELETE', `/api/v1/telephony/connections/${id(connectionId)}`),
  genericWebhook: () => request<Static<typeof WebhookInfo>>('GET', '/api/v1/workspace/webhook'),

  members: () => request<Static<typeof MemberList>>('GET', '/api/v1/members'),
  addMember: (member: MemberInput) => request<unknown>('POST', '/api/v1/members', member),
  changeMemberRole: (userId: string, role: Role) =>
    request<MemberRow>('PATCH', `/api/v1/members/${id(userId)}`, { role }),
  removeMember: (userId: string) => request<null>('DELETE', `/api/v1/members/${id(userId)}`),
  tokens: () => request<Static<typeof ApiTokenList>>('GET', '/api/v1/tokens'),
  createToken: (token: { name: string; role: Token['role'] }) =>
    request<NewToken>('POST', '/api/v1/tokens', token),
  revokeToken: (tokenId: string) => request<null>('DELETE', `/api/v1/tokens/${id(tokenId)}`),

  pools: () => request<Static<typeof PoolList>>('GET', `/api/v1/pools?${all}`),
  updatePool: (poolId: string, changes: PoolChanges) =>
    request<Pool>('PATCH', `/api/v1/pools/${id(poolId)}`, changes),
};
