import { randomUUID } from 'node:crypto';
import { isPublicEventType, type PublicEventEnvelope } from '@app/domain';
import type { EventStore, NewEvent } from '@app/event-store';
import { verifySignatureV3 } from '@app/runtime/webhooks/webhook-signature';
import { WEBHOOK_DISPATCHER } from '@app/runtime/webhooks/webhook-dispatcher';
import { expectHubSpotError } from '../support/test-app';
import type { SdkApp } from '../support/sdk-app';
import { until } from '../support/until';
import { Receiver, type ReceivedRequest } from './receiver';

export const ACCOUNT = 'hooks1';
export type Delivered = PublicEventEnvelope & { subscriptionId: string; portalId: string; attemptNumber: number };

/** Short retries and timeouts, loopback receivers allowed, one signing key for every instance. */
export const WEBHOOK_ENV = {
  WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
  WEBHOOK_RETRY_BASE_MS: '20',
  WEBHOOK_TIMEOUT_MS: '300',
  WEBHOOK_SIGNING_KEY: 'w'.repeat(40),
};

/** Where the suite runs: the log, and app instances started on the backend's stores. */
export interface WebhookBackend {
  /** The event log, to append to and read directly (not closed by the apps). */
  store: EventStore;
  /**
   * A new app instance (projections inline, so it runs a webhook dispatcher) on the backend's event store and
   * read-model store — shared with every other instance it starts, as replicas share them.
   */
  startApp(env: Record<string, string>): Promise<SdkApp>;
}

/** RecordCreated events appended straight to the store, in one append. */
export async function appendContacts(store: EventStore, count: number, accountId = ACCOUNT): Promise<void> {
  const events = Array.from({ length: count }, () => {
    const id = randomUUID();
    const event: NewEvent = {
      id,
      type: 'RecordCreated',
      data: { objectTypeId: '0-1', recordId: id, properties: {}, createdBy: 'bulk', createdAt: '2026-03-01T10:00:00Z' },
      metadata: { accountId, actor: 'bulk', commandId: id, correlationId: id, causationId: id, schemaVersion: 1 },
    };
    return { stream: `record-${accountId}.0-1.${id}`, expected: 'no_stream' as const, events: [event] };
  });
  await store.append(events);
}

export const recordIds = async (store: EventStore, accountId = ACCOUNT) =>
  (await store.readAll({ filter: { accountId } })).filter((e) => e.type === 'RecordCreated').map((e) => e.id);

/** Every request's signature checks with the subscription's secret; the events, in the order they arrived. */
export function delivered(receiver: Receiver, secret: string): Delivered[] {
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
export const firstOfEach = (events: Delivered[]) =>
  events.filter((e, i) => events.findIndex((x) => x.eventId === e.eventId) === i);

/** Polls a synchronous or asynchronous condition (up to 20 s by default). */
export const waitFor = (condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000) =>
  until(async () => condition(), Boolean, { what, timeoutMs });

export async function subscribe(
  sdk: SdkApp,
  targetUrl: string,
  options: { eventTypes?: string[]; accountId?: string } = {},
): Promise<{ id: string; secret: string; status: string }> {
  const token = await sdk.token({ accountId: options.accountId ?? ACCOUNT, roles: ['consumer'] });
  const response = await fetch(`${sdk.basePath}/api/v1/webhooks`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ targetUrl, eventTypes: options.eventTypes ?? ['RecordCreated'] }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; secret: string; status: string };
}

export async function deliveries(sdk: SdkApp, id: string, accountId = ACCOUNT) {
  const token = await sdk.token({ accountId, roles: ['auditor'] });
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
}

/**
 * Webhook delivery end to end (ADR 0009), on whichever stores `backend()` starts apps on: signed batches in log
 * order after retries, a hanging receiver holding up only itself, parking and resuming, a restart resuming from the
 * recorded checkpoint, and — with two instances on the same stores — the lease letting one dispatcher deliver each
 * event exactly once. `backend()` is read when the tests run (it is built in a beforeAll).
 */
