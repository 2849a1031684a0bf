/** The providers Calltrail speaks; each lives in its own folder beside this file. */
import { asterisk } from './asterisk/index.ts';
import type { ProviderDefinition } from './define-provider.ts';
import { mango } from './mango/index.ts';
import { twilio } from './twilio/index.ts';
import { uis } from './uis/index.ts';
import { zadarma } from './zadarma/index.ts';

export const providers: ReadonlyMap<string, ProviderDefinition> = new Map(
  [twilio, mango, zadarma, uis, asterisk].map((definition) => [definition.id, definition]),
);
