/** Zadarma: not implemented yet. */
import { AppError } from '@calltrail/core';
import { Type } from 'typebox';
import { defineProvider } from '../define-provider.ts';

export const zadarma = defineProvider({
  id: 'zadarma',
  title: 'Zadarma',
  credentials: Type.Object({}),
  settings: Type.Object({}),
  webhooks: [],
  provider: {
    kind: 'webhook',
    verify() {
      throw new AppError('INTERNAL', undefined, 'Zadarma is not implemented yet');
    },
    async handle() {
      throw new AppError('INTERNAL', undefined, 'Zadarma is not implemented yet');
    },
  },
});
