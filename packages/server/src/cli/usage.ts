/** The help texts of the calltrail CLI, one per command. */

const settings =
  'Settings come from the environment: PORT, HOST, PUBLIC_URL, DATA_DIR, DATABASE_URL, LOG_LEVEL,\n' +
  'COOKIE_SECURE, CALLTRAIL_ADMIN_EMAIL, CALLTRAIL_ADMIN_PASSWORD. With DATABASE_URL unset, the\n' +
  'embedded PGlite database lives in DATA_DIR (./data); stop the server before admin commands then.\n';

export const mainUsage = `Usage: calltrail <command> [options]

Commands:
  start              Run the server (migrates the database; an empty one gets a first owner)
  migrate            Apply the database migrations and exit
  workspace create   Create a workspace and print its id
  user create        Create a user, optionally as a member of a workspace
  token create       Create an API token and print it (shown only once)

Run "calltrail <command> --help" for a command's options.
${settings}`;

export const commandUsage: Record<string, string> = {
  start: `Usage: calltrail start

Runs the server on HOST:PORT. On the first start of an empty database it creates the workspace
"My workspace" and an owner: CALLTRAIL_ADMIN_EMAIL (admin@localhost) with CALLTRAIL_ADMIN_PASSWORD,
or a generated password that is printed once. SIGINT or SIGTERM stop it gracefully.
${settings}`,
  migrate: `Usage: calltrail migrate

Applies the database migrations and exits. "calltrail start" also applies them.
${settings}`,
  'workspace create': `Usage: calltrail workspace create --name NAME [--time-zone ZONE] [--currency CODE] [--json]

  --name NAME        The workspace's name
  --time-zone ZONE   IANA time zone of its reports, e.g. Europe/Moscow (default UTC)
  --currency CODE    ISO 4217 currency, e.g. RUB (default USD)
  --json             Print the workspace as JSON instead of its id
`,
  'user create': `Usage: calltrail user create --email EMAIL --password PASSWORD [--name NAME]
                            [--workspace ID --role ROLE] [--json]

  --email EMAIL         The login
  --password PASSWORD   At least 10 characters (it stays in your shell history: change it later)
  --name NAME           Shown to other members (default: the part of the email before @)
  --workspace ID        Also add the user to this workspace...
  --role ROLE           ...as owner, admin, analyst or operator
  --json                Print the user as JSON instead of its id
`,
  'token create': `Usage: calltrail token create --workspace ID --role ROLE [--name NAME] [--json]

  --workspace ID   The workspace the token acts in
  --role ROLE      owner, admin, analyst or operator
  --name NAME      A label to recognise it by (default CLI)
  --json           Print the token's record as JSON, the secret included

Prints the token once; send it as "Authorization: Bearer <token>".
`,
};
