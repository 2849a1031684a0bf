/** The help texts of the calltrail CLI, one per command. */
import { loadUsage } from './simulate-load.ts';

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
  pool-size          How many numbers a pool needs for its traffic (Erlang B)
  simulate           Simulate traffic: attribution accuracy and pool blocking (or --load a server)

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
  'pool-size': `Usage: calltrail pool-size --sessions-per-hour N [--visit-seconds V] [--hold-minutes H]
                          [--target SHARE] [--json]

  --sessions-per-hour N   Sessions arriving at the pool in its busy hour (not the daily mean)
  --visit-seconds V       Mean visit, first to last activity with heartbeats (default 180)
  --hold-minutes H        How long a number stays with a visitor after the visit (default 30)
  --target SHARE          Accepted share of sessions finding no free number: 0.01 or 1% (default 0.01)
  --json                  Print offeredLoad, poolSize, blocking, nearby sizes and inputs as JSON

Prints the offered load in erlangs (sessions/h × (visit + hold) / 3600), the smallest pool whose
Erlang B blocking meets the target, the blocking at nearby sizes, and the common 1.2 × load rule
for comparison. Needs no database.
`,
  simulate: `Usage: calltrail simulate [--preset s1..s6] [--days D] [--sessions-per-day N] [--hold MIN]
                         [--pool-size N] [--target SHARE] [--policy fallback|overflow|reuse]
                         [--seed N] [--json]
       calltrail simulate --load --url URL --site-key KEY [options below]
       calltrail simulate --load --demo --url URL --email E --password P [options below]

Accuracy mode (the default) runs simulated visitors and calls through the server's own number
assignment, lease store and call attribution on a virtual clock: a simulated week takes seconds. It
reports how calls were attributed against the truth (correct, misattributed, uncertain,
unattributed), whether confidence is calibrated, accuracy per channel and call kind, the fallback
share in the busy hours beside Erlang B's prediction, and how soon freed numbers are handed out again.
Needs no database or server.

  --preset ID           s1 small (2,000 sessions/day), s2 mid (50,000/day, default), s3 1,000 sites
                        (100,000/day over Zipf-sized sites, a tenth of the reference's; 1 day unless
                        --days), s4 e-mail spike, s5 pool at 0.8 × its Erlang size, s6 late callers
  --days D              Simulated days from a Monday (default 7)
  --sessions-per-day N  Mean sessions per day over the week (default: the preset's)
  --hold MIN            Minutes a number stays with a session after its last activity (default 30)
  --pool-size N         Numbers in every pool (default: Erlang-sized for the busy hour)
  --target SHARE        Blocking target of Erlang sizing: 0.01 or 1% (default 0.01)
  --policy P            When a pool is exhausted: fallback (default), overflow, or reuse a live lease
  --seed N              Seed of the simulated traffic (default 1): same seed, same report
  --json                Print the whole report as JSON

Load mode:
${loadUsage}`,
};
