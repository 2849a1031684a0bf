/** Asterisk (AMI): not implemented yet. */
import { AppError } from '@calltrail/core';
import { Type } from 'typebox';
import { defineProvider } from '../define-provider.ts';

export const asterisk = defineProvider({
  id: 'asterisk',
  title: 'Asterisk (AMI)',
  credentials: Type.Object({}),
  settings: Type.Object({}),
  webhooks: [],
  provider: {
    kind: 'connector',
    connect() {
      throw new AppError('INTERNAL', undefined, 'Asterisk (AMI) is not implemented yet');
    },
  },
});
