/**
 * A provider's connect-form fields, read from the JSON Schemas the server checks a new connection
 * against (GET /api/v1/telephony/providers), so the form cannot drift from the validation. Labels
 * are the provider's own terms, as its console shows them, so they are not translated.
 */
import type { TelephonyProvider } from '@calltrail/protocol';
import { h } from 'preact';

type FormSchema = TelephonyProvider['credentials'];
type Property = FormSchema['properties'][string];

const isSecret = (property: Property) => property.writeOnly === true || property.format === 'password';
const isRequired = (schema: FormSchema, name: string) => schema.required?.includes(name) ?? false;

/** A credential's input, named `credential.<name>`: a secret typed like a password so it is not left readable on screen. */
export function CredentialInput(props: { schema: FormSchema; name: string; property: Property }) {
  const { schema, name, property } = props;
  const integer = property.type === 'integer';
  return h(
    'label',
    null,
    property.title ?? name,
    h('input', {
      name: `credential.${name}`,
      type: isSecret(property) ? 'password' : integer ? 'number' : 'text',
      autocomplete: 'off',
      required: isRequired(schema, name),
      title: property.description,
      pattern: property.pattern,
      maxLength: property.maxLength,
      ...(integer && { min: property.minimum, max: property.maximum, step: 1 }),
    }),
  );
}

export const credentialInputs = (schema: FormSchema) =>
  Object.entries(schema.properties).map(([name, property]) =>
    h(CredentialInput, { key: name, schema, name, property }),
  );

/** The credentials object the API expects, from the form's text fields; empty optional ones left out. */
export function credentialsOf(schema: FormSchema, field: (name: string) => string): Record<string, unknown> {
  const credentials: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(schema.properties)) {
    const value = field(`credential.${name}`);
    if (value === '' && !isRequired(schema, name)) continue;
    credentials[name] = property.type === 'integer' ? Number(value) : value;
  }
  return credentials;
}

/** Whether the provider's settings ask for the PBX's time zone: required, optional, or not at all. */
export function timeZoneAsked(settings: FormSchema): 'required' | 'optional' | 'none' {
  if (!settings.properties.timeZone) return 'none';
  return isRequired(settings, 'timeZone') ? 'required' : 'optional';
}
