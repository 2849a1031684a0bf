/**
 * Debian's Chromium for the browser tests of the snippet and the dashboard: where it is, whether
 * the tests can run here (on CI they must), and the flags this machine's closed network needs.
 */
import { existsSync } from 'node:fs';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Without the background-networking flags Chromium keeps dialling Google, which is refused here. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Why the browser tests cannot run here, or false. On CI a missing browser is an error. */
export function browserSkip(): string | false {
  if (existsSync(chromiumPath)) return false;
  if (process.env.CI) throw new Error(`CI must have Chromium at ${chromiumPath} (apt-get install chromium)`);
  return `no Chromium at ${chromiumPath} (apt-get install chromium, or set CHROMIUM_PATH): browser tests skipped`;
}
