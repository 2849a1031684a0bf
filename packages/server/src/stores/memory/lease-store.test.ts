import { leaseStoreContract } from '@calltrail/core/testing';
import { MemoryLeaseStore } from './lease-store.ts';

leaseStoreContract('memory', () => new MemoryLeaseStore());
