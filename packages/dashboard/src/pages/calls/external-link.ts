/**
 * Addresses a visitor's browser reported (pages, referrers) are user-supplied: shown as text, and a
 * link only when it is plainly http(s), so a `javascript:` or `data:` URL can never run.
 */
import { h } from 'preact';

/** The address as a link target when it is an absolute http(s) URL, else null. */
export function safeHref(address: string): string | null {
  try {
    const url = new URL(address);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** The address as text, linked (to a new tab, telling it nothing of us) when it is safe to. */
export function ExternalLink(props: { address: string }) {
  const href = safeHref(props.address);
  return href
    ? h('a', { href, target: '_blank', rel: 'noopener noreferrer', class: 'call-url' }, props.address)
    : h('span', { class: 'call-url' }, props.address);
}
