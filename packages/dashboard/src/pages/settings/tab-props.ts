/** What the settings page gives each of its tabs. */
import type { Speech } from '../../i18n.ts';
import type { Workspace } from '../page-props.ts';
import type { Words } from './words.ts';

export interface TabProps {
  s: Speech;
  w: Words;
  workspace: Workspace;
  /** The logged-in user, who may be among the members listed. */
  userId: string;
  /** The address bar's query: which site or pool is open, so it can be bookmarked. */
  search: URLSearchParams;
  /** settings:write; members tabs are shown only to roles that manage members. */
  canWrite: boolean;
}
