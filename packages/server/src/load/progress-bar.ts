/** A one-line progress bar redrawn in place, for a terminal only (never in logs or pipes). */
import type { LoadProgress } from './open-loop.ts';

export interface TerminalStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressBar {
  update(progress: LoadProgress): void;
  /** Clears the line so the report starts on a clean one. */
  done(): void;
}

const silent: ProgressBar = { update: () => {}, done: () => {} };

export function progressBar(stream: TerminalStream): ProgressBar {
  if (stream.isTTY !== true) return silent;
  let drawn = false;
  return {
    update({ elapsedS, totalS, sent, ok, errors }) {
      const width = 30;
      const share = totalS > 0 ? Math.min(1, elapsedS / totalS) : 1;
      const filled = Math.round(share * width);
      const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
      const text = `${bar} ${elapsedS.toFixed(1)}/${totalS} s  ${sent} sent  ${ok} ok  ${errors} errors`;
      stream.write(`\r${text.slice(0, (stream.columns ?? 100) - 1)}\x1b[K`);
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\r\x1b[K');
    },
  };
}
