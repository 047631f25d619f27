import Redis from 'ioredis';
import pino from 'pino';
import { Pool } from 'pg';
import { loadAppConfig } from '@app/config';
import type { EventStore } from '@app/event-store';
import { PostgresEventStore } from '@app/event-store/adapters/postgres.event-store';
import { RedisReadModelStore } from '@app/read-models';
import { WEBHOOK_DISPATCHER } from '@app/runtime/webhooks/webhook-dispatcher';
import { startProjector, type Projector } from '../../apps/projector/src/projector';
import { startSdkApp, type SdkApp } from '../api/support/sdk-app';
import { freePort } from '../api/support/spawn';
import { TEST_SECRET } from '../api/support/test-app';
import { until } from '../api/support/until';
import { Receiver } from '../api/webhooks/receiver';
import { deliveries, delivered, subscribe, type Delivered } from '../api/webhooks/webhooks.suite';

const baseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const baseRedisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const ACCOUNT = 'projector_hooks';
const CONTACTS = 150;

/**
 * The projector's configuration reads no schema or key prefix, so the test gives it a database of its own (dropped
 * after) and a Redis logical database of its own (emptied of read-model keys after).
 */
const DATABASE = `webhooks_projector_${process.pid}`;
const databaseUrl = (() => {
  const url = new URL(baseUrl);
  url.pathname = `/${DATABASE}`;
  return url.toString();
})();
const redisUrl = (() => {
  const url = new URL(baseRedisUrl);
  url.pathname = `/${1 + (process.pid % 15)}`;
  return url.toString();
})();

/**
 * Production mode (ADR 0009): the api with PROJECTIONS=off only records subscriptions and commands; the projector
 * process — its own wiring, `startProjector`, from configuration as `main.ts` starts it — delivers the webhooks from
 * the PostgreSQL log, holding its lease in Redis. Neither process has WEBHOOK_SIGNING_KEY: both derive each
 * subscription's secret from the shared JWT secret, so the secret the api hands out must verify the projector's
 * signatures.
 */
describe('apps/projector delivers webhooks (PostgreSQL events, Redis read models)', () => {
  const admin = new Pool({ connectionString: baseUrl, max: 1 });
  let sdk: SdkApp | undefined;
  let projector: Projector | undefined;
  let receiver: Receiver | undefined;
  let log: EventStore | undefined;

  beforeAll(async () => {
    await admin.query(`DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${DATABASE}"`);
  }, 20_000);
  afterAll(async () => {
    await projector?.close();
    await sdk?.close();
    await log?.close();
    await receiver?.stop();
    await admin.query(`DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`);
    await admin.end();
    const redis = new Redis(redisUrl);
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', 'rm:*', 'COUNT', 1000);
      if (keys.length > 0) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
    await redis.quit();
  }, 20_000);

  it('sends the signed batches, in log order, that a subscription made through the api asks for', async () => {
    receiver = await new Receiver(() => 200).start();
    const webhookEnv = {
      WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
      WEBHOOK_RETRY_BASE_MS: '20',
      WEBHOOK_TIMEOUT_MS: '1000',
    };
    // The api: the same database (default schema) and Redis, projections and webhook delivery off.
    sdk = await startSdkApp({
      eventStore: await PostgresEventStore.create({ connectionString: databaseUrl }),
      readModels: { store: new RedisReadModelStore(redisUrl) },
      env: { PROJECTIONS: 'off', ...webhookEnv },
    });
    projector = await startProjector(
      loadAppConfig({
        EVENT_STORE: 'postgres',
        DATABASE_URL: databaseUrl,
        READ_MODELS: 'redis',
        REDIS_URL: redisUrl,
        JWT_SECRET: TEST_SECRET,
        PROJECTOR_PORT: String(await freePort()),
        LOG_LEVEL: 'silent',
        ...webhookEnv,
      }),
      { logger: pino({ level: 'silent' }) },
    );

    const subscription = await subscribe(sdk, receiver.url, { accountId: ACCOUNT });
    const client = await sdk.client({ accountId: ACCOUNT, roles: ['user'] });
    const emails = Array.from({ length: CONTACTS }, (_, i) => `contact-${i}@example.com`);
    for (let start = 0; start < CONTACTS; start += 100) {
      await client.crm.contacts.batchApi.create({
        inputs: emails.slice(start, start + 100).map((email) => ({ properties: { email }, associations: [] })),
      });
    }

    await until(
      async () => (await deliveries(sdk!, subscription.id, ACCOUNT)).eventsDelivered,
      (count) => count === CONTACTS,
      { what: 'the projector recorded every batch', timeoutMs: 20_000 },
    );
    // Signed with the secret the api returned, at most 100 per batch, each event once, in the log's order.
    const received: Delivered[] = delivered(receiver, subscription.secret);
    log = await PostgresEventStore.create({ connectionString: databaseUrl });
    const created = (await log.readAll({ filter: { accountId: ACCOUNT, eventTypes: ['RecordCreated'] } })).map(
      (e) => e.id,
    );
    expect(created).toHaveLength(CONTACTS);
    expect(received.map((e) => e.eventId)).toEqual(created);
    expect(receiver.requests.length).toBeGreaterThanOrEqual(2);
    expect(received.every((e) => e.subscriptionId === subscription.id && e.portalId === ACCOUNT)).toBe(true);
    expect(received.every((e) => e.type === 'RecordCreated' && e.attemptNumber === 0)).toBe(true);
    // Personal data is sealed in the log; the projector's store opens it, so the receiver reads plain values.
    expect(
      received.map((e) => (e.data as { properties: Record<string, string | null> }).properties.email).sort(),
    ).toEqual([...emails].sort());

    // It was the projector's dispatcher (the api runs none with PROJECTIONS=off) that recorded the batches.
    const recordedBy = (
      await log.readAll({ filter: { accountId: ACCOUNT, eventTypes: ['WebhookBatchDelivered'] } })
    ).map((e) => String(e.metadata.route));
    expect(recordedBy.length).toBe(receiver.requests.length);
    expect(new Set(recordedBy).size).toBe(1);
    expect(recordedBy[0]).toMatch(new RegExp(`^${WEBHOOK_DISPATCHER}:`));

    // Stopping the projector releases the dispatcher's lease, so a replica takes over at once.
    await projector.close();
    projector = undefined;
    const leases = new RedisReadModelStore(redisUrl);
    try {
      expect(await leases.acquireLease(WEBHOOK_DISPATCHER, 'next-owner', 10_000)).toBe(true);
      await leases.releaseLease(WEBHOOK_DISPATCHER, 'next-owner');
    } finally {
      await leases.close();
    }
  }, 30_000);
});
