/** The endpoints the costs page uses. */
import type { CostQuery, CostTotals, CostUploadList, CostUploadResult } from '@calltrail/protocol';
import { request, searchOf } from '../../api.ts';

export const costsApi = {
  /** The file goes as it is: the server reads the CSV and answers with its per-row report. */
  upload: (file: Blob, fileName: string) =>
    request<CostUploadResult>('POST', `/api/v1/costs?${searchOf({ fileName })}`, {
      raw: file,
      contentType: 'text/csv',
    }),
  uploads: () => request<CostUploadList>('GET', '/api/v1/costs/uploads?limit=20'),
  totals: (query: CostQuery) => request<CostTotals>('GET', `/api/v1/costs?${searchOf(query)}`),
};
