/**
 * What the runner remembers of each session, by visit index, for the calls that come later: typed
 * columns that double when full, so a million sessions cost a few tens of megabytes and no garbage.
 */
export class SessionTable {
  /** The number code the page shows now; −1 for none (the business number). */
  shown = new Int32Array(1024);
  lastActivityMs = new Float64Array(1024);
  visitor = new Int32Array(1024);
  channel = new Uint8Array(1024);
  /** 1 when the visit sends a single request, so its lease never leaves the provisional 15 s. */
  singleRequest = new Uint8Array(1024);
  /** 1 once the page has shown a second number. */
  severalNumbers = new Uint8Array(1024);

  /** Makes room for the session at `index`. */
  reserve(index: number): void {
    if (index < this.shown.length) return;
    let size = this.shown.length;
    while (size <= index) size *= 2;
    this.shown = grow(this.shown, new Int32Array(size));
    this.lastActivityMs = grow(this.lastActivityMs, new Float64Array(size));
    this.visitor = grow(this.visitor, new Int32Array(size));
    this.channel = grow(this.channel, new Uint8Array(size));
    this.singleRequest = grow(this.singleRequest, new Uint8Array(size));
    this.severalNumbers = grow(this.severalNumbers, new Uint8Array(size));
  }
}

function grow<T extends Int32Array | Float64Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
