import { randomUUID } from 'node:crypto';
import { isPublicEventType, type PublicEventEnvelope } from '@app/domain';
import { MemoryEventStore, type NewEvent } from '@app/event-store';
import { verifySignatureV3 } from '@app/runtime/webhooks/webhook-signature';
import { expectHubSpotError } from '../support/test-app';
import { startSdkApp, type SdkApp } from '../support/sdk-app';
import { Receiver, type ReceivedRequest } from './receiver';

const ACCOUNT = 'hooks1';
type Delivered = PublicEventEnvelope & { subscriptionId: string; attemptNumber: number };

async function appendContacts(store: MemoryEventStore, count: number): Promise<void> {
  const events = Array.from({ length: count }, () => {
    const id = randomUUID();
    const event: NewEvent = {
      id,
      type: 'RecordCreated',
      data: { objectTypeId: '0-1', recordId: id, properties: {}, createdBy: 'bulk', createdAt: '2026-03-01T10:00:00Z' },
      metadata: {
        accountId: ACCOUNT,
        actor: 'bulk',
        commandId: id,
        correlationId: id,
        causationId: id,
        schemaVersion: 1,
      },
    };
    return { stream: `record-${ACCOUNT}.0-1.${id}`, expected: 'no_stream' as const, events: [event] };
  });
  await store.append(events);
}

const recordIds = async (store: MemoryEventStore) =>
  (await store.readAll({ filter: { accountId: ACCOUNT } })).filter((e) => e.type === 'RecordCreated').map((e) => e.id);

/** Every request's signature checks with the subscription's secret; the events, in the order they arrived. */
function delivered(receiver: Receiver, secret: string): Delivered[] {
  return receiver.requests.flatMap((request: ReceivedRequest) => {
    const ok = verifySignatureV3(secret, {
      method: request.method,
      uri: receiver.url,
      body: request.body,
      timestamp: String(request.headers['x-hubspot-request-timestamp']),
      signature: String(request.headers['x-hubspot-signature-v3']),
    });
    expect(ok).toBe(true);
    const batch = JSON.parse(request.body) as Delivered[];
    expect(batch.length).toBeGreaterThan(0);
    expect(batch.length).toBeLessThanOrEqual(100);
    return batch;
  });
}

/** At least once: a batch may come again; dropping repeats by eventId must leave the log's order. */
const firstOfEach = (events: Delivered[]) =>
  events.filter((e, i) => events.findIndex((x) => x.eventId === e.eventId) === i);

