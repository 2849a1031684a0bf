/** What the shell gives every page. */
import type { Me } from '../api.ts';
import type { Speech } from '../i18n.ts';
import type { Location } from '../router.ts';

export type Workspace = Me['workspaces'][number];

export interface PageProps {
  s: Speech;
  me: Me;
  workspace: Workspace;
  location: Location;
}
