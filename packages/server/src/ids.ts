/** Random ids and secrets: prefixed so a reader can tell a site id from a call id at a glance. */
import { createHash, randomFillSync } from 'node:crypto';

const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';

// Random bytes are drawn in blocks: one system call per ~200 ids instead of one per id, which the
// snippet API noticed. Every byte is used once.
const block = Buffer.alloc(4096);
let used = block.length;

function randomString(length: number): string {
  if (used + length > block.length) {
    randomFillSync(block);
    used = 0;
  }
  let out = '';
  for (let i = used; i < used + length; i++) out += alphabet[(block[i] as number) & 31];
  used += length;
  return out;
}

export type IdPrefix =
  | 'ws'
  | 'usr'
  | 'tok'
  | 'site'
  | 'pool'
  | 'num'
  | 'vis'
  | 'ses'
  | 'lse'
  | 'call'
  | 'alert'
  | 'tel'
  | 'rec'
  | 'upl';

export function newId(prefix: IdPrefix): string {
  return `${prefix}_${randomString(20)}`;
}

/** A site's public key, written into the snippet tag: short, as it sits in every customer's HTML. */
export function newSiteKey(): string {
  return `site_${randomString(16)}`;
}

/** A secret with ~160 bits of entropy, e.g. an API token or a webhook secret. */
export function newSecret(prefix: string): string {
  return `${prefix}_${randomString(32)}`;
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
