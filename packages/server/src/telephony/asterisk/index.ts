/**
 * Asterisk through its Manager Interface (AMI): the server keeps a TCP connection to the PBX and
 * reads its call and CDR events, so no dialplan change is needed. The PBX needs, in manager.conf, a
 * user with `read = call,cdr` that may also run the CoreShowChannels action (the channel listing
 * after a reconnect), ideally `timestampevents = yes`; and cdr_manager enabled for the final account
 * of each call.
 */
import { isTimeZone } from '@calltrail/core';
import { Type } from 'typebox';
import { defineProvider } from '../define-provider.ts';
import { startAmiConnector } from './ami-connector.ts';

/** FreePBX's names; a plain Asterisk dialplan names its own in the settings. */
const defaultTrunkContexts = ['from-trunk', 'from-pstn'];
const defaultQueueContexts = ['ext-queues'];
const contextList = (description: string) =>
  Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 80 }), { maxItems: 50, description }));

const credentials = Type.Object(
  {
    host: Type.String({
      minLength: 1,
      maxLength: 253,
      title: 'AMI host, as reachable from Calltrail',
      description: 'The PBX’s address, as reachable from Calltrail',
    }),
    port: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 65_535,
        title: 'AMI port (5038 when empty)',
        description: 'AMI port; 5038 when unset',
      }),
    ),
    username: Type.String({
      minLength: 1,
      maxLength: 80,
      title: 'manager.conf user',
      description: 'The [user] section of manager.conf',
    }),
    secret: Type.String({
      minLength: 1,
      maxLength: 256,
      title: 'manager.conf secret',
      writeOnly: true,
      description: 'The user’s secret in manager.conf',
    }),
  },
  { additionalProperties: false },
);

const settings = Type.Object(
  {
    timeZone: Type.String({
      minLength: 1,
      maxLength: 64,
      pattern: '^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$',
      title: 'Time zone of the PBX',
      description: 'The PBX’s IANA time zone: CDR times are its local wall-clock times',
    }),
    trunkContexts: contextList(
      `Contexts where outside calls enter, whose extension is the dialled number; default ${defaultTrunkContexts.join(', ')}`,
    ),
    queueContexts: contextList(
      `Contexts where callers wait in a queue, whose extension names it; default ${defaultQueueContexts.join(', ')}`,
    ),
    didVariable: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 80,
        pattern: '^[A-Za-z0-9_]+$',
        description: 'A channel variable holding the dialled number (exported with manager.conf channelvars)',
      }),
    ),
  },
  { additionalProperties: false },
);

export const asterisk = defineProvider({
  id: 'asterisk',
  title: 'Asterisk (AMI)',
  credentials,
  settings,
  webhooks: [],
  provider: {
    kind: 'connector',
    connect({ credentials, settings }, sink, log) {
      if (!isTimeZone(settings.timeZone)) {
        log('settings.timeZone is not an IANA time zone: CDR summaries will be skipped', {
          timeZone: settings.timeZone,
        });
      }
      return startAmiConnector({
        credentials: { ...credentials, port: credentials.port ?? 5038 },
        settings: {
          timeZone: settings.timeZone,
          trunkContexts: settings.trunkContexts ?? defaultTrunkContexts,
          queueContexts: settings.queueContexts ?? defaultQueueContexts,
          didVariable: settings.didVariable ?? null,
        },
        sink,
        log,
      });
    },
  },
});
