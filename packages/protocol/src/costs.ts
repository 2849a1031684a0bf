/** Ad spend: the CSV upload's report, the uploads so far, and costs summed per day and campaign. */
import { type Static, Type } from 'typebox';
import { Page, PageQuery, Timestamp } from './common.ts';

const Day = Type.String({ format: 'date', description: 'YYYY-MM-DD' });

export const CostRowError = Type.Object({
  row: Type.Integer({ minimum: 1, description: 'Row in the file; the header is row 1' }),
  column: Type.Union([Type.String(), Type.Null()], { description: 'null when the whole row is at fault' }),
  message: Type.String(),
});

export const CostUploadQuery = Type.Object({
  fileName: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
});
export type CostUploadQuery = Static<typeof CostUploadQuery>;

export const CostUploadResult = Type.Object(
  {
    uploadId: Type.String(),
    rowsAdded: Type.Integer({ description: 'Rows stored, new or replacing the same key' }),
    errors: Type.Array(CostRowError, {
      description: 'Rows refused and why; past 1000, one last entry counts the rest',
    }),
  },
  { $id: 'CostUploadResult' },
);
export type CostUploadResult = Static<typeof CostUploadResult>;

export const CostUpload = Type.Object({
  id: Type.String(),
  fileName: Type.String(),
  rowsAdded: Type.Integer(),
  errors: Type.Array(CostRowError),
  createdAt: Timestamp,
});

export const CostUploadList = Type.Object({ ...Page.properties, items: Type.Array(CostUpload) });
export type CostUploadList = Static<typeof CostUploadList>;

export const CostUploadListQuery = PageQuery;

export const CostQuery = Type.Object({
  from: Day,
  to: Type.String({ format: 'date', description: 'YYYY-MM-DD, included' }),
});
export type CostQuery = Static<typeof CostQuery>;

export const CostTotals = Type.Object({
  currency: Type.String({ description: 'The workspace’s (ISO 4217); every cost is stored in it' }),
  items: Type.Array(
    Type.Object({
      day: Day,
      source: Type.String(),
      medium: Type.String(),
      campaign: Type.String(),
      cost: Type.Number({ description: 'Summed over the campaign’s keywords' }),
    }),
  ),
});
export type CostTotals = Static<typeof CostTotals>;
