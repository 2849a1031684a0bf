/**
 * A telephony connection as the API shows it and as the webhook route uses it: its credentials are
 * sealed at rest and checked against the provider's schema, and its webhook URLs carry its token.
 */
import { AppError, isTimeZone } from '@calltrail/core';
import type { TelephonyConnection } from '@calltrail/protocol';
import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import type { SecretBox } from '../secrets/secret-box.ts';
import type { TelephonyConnectionRow } from '../stores/sql/telephony.ts';
import type { ProviderDefinition } from './define-provider.ts';
import { providers } from './registry.ts';

export function providerOf(id: string): ProviderDefinition {
  const definition = providers.get(id);
  if (!definition) throw new AppError('UNKNOWN_PROVIDER', { provider: id, known: [...providers.keys()] });
  return definition;
}

/**
 * Throws VALIDATION_FAILED naming the field and what is wrong with it. A setting named `timeZone`
 * (every provider whose PBX stamps local times has one) must be a zone this runtime knows.
 */
export function checkAgainst(schema: TSchema, value: unknown, field: 'credentials' | 'settings'): void {
  const zone = (value as { timeZone?: unknown } | null)?.timeZone;
  if (field === 'settings' && typeof zone === 'string' && !isTimeZone(zone)) {
    throw new AppError('VALIDATION_FAILED', {
      field,
      errors: [`settings.timeZone ${zone} is not an IANA time zone`],
    });
  }
  if (Value.Check(schema, value)) return;
  const errors = [...Value.Errors(schema, value)]
    .slice(0, 5)
    .map((error) => `${field}${error.instancePath.replaceAll('/', '.')} ${error.message}`);
  throw new AppError('VALIDATION_FAILED', { field, errors }, errors.join('; '));
}

export function webhookBase(publicUrl: string, row: { provider: string; token: string }): string {
  return `${publicUrl}/hooks/v1/${row.provider}/${row.token}`;
}

export function openCredentials(row: TelephonyConnectionRow, secrets: SecretBox): Record<string, unknown> {
  return JSON.parse(secrets.open(row.credentials)) as Record<string, unknown>;
}

export function toConnection(
  row: TelephonyConnectionRow,
  secrets: SecretBox,
  publicUrl: string,
): TelephonyConnection {
  const definition = providerOf(row.provider);
  const base = webhookBase(publicUrl, row);
  return {
    id: row.id,
    provider: definition.id,
    name: row.name,
    settings: row.settings,
    credentialsSet: Object.keys(openCredentials(row, secrets)).sort(),
    webhookUrls: definition.webhooks.map((hook) => ({
      purpose: hook.purpose,
      url: hook.subpath ? `${base}/${hook.subpath}` : base,
    })),
    lastEventAt: row.lastEventAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}
