/** Contract suites that every adapter of a core port runs; imported only by tests. */
export * from './lease-store-contract.ts';