async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 1500; i++) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${what}: not met`);
}

describe('webhooks', () => {
  const env = {
    WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
    WEBHOOK_RETRY_BASE_MS: '20',
    WEBHOOK_TIMEOUT_MS: '300',
    WEBHOOK_SIGNING_KEY: 'w'.repeat(40),
  };
  const receivers: Receiver[] = [];
  const receiver = async (answer: (index: number) => number | 'hang') => {
    const r = await new Receiver(answer).start();
    receivers.push(r);
    return r;
  };
  afterAll(async () => {
    for (const r of receivers) await r.stop();
  });

  const subscribe = async (sdk: SdkApp, targetUrl: string, eventTypes: string[] = ['RecordCreated']) => {
    const token = await sdk.token({ accountId: ACCOUNT, roles: ['consumer'] });
    const response = await fetch(`${sdk.basePath}/api/v1/webhooks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ targetUrl, eventTypes }),
    });
    expect(response.status).toBe(201);
    return (await response.json()) as { id: string; secret: string; status: string };
  };
  const deliveries = async (sdk: SdkApp, id: string) => {
    const token = await sdk.token({ accountId: ACCOUNT, roles: ['auditor'] });
    const response = await fetch(`${sdk.basePath}/api/v1/webhooks/${id}/deliveries`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    return (await response.json()) as {
      status: string;
      eventsDelivered: number;
      failing: { attempts: number; lastReason: string } | null;
      parked: { reason: string; attempts: number } | null;
      results: { kind: string; reason?: string }[];
    };
  };

  describe('retries, order, signatures, and a receiver that never answers', () => {
    let sdk: SdkApp;
    const store = new MemoryEventStore();

    beforeAll(async () => {
      sdk = await startSdkApp({ eventStore: store, env: { ...env, WEBHOOK_RETRY_PERIOD_MS: '600000' } });
    });
    afterAll(() => sdk.close());

    it('delivers in order after retries, batched by 100, while a hanging receiver holds up only itself', async () => {
      const flaky = await receiver((i) => (i < 3 ? 500 : 200));
      const healthy = await receiver(() => 204);
      const silent = await receiver(() => 'hang');
      const a = await subscribe(sdk, flaky.url);
      const b = await subscribe(sdk, silent.url);
      const c = await subscribe(sdk, healthy.url);
      await appendContacts(store, 120);
      await appendContacts(store, 130);
      const ids = await recordIds(store);
      expect(ids).toHaveLength(250);

      await until(() => firstOfEach(delivered(healthy, c.secret)).length === 250, 'healthy receiver has all');
      await until(() => firstOfEach(delivered(flaky, a.secret)).length === 250, 'flaky receiver has all');
      expect(firstOfEach(delivered(healthy, c.secret)).map((e) => e.eventId)).toEqual(ids);
      expect(firstOfEach(delivered(flaky, a.secret)).map((e) => e.eventId)).toEqual(ids);
      // The first batch was refused three times, then accepted: the same batch, attempt numbers counting up.
      const firstBatches = flaky.requests.slice(0, 4).map((r) => JSON.parse(r.body) as Delivered[]);
      expect(new Set(firstBatches.map((batch) => batch.map((e) => e.eventId).join()))).toHaveProperty('size', 1);
      expect(firstBatches.map((batch) => batch[0]!.attemptNumber)).toEqual([0, 1, 2, 3]);
      expect(delivered(flaky, a.secret).every((e) => e.subscriptionId === a.id && e.accountId === ACCOUNT)).toBe(true);

      const flakyState = await deliveries(sdk, a.id);
      expect(flakyState).toMatchObject({ status: 'ACTIVE', eventsDelivered: 250, failing: null });
      expect(flakyState.results.filter((r) => r.kind === 'FAILED').map((r) => r.reason)).toEqual([
        'HTTP_500',
        'HTTP_500',
        'HTTP_500',
      ]);
      // The silent receiver is still being retried (its period is long): failing, visible, not parked.
      await until(async () => (await deliveries(sdk, b.id)).failing !== null, 'silent receiver failing');
      const silentState = await deliveries(sdk, b.id);
      expect(silentState.status).toBe('ACTIVE');
      expect(silentState.failing?.lastReason).toMatch(/^TIMEOUT/);
      expect(silentState.eventsDelivered).toBe(0);
    }, 60_000);

    it('refuses private targets unless configured, bad types, and unknown ids (HubSpot-shaped 4xx)', async () => {
      const token = await sdk.token({ accountId: ACCOUNT, roles: ['consumer'] });
      const post = (body: unknown) =>
        sdk.app.inject({
          method: 'POST',
          url: '/api/v1/webhooks',
          headers: { authorization: `Bearer ${token}` },
          payload: body as Record<string, unknown>,
        });
      expectHubSpotError(
        await post({ targetUrl: 'ftp://x.io/', eventTypes: ['associationChange'] }),
        400,
        'VALIDATION_ERROR',
      );
      expectHubSpotError(
        await post({ targetUrl: 'https://x.io/', eventTypes: ['UniqueValueClaimed'] }),
        400,
        'VALIDATION_ERROR',
      );
      expectHubSpotError(await post({ targetUrl: 'https://x.io/', eventTypes: [] }), 400, 'VALIDATION_ERROR');
      expectHubSpotError(
        await post({ targetUrl: 'https://x.io/', eventTypes: ['associationChange'], objectTypes: ['nope'] }),
        400,
        'VALIDATION_ERROR',
      );
      for (const url of ['/api/v1/webhooks/nope', `/api/v1/webhooks/${randomUUID()}/deliveries`]) {
        expectHubSpotError(
          await sdk.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } }),
          404,
          'OBJECT_NOT_FOUND',
        );
      }
      const user = await sdk.token({ accountId: ACCOUNT, roles: ['user'] });
      expectHubSpotError(
        await sdk.app.inject({ method: 'GET', url: '/api/v1/webhooks', headers: { authorization: `Bearer ${user}` } }),
        403,
        'MISSING_SCOPES',
      );
    });

    it('lists, and deletes (204; then 404)', async () => {
      const token = await sdk.token({ accountId: ACCOUNT, roles: ['super_admin'] });
      const headers = { authorization: `Bearer ${token}` };
      const list = await sdk.app.inject({ method: 'GET', url: '/api/v1/webhooks', headers });
      const ids = list.json<{ results: { id: string }[] }>().results.map((r) => r.id);
      expect(ids).toHaveLength(3);
      expect((await sdk.app.inject({ method: 'DELETE', url: `/api/v1/webhooks/${ids[0]}`, headers })).statusCode).toBe(
        204,
      );
      expectHubSpotError(
        await sdk.app.inject({ method: 'DELETE', url: `/api/v1/webhooks/${ids[0]}`, headers }),
        404,
        'OBJECT_NOT_FOUND',
      );
      const after = await sdk.app.inject({ method: 'GET', url: '/api/v1/webhooks', headers });
      expect(after.json<{ results: unknown[] }>().results).toHaveLength(2);
    });
  });

  describe('without private targets allowed', () => {
    it('refuses loopback and private target URLs', async () => {
      const sdk = await startSdkApp({ env: { WEBHOOK_SIGNING_KEY: 'w'.repeat(40) } });
      try {
        const token = await sdk.token({ accountId: ACCOUNT, roles: ['consumer'] });
        for (const targetUrl of ['http://127.0.0.1:9/x', 'http://localhost/x', 'http://10.0.0.1/x', 'http://[::1]/x']) {
          const response = await sdk.app.inject({
            method: 'POST',
            url: '/api/v1/webhooks',
            headers: { authorization: `Bearer ${token}` },
            payload: { targetUrl, eventTypes: ['associationChange'] },
          });
          expect(expectHubSpotError(response, 400, 'VALIDATION_ERROR').message).toMatch(/loopback or private/);
        }
      } finally {
        await sdk.close();
      }
    });
  });

  describe('parking, resuming, and restarting the worker', () => {
    const store = new MemoryEventStore();

    it('parks a subscription whose receiver never answers, with the reason visible; others carry on', async () => {
      const sdk = await startSdkApp({ eventStore: store, env: { ...env, WEBHOOK_RETRY_PERIOD_MS: '400' } });
      try {
        let answering = false;
        const silent = await receiver(() => (answering ? 200 : 'hang'));
        const healthy = await receiver(() => 200);
        const s = await subscribe(sdk, silent.url);
        const h = await subscribe(sdk, healthy.url);
        await appendContacts(store, 30);
        await until(async () => (await deliveries(sdk, s.id)).status === 'PARKED', 'parked');
        const state = await deliveries(sdk, s.id);
        expect(state.parked?.reason).toMatch(/^TIMEOUT/);
        expect(state.parked!.attempts).toBeGreaterThan(1);
        expect(state.results[0]).toMatchObject({ kind: 'PARKED' });
        await until(() => firstOfEach(delivered(healthy, h.secret)).length === 30, 'healthy has all');
        const list = await sdk.app.inject({
          method: 'GET',
          url: '/api/v1/webhooks',
          headers: { authorization: `Bearer ${await sdk.token({ accountId: ACCOUNT, roles: ['consumer'] })}` },
        });
        expect(list.json<{ results: { id: string; status: string }[] }>().results).toContainEqual(
          expect.objectContaining({ id: s.id, status: 'PARKED' }),
        );

        // The receiver is fixed; resuming retries the parked batch first, then the rest, in order.
        answering = true;
        const admin = await sdk.token({ accountId: ACCOUNT, roles: ['super_admin'] });
        const resumed = await sdk.app.inject({
          method: 'POST',
          url: `/api/v1/webhooks/${s.id}/resume`,
          headers: { authorization: `Bearer ${admin}` },
        });
        expect(resumed.statusCode).toBe(200);
        expect(resumed.json()).toMatchObject({ status: 'ACTIVE' });
        const ids = await recordIds(store);
        await until(() => firstOfEach(delivered(silent, s.secret)).length === ids.length, 'resumed delivered');
        expect(firstOfEach(delivered(silent, s.secret)).map((e) => e.eventId)).toEqual(ids);
        await until(async () => (await deliveries(sdk, s.id)).eventsDelivered === ids.length, 'recorded');
        expect((await deliveries(sdk, s.id)).results.map((r) => r.kind).slice(0, 2)).toEqual(['DELIVERED', 'RESUMED']);
      } finally {
        await sdk.close();
      }
    }, 60_000);

    it('resumes from its checkpoint after a restart: nothing acknowledged comes again, nothing is lost', async () => {
      const counting = await receiver(() => 200);
      let sdk = await startSdkApp({ eventStore: store, env: { ...env, WEBHOOK_RETRY_PERIOD_MS: '600000' } });
      const sub = await subscribe(sdk, counting.url);
      const before = (await recordIds(store)).length;
      await until(() => firstOfEach(delivered(counting, sub.secret)).length === before, 'first run delivered');
      await sdk.close();
      const requestsBefore = counting.requests.length;

      await appendContacts(store, 40); // while no worker runs
      sdk = await startSdkApp({ eventStore: store, env: { ...env, WEBHOOK_RETRY_PERIOD_MS: '600000' } });
      try {
        const ids = await recordIds(store);
        await until(() => firstOfEach(delivered(counting, sub.secret)).length === ids.length, 'second run delivered');
        const second = counting.requests.slice(requestsBefore).flatMap((r) => JSON.parse(r.body) as Delivered[]);
        expect(second.map((e) => e.eventId)).toEqual(ids.slice(before));
        expect(delivered(counting, sub.secret).map((e) => e.eventId)).toEqual(ids);
        expect(
          (await store.readAll({ filter: { accountId: ACCOUNT } })).filter((e) => isPublicEventType(e.type)).length,
        ).toBe(ids.length);
      } finally {
        await sdk.close();
      }
    }, 60_000);
  });
});
