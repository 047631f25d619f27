import { randomUUID } from 'node:crypto';
import { describeEventStoreConformance } from '../../testing';
import { DEFAULT_MAX_EVENT_BYTES } from '../append-validation';
import { KurrentDbEventStore } from './kurrentdb.event-store';

/*
 * The conformance suite against a real KurrentDB. jest.config.js leaves this file out unless KURRENTDB_URL is set,
 * e.g. KURRENTDB_URL='kurrentdb://127.0.0.1:2113?tls=false'.
 *
 * Server requirements: KurrentDB ≥ 26.1 (the suite appends with read-only checks, which need `appendRecords`), and a
 * maximum append size above the suite's 1 MiB event plus its idempotency claim, e.g. KURRENTDB_MAX_APPEND_SIZE=8388608
 * (the default of 1 MiB is too small).
 *
 * The suite uses fixed stream names (accounts 'acc1'/'acc2') and expects an empty store per test, so every store gets
 * its own namespace: the adapter prefixes every stream it writes and only reads its own. The server does not need to
 * be empty, and test data is left behind (scavenge or throw the server away).
 */
const url = process.env.KURRENTDB_URL ?? '';

describeEventStoreConformance('kurrentdb', {
  create: async () =>
    new KurrentDbEventStore({
      connectionString: url,
      namespace: `it${randomUUID().replace(/-/g, '').slice(0, 12)}_`,
      maxEventBytes: DEFAULT_MAX_EVENT_BYTES,
    }),
  maxEventBytes: DEFAULT_MAX_EVENT_BYTES,
});
