/**
 * What a provider is to the server: core's telephony port, plus the schemas of its credentials and
 * settings and the webhook addresses a workspace pastes into the provider's console.
 */
import type { ConnectorProvider, WebhookProvider } from '@calltrail/core';
import type { Static, TSchema } from 'typebox';

export interface ProviderDefinition<C extends TSchema = TSchema, S extends TSchema = TSchema> {
  id: 'twilio' | 'mango' | 'zadarma' | 'uis' | 'asterisk';
  title: string;
  /** What the workspace must give; stored encrypted. */
  credentials: C;
  /** What the workspace may tune; stored as is and returned by the API. */
  settings: S;
  /** Webhook addresses under the connection's base URL, with where each goes in the console. */
  webhooks: readonly { purpose: string; subpath: string }[];
  provider: WebhookProvider<Static<C>, Static<S>> | ConnectorProvider<Static<C>, Static<S>>;
}

/** Erases a definition's own credential and settings types, for the table below. */
export function defineProvider<C extends TSchema, S extends TSchema>(
  definition: ProviderDefinition<C, S>,
): ProviderDefinition {
  return definition as unknown as ProviderDefinition;
}
