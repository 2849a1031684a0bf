/** Importing tracking numbers from a CSV file: all rows or none. */
import { Type } from 'typebox';
import { TrackingNumber } from './workspace.ts';

export const NumberImportResult = Type.Object({
  imported: Type.Integer({ minimum: 0 }),
  items: Type.Array(TrackingNumber),
});

/** A fault in one row of an import, as listed in a 400 answer's `error.details.rows`. */
export const NumberImportRowError = Type.Object({
  row: Type.Integer({ minimum: 1, description: 'The header is row 1' }),
  column: Type.Union([Type.String(), Type.Null()]),
  message: Type.String(),
});

/** A refused import: nothing was stored, and every faulty row is listed. */
export const NumberImportRefusal = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'VALIDATION_FAILED' }),
      message: Type.String({ description: 'Names the first faulty row' }),
      details: Type.Optional(
        Type.Object(
          { rows: Type.Optional(Type.Array(NumberImportRowError)) },
          { additionalProperties: true },
        ),
      ),
    }),
  },
  { description: 'The file or one of its rows is wrong; nothing was imported' },
);
