/** A binary min-heap of items by due time: the open-loop driver's timetable of steps to send. */

export class DueQueue<T> {
  readonly #times: number[] = [];
  readonly #items: T[] = [];

  get size(): number {
    return this.#times.length;
  }

  /** The earliest due time, or Infinity when empty. */
  get nextAt(): number {
    return this.#times[0] ?? Number.POSITIVE_INFINITY;
  }

  push(at: number, item: T): void {
    const times = this.#times;
    const items = this.#items;
    let i = times.length;
    times.push(at);
    items.push(item);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const parentAt = times[parent] as number;
      if (parentAt <= at) break;
      times[i] = parentAt;
      items[i] = items[parent] as T;
      i = parent;
    }
    times[i] = at;
    items[i] = item;
  }

  /** Removes and returns the earliest item; undefined when empty. */
  pop(): T | undefined {
    const times = this.#times;
    const items = this.#items;
    if (times.length === 0) return undefined;
    const top = items[0];
    const lastAt = times.pop() as number;
    const lastItem = items.pop() as T;
    const n = times.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= n) break;
        if (child + 1 < n && (times[child + 1] as number) < (times[child] as number)) child++;
        if ((times[child] as number) >= lastAt) break;
        times[i] = times[child] as number;
        items[i] = items[child] as T;
        i = child;
      }
      times[i] = lastAt;
      items[i] = lastItem;
    }
    return top;
  }
}
