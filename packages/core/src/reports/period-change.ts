/** How a figure moved from the comparison period to the current one. */

export interface Change {
  /** current − previous; null when either is unknown. */
  absolute: number | null;
  /** (current − previous) / |previous|; null when either is unknown or previous is zero. */
  relative: number | null;
}

export function periodChange(current: number | null, previous: number | null): Change {
  if (current === null || previous === null) return { absolute: null, relative: null };
  const absolute = current - previous;
  return { absolute, relative: previous === 0 ? null : absolute / Math.abs(previous) };
}

/** The change of every numeric field the two records share (nulls included). */
export function periodChanges<K extends string>(
  current: Record<K, number | null>,
  previous: Record<K, number | null>,
): Record<K, Change> {
  const out = {} as Record<K, Change>;
  for (const key of Object.keys(current) as K[]) out[key] = periodChange(current[key], previous[key]);
  return out;
}
