/**
 * The one database schema, for PGlite (embedded) and PostgreSQL alike, one file per area under
 * schema/. Every tenant table carries workspace_id, and every query in the stores filters on it. SQL
 * stays within PostgreSQL 15.
 */
export * from './schema/accounts.ts';
export * from './schema/calls.ts';
export * from './schema/costs.ts';
export * from './schema/pool-health.ts';
export * from './schema/sites.ts';
export * from './schema/telephony.ts';
export * from './schema/tracking.ts';
