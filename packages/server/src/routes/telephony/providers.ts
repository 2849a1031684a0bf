/**
 * The telephony providers this server speaks, each with the JSON Schemas its connections are
 * checked against, so the dashboard's connect form is built from them rather than from a copy.
 */
import { TelephonyProvider, TelephonyProviderList } from '@calltrail/protocol';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import type { RouteDeps } from '../../app.ts';
import { providers } from '../../telephony/registry.ts';
import { security } from '../security.ts';

type FormSchema = TelephonyProvider['credentials'];

/** A provider's schema as a form reads it; one that is not a plain object schema is a bug, found at start. */
function formOf(schema: TSchema, where: string): FormSchema {
  if (Value.Check(TelephonyProvider.properties.credentials, schema)) return schema;
  throw new Error(`${where} is not an object schema a form can be built from`);
}

/** The listing never changes while the server runs: built once, from the registry itself. */
const listing = {
  items: [...providers.values()].map((definition) => ({
    id: definition.id,
    title: definition.title,
    credentials: formOf(definition.credentials, `${definition.id} credentials`),
    settings: formOf(definition.settings, `${definition.id} settings`),
    webhookPaths: [...definition.webhooks],
  })),
};

export function telephonyProviderRoutes(deps: RouteDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '',
      {
        schema: {
          tags: ['telephony'],
          summary: 'List the telephony providers with the schemas of their credentials and settings',
          description:
            'Each `credentials` and `settings` is the JSON Schema a new connection is checked against: ' +
            'labels in `title`, secrets marked `writeOnly`.',
          security,
          response: { 200: TelephonyProviderList },
        },
        preHandler: deps.auth.workspace('settings:read'),
      },
      async () => listing,
    );
  };
}
