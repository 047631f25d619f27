import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import {
  fold,
  isPublicEventType,
  webhookDecider,
  webhookEventTypes,
  webhookStream,
  eventObjectTypeIds,
  type PublicEventEnvelope,
  type WebhookCommand,
  type WebhookEvent,
  type WebhookState,
} from '@app/domain';
import {
  WrongExpectedVersionError,
  deterministicEventId,
  type EventStore,
  type RecordedEvent,
  type Subscription,
} from '@app/event-store';
import type { ReadModelStore } from '@app/read-models';
import { checkWebhookTarget } from './webhook-target';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, signatureV3, webhookSecret } from './webhook-signature';

export const WEBHOOK_DISPATCHER = 'webhook-dispatcher';
export const WEBHOOK_MAX_BATCH = 100;
const MAX_BACKOFF_MS = 3_600_000;

export interface WebhookDispatcherOptions {
  logger: Logger;
  signingKey: Uint8Array;
  /** Turns a stored public event into its envelope (the api's contract: upcasting, cursor). */
  toEnvelope: (event: RecordedEvent) => PublicEventEnvelope;
  timeoutMs: number;
  retryBaseMs: number;
  retryPeriodMs: number;
  allowPrivateTargets: boolean;
  /** Replaceable in tests. */
  now?: () => number;
  /**
   * Where the dispatcher's lease lives (the read-model store): with several processes able to deliver (projector
   * replicas), only the lease holder does. Without it, every dispatcher delivers.
   */
  lease?: {
    store: Pick<ReadModelStore, 'acquireLease' | 'renewLease' | 'releaseLease'>;
    ttlMs?: number;
  };
}

type Live = Extract<WebhookState, { status: 'Active' | 'Parked' }>;
interface Worker {
  accountId: string;
  subscriptionId: string;
  state: WebhookState;
  revision?: bigint;
  loop?: Promise<void>;
  subscription?: Subscription;
  wake?: () => void;
  stopped: boolean;
}

/**
 * Delivers each webhook subscription's events (ADR 0009). It follows the `webhook-` streams of every account to
 * know the subscriptions; per active subscription, one loop reads the account's events after the last acknowledged
 * position (a checkpointed `subscribeToAll`, catch-up then live), posts the matching public ones in batches of at most
 * 100, in log order, signed like HubSpot's v3 requests, and records the outcome on the subscription's stream at its
 * expected revision: delivered (the checkpoint moves), failed (retried with exponential backoff) or, once the retry
 * period since the first failure has passed, parked (the loop stops until someone resumes it). A restarted
 * dispatcher folds those streams and resumes each loop where it was, retries included. Loops are independent: a
 * receiver that never answers holds up only its own subscription. At least once: a crash after the receiver's answer
 * and before the record repeats that batch (same event ids, same `eventId`s in the body).
 */
export class WebhookDispatcher {
  private readonly owner = `${WEBHOOK_DISPATCHER}:${randomUUID()}`;
  private readonly workers = new Map<string, Worker>();
  private registry?: Subscription;
  private loop?: Promise<void>;
  private stopped = false;
  private ready = false;
  /** With a lease: whether this dispatcher holds it (without one, always true while running). */
  private holding = true;
  private readonly now: () => number;

