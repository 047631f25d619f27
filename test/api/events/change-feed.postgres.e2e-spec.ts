import { Pool } from 'pg';
import { PostgresEventStore } from '@app/event-store/adapters/postgres.event-store';
import { startSdkApp, type SdkApp } from '../support/sdk-app';
import { ACCOUNT, OTHER, appendRecords, itReceivesEveryEventOnceAcrossDisconnects } from './change-feed.suite';

const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SCHEMA = `feed_pg_${process.pid}`;

/** The change feed on the PostgreSQL event store: positions with gaps, a snapshot-bounded head, LISTEN/NOTIFY. */
describe('change feed on PostgreSQL: reconnecting at random points under concurrent writes', () => {
  let sdk: SdkApp;
  let store: PostgresEventStore;
  let consumer: string;
  const admin = new Pool({ connectionString: url, max: 1 });

  beforeAll(async () => {
    await admin.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
    store = await PostgresEventStore.create({ connectionString: url, schema: SCHEMA, pollIntervalMs: 50 });
    sdk = await startSdkApp({ eventStore: store, env: { FEED_HEARTBEAT_MS: '200' } });
    consumer = await sdk.token({ accountId: ACCOUNT, roles: ['consumer'] });
    await appendRecords(store, ACCOUNT, 300);
    await appendRecords(store, OTHER, 50);
  }, 60_000);
  afterAll(async () => {
    await sdk?.close();
    await admin.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
    await admin.end();
  });

  itReceivesEveryEventOnceAcrossDisconnects(() => ({ sdk, store, consumer }));
});