export function describeWebhookDelivery(backend: () => WebhookBackend): void {
  const receivers: Receiver[] = [];
  const receiver = async (answer: (index: number) => number | 'hang') => {
    const r = await new Receiver(answer).start();
    receivers.push(r);
    return r;
  };
  afterAll(async () => {
    for (const r of receivers) await r.stop();
  });

  describe('retries, order, signatures, and a receiver that never answers', () => {
    let sdk: SdkApp;

    beforeAll(async () => {
      sdk = await backend().startApp({ ...WEBHOOK_ENV, WEBHOOK_RETRY_PERIOD_MS: '600000' });
    });
    afterAll(() => sdk?.close());

    it('delivers in order after retries, batched by 100, while a hanging receiver holds up only itself', async () => {
      const { store } = backend();
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

      await waitFor(() => firstOfEach(delivered(healthy, c.secret)).length === 250, 'healthy receiver has all');
      await waitFor(() => firstOfEach(delivered(flaky, a.secret)).length === 250, 'flaky receiver has all');
      expect(firstOfEach(delivered(healthy, c.secret)).map((e) => e.eventId)).toEqual(ids);
      expect(firstOfEach(delivered(flaky, a.secret)).map((e) => e.eventId)).toEqual(ids);
      // The first batch was refused three times, then accepted: the same batch, attempt numbers counting up.
      const firstBatches = flaky.requests.slice(0, 4).map((r) => JSON.parse(r.body) as Delivered[]);
      expect(new Set(firstBatches.map((batch) => batch.map((e) => e.eventId).join()))).toHaveProperty('size', 1);
      expect(firstBatches.map((batch) => batch[0]!.attemptNumber)).toEqual([0, 1, 2, 3]);
      expect(
        delivered(flaky, a.secret).every(
          (e) => e.subscriptionId === a.id && e.accountId === ACCOUNT && e.portalId === ACCOUNT,
        ),
      ).toBe(true);

      // The receiver answers before the dispatcher records the batch: wait for the record.
      await waitFor(async () => (await deliveries(sdk, a.id)).eventsDelivered === 250, 'flaky receiver recorded');
      const flakyState = await deliveries(sdk, a.id);
      expect(flakyState).toMatchObject({ status: 'ACTIVE', eventsDelivered: 250, failing: null });
      expect(flakyState.results.filter((r) => r.kind === 'FAILED').map((r) => r.reason)).toEqual([
        'HTTP_500',
        'HTTP_500',
        'HTTP_500',
      ]);
      // The silent receiver is still being retried (its period is long): failing, visible, not parked.
      await waitFor(async () => (await deliveries(sdk, b.id)).failing !== null, 'silent receiver failing');
      const silentState = await deliveries(sdk, b.id);
      expect(silentState.status).toBe('ACTIVE');
      expect(silentState.failing?.lastReason).toMatch(/^TIMEOUT/);
      expect(silentState.eventsDelivered).toBe(0);
    }, 30_000);

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

  describe('parking, resuming, and restarting the worker', () => {
    const account = 'hooks3';

    it('parks a subscription whose receiver never answers, with the reason visible; others carry on', async () => {
      const { store } = backend();
      const sdk = await backend().startApp({ ...WEBHOOK_ENV, WEBHOOK_RETRY_PERIOD_MS: '400' });
      try {
        let answering = false;
        const silent = await receiver(() => (answering ? 200 : 'hang'));
        const healthy = await receiver(() => 200);
        const s = await subscribe(sdk, silent.url, { accountId: account });
        const h = await subscribe(sdk, healthy.url, { accountId: account });
        await appendContacts(store, 30, account);
        await waitFor(async () => (await deliveries(sdk, s.id, account)).status === 'PARKED', 'parked');
        const state = await deliveries(sdk, s.id, account);
        expect(state.parked?.reason).toMatch(/^TIMEOUT/);
        expect(state.parked!.attempts).toBeGreaterThan(1);
        expect(state.results[0]).toMatchObject({ kind: 'PARKED' });
        await waitFor(() => firstOfEach(delivered(healthy, h.secret)).length === 30, 'healthy has all');
        const list = await sdk.app.inject({
          method: 'GET',
          url: '/api/v1/webhooks',
          headers: { authorization: `Bearer ${await sdk.token({ accountId: account, roles: ['consumer'] })}` },
        });
        expect(list.json<{ results: { id: string; status: string }[] }>().results).toContainEqual(
          expect.objectContaining({ id: s.id, status: 'PARKED' }),
        );

        // The receiver is fixed; resuming retries the parked batch first, then the rest, in order.
        answering = true;
        const admin = await sdk.token({ accountId: account, roles: ['super_admin'] });
        const resumed = await sdk.app.inject({
          method: 'POST',
          url: `/api/v1/webhooks/${s.id}/resume`,
          headers: { authorization: `Bearer ${admin}` },
        });
        expect(resumed.statusCode).toBe(200);
        expect(resumed.json()).toMatchObject({ status: 'ACTIVE' });
        const ids = await recordIds(store, account);
        await waitFor(() => firstOfEach(delivered(silent, s.secret)).length === ids.length, 'resumed delivered');
        expect(firstOfEach(delivered(silent, s.secret)).map((e) => e.eventId)).toEqual(ids);
        await waitFor(async () => (await deliveries(sdk, s.id, account)).eventsDelivered === ids.length, 'recorded');
        expect((await deliveries(sdk, s.id, account)).results.map((r) => r.kind).slice(0, 2)).toEqual([
          'DELIVERED',
          'RESUMED',
        ]);
      } finally {
        await sdk.close();
      }
    }, 30_000);

    it('resumes from its checkpoint after a restart: nothing acknowledged comes again, nothing is lost', async () => {
      const { store } = backend();
      const counting = await receiver(() => 200);
      let sdk = await backend().startApp({ ...WEBHOOK_ENV, WEBHOOK_RETRY_PERIOD_MS: '600000' });
      const sub = await subscribe(sdk, counting.url, { accountId: account });
      const before = (await recordIds(store, account)).length;
      await waitFor(() => firstOfEach(delivered(counting, sub.secret)).length === before, 'first run delivered');
      await sdk.close();
      const requestsBefore = counting.requests.length;

      await appendContacts(store, 40, account); // while no worker runs
      sdk = await backend().startApp({ ...WEBHOOK_ENV, WEBHOOK_RETRY_PERIOD_MS: '600000' });
      try {
        const ids = await recordIds(store, account);
        await waitFor(() => firstOfEach(delivered(counting, sub.secret)).length === ids.length, 'second run delivered');
        const second = counting.requests.slice(requestsBefore).flatMap((r) => JSON.parse(r.body) as Delivered[]);
        expect(second.map((e) => e.eventId)).toEqual(ids.slice(before));
        expect(delivered(counting, sub.secret).map((e) => e.eventId)).toEqual(ids);
        expect(
          (await store.readAll({ filter: { accountId: account } })).filter((e) => isPublicEventType(e.type)).length,
        ).toBe(ids.length);
      } finally {
        await sdk.close();
      }
    }, 30_000);
  });

  describe('two instances on the same stores (replicas)', () => {
    const account = 'hooks2';

    /** Which dispatcher recorded each acknowledged batch (`route` names the lease owner), in log order. */
    const recordedBy = async (store: EventStore) =>
      (await store.readAll({ filter: { accountId: account, eventTypes: ['WebhookBatchDelivered'] } })).map((e) =>
        String(e.metadata.route),
      );

    it('delivers each event exactly once — only the lease holder sends — and the other takes over when it stops', async () => {
      const { store } = backend();
      const env = { ...WEBHOOK_ENV, WEBHOOK_RETRY_PERIOD_MS: '600000' };
      const counting = await receiver(() => 200);
      // The first instance starts alone, so it is the one that takes the lease.
      const first = await backend().startApp(env);
      let firstRunning = true;
      let second: SdkApp | undefined;
      try {
        const sub = await subscribe(first, counting.url, { accountId: account });
        const received = () => delivered(counting, sub.secret).map((e) => e.eventId);
        // Acknowledged and recorded (the receiver has a batch a moment before its record is appended).
        const recorded = (app: SdkApp, count: number) => async () =>
          (await deliveries(app, sub.id, account)).eventsDelivered === count;
        await appendContacts(store, 150, account);
        await waitFor(recorded(first, 150), 'first instance delivered');

        second = await backend().startApp(env);
        await appendContacts(store, 120, account);
        await waitFor(recorded(second, 270), 'delivered with both instances running');
        // Not one repeat: with both running, only the holder delivered.
        expect(received()).toEqual(await recordIds(store, account));
        const holder = await recordedBy(store);
        expect(new Set(holder).size).toBe(1);
        expect(holder[0]).toMatch(new RegExp(`^${WEBHOOK_DISPATCHER}:`));

        // The holder stops and releases the lease; the other instance takes over from the recorded checkpoint.
        firstRunning = false;
        await first.close();
        await appendContacts(store, 80, account);
        await waitFor(recorded(second, 350), 'second instance delivered after the first stopped');
        expect(received()).toEqual(await recordIds(store, account));
        const owners = await recordedBy(store);
        expect(new Set(owners).size).toBe(2);
        expect(owners.slice(0, holder.length)).toEqual(holder);
        expect(owners.slice(holder.length).every((owner) => owner !== holder[0])).toBe(true);
      } finally {
        if (firstRunning) await first.close();
        await second?.close();
      }
    }, 30_000);
  });
}
