/** Contract suites that every adapter of a core port runs; imported only by tests. */

export * from './lease-request.ts';
export * from './lease-store-contract.ts';
export * from './recording-store-contract.ts';
