/** UIS / CoMagic: not implemented yet. */
import { AppError } from '@calltrail/core';
import { Type } from 'typebox';
import { defineProvider } from '../define-provider.ts';

export const uis = defineProvider({
  id: 'uis',
  title: 'UIS / CoMagic',
  credentials: Type.Object({}),
  settings: Type.Object({}),
  webhooks: [],
  provider: {
    kind: 'webhook',
    verify() {
      throw new AppError('INTERNAL', undefined, 'UIS / CoMagic is not implemented yet');
    },
    async handle() {
      throw new AppError('INTERNAL', undefined, 'UIS / CoMagic is not implemented yet');
    },
  },
});
