/** Twilio: not implemented yet. */
import { AppError } from '@calltrail/core';
import { Type } from 'typebox';
import { defineProvider } from '../define-provider.ts';

export const twilio = defineProvider({
  id: 'twilio',
  title: 'Twilio',
  credentials: Type.Object({}),
  settings: Type.Object({}),
  webhooks: [],
  provider: {
    kind: 'webhook',
    verify() {
      throw new AppError('INTERNAL', undefined, 'Twilio is not implemented yet');
    },
    async handle() {
      throw new AppError('INTERNAL', undefined, 'Twilio is not implemented yet');
    },
  },
});