  constructor(
    private readonly store: EventStore,
    private readonly options: WebhookDispatcherOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  start(): void {
    this.loop ??= this.options.lease ? this.runUnderLease(this.options.lease) : this.followSubscriptions();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.standDown();
    await this.loop;
  }

  /** Delivers only while holding the lease; a lost lease stops every loop until it is held again. */
  private async runUnderLease(lease: NonNullable<WebhookDispatcherOptions['lease']>): Promise<void> {
    const ttl = lease.ttlMs ?? 15_000;
    while (!this.stopped) {
      if (!(await lease.store.acquireLease(WEBHOOK_DISPATCHER, this.owner, ttl).catch(() => false))) {
        await sleep(ttl / 3);
        continue;
      }
      this.holding = true;
      const renewal = setInterval(() => {
        void lease.store
          .renewLease(WEBHOOK_DISPATCHER, this.owner, ttl)
          .catch(() => false)
          .then((held) => {
            if (!held && this.holding) void this.standDown();
          });
      }, ttl / 3);
      try {
        await this.followSubscriptions();
      } finally {
        clearInterval(renewal);
        await this.standDown();
      }
    }
    await lease.store.releaseLease(WEBHOOK_DISPATCHER, this.owner).catch(() => undefined);
  }

  /** Stops following and every delivery loop; state is folded afresh when delivery starts again. */
  private async standDown(): Promise<void> {
    this.holding = false;
    await this.registry?.close();
    for (const worker of this.workers.values()) this.halt(worker);
    await Promise.all([...this.workers.values()].map((w) => w.loop));
    this.workers.clear();
    this.ready = false;
  }

  /** The subscriptions' own streams, from the start: their state after a restart, then every change as it comes. */
  private async followSubscriptions(): Promise<void> {
    while (!this.stopped && this.holding) {
      try {
        this.registry = this.store.subscribeToAll({ filter: { categories: ['webhook'] } });
        // Loops start once every subscription's history is folded, so none starts from a stale checkpoint.
        void this.registry.caughtUp.then(() => {
          this.ready = true;
          for (const worker of this.workers.values()) this.startLoop(worker);
        });
        for await (const event of this.registry) {
          if (this.stopped || !this.holding) break;
          this.observe(event);
        }
      } catch (error) {
        this.options.logger.error({ err: error }, 'webhooks: reading subscriptions failed; retrying');
        await sleep(1000);
      }
    }
  }

  private observe(event: RecordedEvent): void {
    const key = event.streamName;
    let worker = this.workers.get(key);
    if (worker === undefined) {
      const data = event.data as { subscriptionId?: string };
      worker = {
        accountId: event.metadata.accountId,
        subscriptionId: String(data.subscriptionId),
        state: webhookDecider.initialState(),
        stopped: false,
      };
      this.workers.set(key, worker);
    }
    if (worker.revision !== undefined && event.revision <= worker.revision) return; // our own append, already folded
    worker.state = webhookDecider.evolve(worker.state, event as unknown as WebhookEvent);
    worker.revision = event.revision;
    if (worker.state.status === 'Active') this.startLoop(worker);
    else this.halt(worker);
  }

  private startLoop(worker: Worker): void {
    if (!this.ready || this.stopped || !this.holding || worker.state.status !== 'Active' || worker.loop !== undefined) {
      return;
    }
    worker.stopped = false;
    worker.loop = this.deliver(worker).finally(() => (worker.loop = undefined));
  }

  private halt(worker: Worker): void {
    worker.stopped = true;
    worker.wake?.();
    void worker.subscription?.close();
  }

  /** One subscription's delivery loop, from its checkpoint; after a failure it starts again from the checkpoint. */
  private async deliver(worker: Worker): Promise<void> {
    while (!worker.stopped && !this.stopped && worker.state.status === 'Active') {
      try {
        await this.deliverFromCheckpoint(worker);
        return;
      } catch (error) {
        if (worker.stopped || this.stopped) return;
        this.options.logger.error({ err: error, subscriptionId: worker.subscriptionId }, 'webhooks: delivery failed');
        await this.pause(worker, 1000);
      } finally {
        await worker.subscription?.close();
      }
    }
  }

  private async deliverFromCheckpoint(worker: Worker): Promise<void> {
    const state = worker.state as Live;
    const types = webhookEventTypes(state.spec.eventTypes);
    const objectTypes = new Set(state.spec.objectTypeIds);
    const matches = (event: RecordedEvent) =>
      isPublicEventType(event.type) &&
      types.has(event.type) &&
      (objectTypes.size === 0 || eventObjectTypeIds(event.data).some((id) => objectTypes.has(id)));
    worker.subscription = this.store.subscribeToAll({
      after: BigInt(state.deliveredThrough),
      filter: { accountId: worker.accountId },
      batchSize: 500,
    });
    const pages = worker.subscription.pages?.() ?? singleEvents(worker.subscription);
    for await (const page of pages) {
      const matched = page.filter(matches);
      for (let start = 0; start < matched.length; start += WEBHOOK_MAX_BATCH) {
        if (worker.stopped || this.stopped) return;
        if (!(await this.deliverBatch(worker, matched.slice(start, start + WEBHOOK_MAX_BATCH)))) return;
      }
      if (worker.stopped || this.stopped) return;
    }
  }

  /** Posts one batch until it is acknowledged (true) or the subscription is parked or stopped (false). */
  private async deliverBatch(worker: Worker, batch: RecordedEvent[]): Promise<boolean> {
    const range = {
      fromPosition: batch[0]!.position.toString(),
      throughPosition: batch[batch.length - 1]!.position.toString(),
      count: batch.length,
    };
    for (;;) {
      if (worker.stopped || this.stopped) return false;
      const live = worker.state as Live;
      const waitUntil = live.failing ? Date.parse(live.failing.nextAttemptAt) : 0;
      if (waitUntil > this.now()) {
        await this.pause(worker, waitUntil - this.now());
        continue;
      }
      const attempt = (live.failing?.attempts ?? 0) + 1;
      const outcome = await this.post(worker, live, batch, attempt);
      // An acknowledged batch is recorded even while stopping, so a restart does not send it again.
      if (!outcome.ok && (worker.stopped || this.stopped)) return false;
      if (outcome.ok) {
        await this.record(worker, {
          type: 'RecordWebhookDelivery',
          data: { ...range, attempts: attempt, statusCode: outcome.status },
        });
        return true;
      }
      const firstFailedAt = live.failing ? Date.parse(live.failing.firstFailedAt) : this.now();
      if (this.now() - firstFailedAt >= this.options.retryPeriodMs) {
        await this.record(worker, {
          type: 'ParkWebhook',
          data: { ...range, reason: outcome.reason, statusCode: outcome.status },
        });
        this.options.logger.warn({ subscriptionId: worker.subscriptionId, reason: outcome.reason }, 'webhooks: parked');
        return false;
      }
      const backoff = Math.min(this.options.retryBaseMs * 2 ** (attempt - 1), MAX_BACKOFF_MS);
      const nextAttemptAt = new Date(this.now() + backoff).toISOString();
      await this.record(worker, {
        type: 'RecordWebhookFailure',
        data: { ...range, reason: outcome.reason, statusCode: outcome.status, nextAttemptAt },
      });
    }
  }

  private async post(
    worker: Worker,
    live: Live,
    batch: RecordedEvent[],
    attempt: number,
  ): Promise<{ ok: true; status: number } | { ok: false; status: number | null; reason: string }> {
    const target = await checkWebhookTarget(live.spec.targetUrl, { allowPrivate: this.options.allowPrivateTargets });
    if (!target.ok) return { ok: false, status: null, reason: `TARGET_NOT_ALLOWED: ${target.reason}` };
    const body = JSON.stringify(
      batch.map((event) => ({
        ...this.options.toEnvelope(event),
        subscriptionId: worker.subscriptionId,
        portalId: worker.accountId,
        attemptNumber: attempt - 1,
      })),
    );
    const timestamp = String(this.now());
    const secret = webhookSecret(this.options.signingKey, worker.accountId, worker.subscriptionId);
    // Not aborted when the dispatcher stops: an attempt in flight ends (within the timeout) and is recorded.
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), this.options.timeoutMs);
    try {
      const response = await fetch(live.spec.targetUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [SIGNATURE_HEADER]: signatureV3(secret, 'POST', live.spec.targetUrl, body, timestamp),
          [TIMESTAMP_HEADER]: timestamp,
        },
        body,
        signal: abort.signal,
        redirect: 'manual',
      });
      await response.arrayBuffer().catch(() => undefined);
      if (response.status >= 200 && response.status < 300) return { ok: true, status: response.status };
      return { ok: false, status: response.status, reason: `HTTP_${response.status}` };
    } catch (error) {
      const reason = abort.signal.aborted
        ? `TIMEOUT: no answer within ${this.options.timeoutMs} ms`
        : `NETWORK: ${(error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message}`;
      return { ok: false, status: null, reason };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Decides on the subscription's state and appends at its revision; a conflict re-reads the stream and retries. */
  private async record(worker: Worker, command: Omit<WebhookCommand, 'metadata'>): Promise<void> {
    const stream = webhookStream(worker.accountId, worker.subscriptionId);
    for (let attempt = 1; ; attempt++) {
      const now = new Date(this.now()).toISOString();
      const commandId = deterministicEventId(stream, command.type, JSON.stringify(command.data), now);
      const metadata = {
        accountId: worker.accountId,
        actor: WEBHOOK_DISPATCHER,
        commandId,
        correlationId: commandId,
        causationId: commandId,
        now,
      };
      const events = webhookDecider.decide({ ...command, metadata } as WebhookCommand, worker.state);
      if (events.length === 0) return;
      const before = worker.revision;
      try {
        await this.store.append([
          {
            stream,
            expected: before ?? 'no_stream',
            events: events.map((event, index) => ({
              id: deterministicEventId(commandId, index),
              type: event.type,
              data: event.data,
              metadata: { ...metadata, schemaVersion: 1, route: this.owner },
            })),
          },
        ]);
        // Unless the registry's subscription has folded our append already.
        if (worker.revision === before) {
          worker.state = events.reduce(webhookDecider.evolve, worker.state);
          worker.revision = (before ?? -1n) + BigInt(events.length);
        }
        return;
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError) || attempt >= 5) throw error;
        const recorded = await this.store.readStream(stream);
        worker.state = fold(webhookDecider, recorded as unknown as WebhookEvent[]);
        worker.revision = recorded.at(-1)?.revision;
        if (worker.state.status !== 'Active') {
          worker.stopped = true;
          return;
        }
      }
    }
  }

  private pause(worker: Worker, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, Math.max(0, ms));
      function done() {
        clearTimeout(timer);
        resolve();
      }
      worker.wake = done;
    });
  }
}

async function* singleEvents(subscription: Subscription): AsyncGenerator<readonly RecordedEvent[]> {
  for await (const event of subscription) yield [event];
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
