/** Every Calltrail wire format, defined once for validation, OpenAPI and types. */
export * from './calls.ts';
export * from './common.ts';
export * from './costs.ts';
export * from './customers.ts';
export * from './journey.ts';
export * from './missed.ts';
export * from './number-import.ts';
export * from './pool-health.ts';
export * from './reports.ts';
export * from './snippet.ts';
export * from './telephony.ts';
export * from './workspace.ts';
