/**
 * The virtual clock's agenda: a binary min-heap of items by time. Items due at the same millisecond
 * come out in the order they were pushed, so a run never depends on the heap's internal order. Keys
 * live in parallel arrays that are reused, so pushing an item allocates nothing once the heap has grown.
 */
export class EventQueue<T> {
  #times: number[] = [];
  #seqs: number[] = [];
  #items: T[] = [];
  #size = 0;
  #nextSeq = 0;

  get size(): number {
    return this.#size;
  }

  /** The time of the earliest item; Infinity when empty. */
  peekTime(): number {
    return this.#size === 0 ? Number.POSITIVE_INFINITY : this.#times[0]!;
  }

  push(at: number, item: T): void {
    let i = this.#size++;
    const seq = this.#nextSeq++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.#before(at, seq, parent)) break;
      this.#move(parent, i);
      i = parent;
    }
    this.#set(i, at, seq, item);
  }

  /** Removes and returns the earliest item; undefined when empty. */
  pop(): T | undefined {
    if (this.#size === 0) return undefined;
    const top = this.#items[0]!;
    const last = --this.#size;
    if (last > 0) {
      const at = this.#times[last]!;
      const seq = this.#seqs[last]!;
      const item = this.#items[last]!;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= last) break;
        const right = left + 1;
        const child = right < last && this.#earlier(right, left) ? right : left;
        if (this.#before(at, seq, child)) break;
        this.#move(child, i);
        i = child;
      }
      this.#set(i, at, seq, item);
    }
    // Drop the reference so a finished item can be collected; the slot is reused by the next push.
    this.#items[last] = undefined as T;
    return top;
  }

  #before(at: number, seq: number, index: number): boolean {
    const other = this.#times[index]!;
    return at < other || (at === other && seq < this.#seqs[index]!);
  }

  #earlier(a: number, b: number): boolean {
    return this.#before(this.#times[a]!, this.#seqs[a]!, b);
  }

  #move(from: number, to: number): void {
    this.#times[to] = this.#times[from]!;
    this.#seqs[to] = this.#seqs[from]!;
    this.#items[to] = this.#items[from]!;
  }

  #set(index: number, at: number, seq: number, item: T): void {
    this.#times[index] = at;
    this.#seqs[index] = seq;
    this.#items[index] = item;
  }
}
