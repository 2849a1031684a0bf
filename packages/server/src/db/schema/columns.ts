/** Column shapes every table uses the same way. */
import { timestamp } from 'drizzle-orm/pg-core';

/** Instants, always with their time zone, read as Date. */
export const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
