/** Mango Office VPBX: not implemented yet. */
import { AppError } from '@calltrail/core';
import { Type } from 'typebox';
import { defineProvider } from '../define-provider.ts';

export const mango = defineProvider({
  id: 'mango',
  title: 'Mango Office VPBX',
  credentials: Type.Object({}),
  settings: Type.Object({}),
  webhooks: [],
  provider: {
    kind: 'webhook',
    verify() {
      throw new AppError('INTERNAL', undefined, 'Mango Office VPBX is not implemented yet');
    },
    async handle() {
      throw new AppError('INTERNAL', undefined, 'Mango Office VPBX is not implemented yet');
    },
  },
});
