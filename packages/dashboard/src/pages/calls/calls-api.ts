/** The calls pages' endpoints: the log, one call, its annotation, its visitor's journey, the CSV. */
import type {
  CallAnnotation,
  CallExportQuery,
  CallJourney,
  CallList,
  CallListQuery,
  CallRecord,
} from '@calltrail/protocol';
import { request, searchOf } from '../../api.ts';

const callPath = (id: string) => `/api/v1/calls/${encodeURIComponent(id)}`;

export const callsApi = {
  calls: (query: CallListQuery) => request<CallList>('GET', `/api/v1/calls?${searchOf(query)}`),
  call: (id: string) => request<CallRecord>('GET', callPath(id)),
  annotate: (id: string, annotation: CallAnnotation) =>
    request<CallRecord>('PATCH', callPath(id), annotation),
  journey: (id: string) => request<CallJourney>('GET', `${callPath(id)}/journey`),
};

// The browser fetches these itself (an <audio> source, a download link) and cannot send
// X-Workspace-Id, so the workspace travels in the query.

export const recordingUrl = (callId: string, workspaceId: string) =>
  `${callPath(callId)}/recording?${searchOf({ workspace: workspaceId })}`;

export const exportUrl = (query: CallExportQuery, workspaceId: string) =>
  `/api/v1/calls/export.csv?${searchOf({ ...query, workspace: workspaceId })}`;
