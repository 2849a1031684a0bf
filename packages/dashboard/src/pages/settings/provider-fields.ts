/**
 * What each telephony provider asks for when connecting, mirroring the server's credential and
 * settings schemas (server/src/telephony/<provider>/index.ts). Labels are the provider's own terms,
 * as its console shows them, so they are not translated.
 */
import type { ConnectionInput } from './settings-api.ts';

export type ProviderId = ConnectionInput['provider'];

export interface CredentialField {
  name: string;
  label: string;
  /** Typed like a password: a secret is not left readable on screen. */
  secret?: boolean;
  integer?: boolean;
  optional?: boolean;
  pattern?: string;
}

export interface ProviderForm {
  id: ProviderId;
  title: string;
  credentials: readonly CredentialField[];
  /** Whether the PBX's time zone is asked for: required, optional, or not at all. */
  timeZone: 'required' | 'optional' | 'none';
}

export const providerForms: readonly ProviderForm[] = [
  {
    id: 'mango',
    title: 'Mango Office VPBX',
    credentials: [
      { name: 'apiKey', label: 'Unique code (vpbx_api_key)' },
      { name: 'apiSalt', label: 'Key for the signature (salt)', secret: true },
    ],
    timeZone: 'none',
  },
  {
    id: 'zadarma',
    title: 'Zadarma',
    credentials: [
      { name: 'key', label: 'API key (Settings → API)' },
      { name: 'secret', label: 'API secret', secret: true },
    ],
    timeZone: 'optional',
  },
  { id: 'uis', title: 'UIS / CoMagic', credentials: [], timeZone: 'optional' },
  {
    id: 'twilio',
    title: 'Twilio',
    credentials: [
      { name: 'accountSid', label: 'Account SID (AC…)', pattern: 'AC[0-9a-fA-F]{32}' },
      { name: 'authToken', label: 'Auth token', secret: true },
    ],
    timeZone: 'none',
  },
  {
    id: 'asterisk',
    title: 'Asterisk (AMI)',
    credentials: [
      { name: 'host', label: 'AMI host, as reachable from Calltrail' },
      { name: 'port', label: 'AMI port (5038 when empty)', integer: true, optional: true },
      { name: 'username', label: 'manager.conf user' },
      { name: 'secret', label: 'manager.conf secret', secret: true },
    ],
    timeZone: 'required',
  },
];

export const providerTitle = (id: string) => providerForms.find((p) => p.id === id)?.title ?? id;

/** The credentials object the API expects, from the form's text fields; empty optional ones left out. */
export function credentialsOf(form: ProviderForm, field: (name: string) => string): Record<string, unknown> {
  const credentials: Record<string, unknown> = {};
  for (const credential of form.credentials) {
    const value = field(`credential.${credential.name}`);
    if (value === '' && credential.optional) continue;
    credentials[credential.name] = credential.integer ? Number(value) : value;
  }
  return credentials;
}
