/**
 * The browser and operating system a user agent names, for people reading a visitor's journey
 * ("Chrome 131", "Android 14"), read by bowser (the stack's user-agent parser). Browsers keep their
 * major version, which is what people recognise; anything bowser cannot name reads as null rather
 * than as a guess.
 */
import Bowser from 'bowser';

// Bowser reports Windows as "NT 10.0" with a marketing name beside it; 10 and 11 share NT 10.0.
const windowsVersions: Record<string, string> = { '10': '10/11' };

function parsed(userAgent: string | null) {
  return userAgent ? Bowser.parse(userAgent) : null;
}

const joined = (name: string | undefined, version: string | undefined) =>
  name ? (version ? `${name} ${version}` : name) : null;

export function browserOf(userAgent: string | null): string | null {
  const browser = parsed(userAgent)?.browser;
  return joined(browser?.name, browser?.version?.split('.')[0]);
}

export function osOf(userAgent: string | null): string | null {
  const os = parsed(userAgent)?.os;
  if (os?.name === 'Windows' && os.versionName) {
    return joined(os.name, windowsVersions[os.versionName] ?? os.versionName);
  }
  return joined(os?.name, os?.version);
}
