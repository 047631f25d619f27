import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { Pool } from 'pg';
import { PostgresEventStore } from '@app/event-store/adapters/postgres.event-store';
import { RedisReadModelStore } from '@app/read-models';
import { startSdkApp } from '../support/sdk-app';
import { describeWebhookDelivery, type WebhookBackend } from './webhooks.suite';

const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SCHEMA = `webhooks_pg_${process.pid}`;
const PREFIX = `webhooks-test-${randomUUID()}:`;

/**
 * Webhook delivery on the production stores: the log in PostgreSQL (own schema), the read models — and so the
 * dispatcher's lease — in Redis (own key prefix). Every app instance opens its own connections to both, as a replica
 * would; the suite's two-instance case is two dispatchers competing for one lease.
 */
describe('webhooks on PostgreSQL events and Redis read models', () => {
  const admin = new Pool({ connectionString: url, max: 1 });
  const redis = new Redis(redisUrl);
  let backend: WebhookBackend;

  beforeAll(async () => {
    await admin.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
    const store = await PostgresEventStore.create({ connectionString: url, schema: SCHEMA, pollIntervalMs: 50 });
    backend = {
      store,
      startApp: async (env) =>
        startSdkApp({
          eventStore: await PostgresEventStore.create({ connectionString: url, schema: SCHEMA, pollIntervalMs: 50 }),
          readModels: { store: new RedisReadModelStore(redisUrl, { prefix: PREFIX }) },
          env,
        }),
    };
  }, 30_000);
  afterAll(async () => {
    await backend?.store.close();
    await admin.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
    await admin.end();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${PREFIX}*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
    await redis.quit();
  });

  describeWebhookDelivery(() => backend);
});
