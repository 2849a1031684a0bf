/**
 * Calltrail's website snippet as a module, for single-page apps that bundle it themselves:
 * `start` once, then `getNumbers`, `onSwap` and `swap` for what the app renders on its own.
 * The `<script>` tag build (browser.ts) runs the very same code.
 */
export type { NumberSwap, SnippetSettings } from '@calltrail/protocol';
export { consent, getNumbers, onSwap, type StartOptions, start, swap } from './tracker.ts';
export { VERSION } from './version.ts';
