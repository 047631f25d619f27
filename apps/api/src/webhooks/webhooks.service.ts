import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@app/config';
import {
  fold,
  webhookDecider,
  webhookStream,
  type WebhookCommand,
  type WebhookEvent,
  type WebhookState,
} from '@app/domain';
import { EVENT_STORE, deterministicEventId, type EventStore, type RecordedEvent } from '@app/event-store';
import { READ_MODEL_STORE, type ReadModelStore } from '@app/read-models';
import { WebhookDispatcher } from '@app/runtime/webhooks/webhook-dispatcher';
import { checkWebhookTarget } from '@app/runtime/webhooks/webhook-target';
import { webhookSecret } from '@app/runtime/webhooks/webhook-signature';
import { PinoLogger } from 'nestjs-pino';
import type { CommandContext } from '../commands/command-context';
import { AppException } from '../errors/app.exception';
import { toPublicEnvelope } from '@app/runtime/events/event-contract';
import { encodeCursor } from '@app/runtime/events/event-cursor';
import { CatalogueReader } from '../schema/catalogue.reader';
import { WEBHOOK_SIGNING_KEY } from './webhook-signing-key';
import type { CreateWebhookRequestDto } from './webhooks.request.dto';

const OBJECT_TYPE_ID = /^\d+-\d+$/;
const HISTORY = 100;

export interface WebhookView {
  id: string;
  targetUrl: string;
  eventTypes: string[];
  objectTypeIds: string[];
  status: 'ACTIVE' | 'PARKED' | 'DELETED';
  createdAt: string;
  createdBy: string;
}

/**
 * Webhook subscriptions (issue 7 item 3): commands on each subscription's stream, reads folded from it, and — in the
 * process that runs the projections — the delivery worker (`WebhookDispatcher`).
 */
@Injectable()
export class WebhooksService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Webhooks');
  private dispatcher?: WebhookDispatcher;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(WEBHOOK_SIGNING_KEY) private readonly signingKey: Uint8Array | undefined,
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
    private readonly config: AppConfig,
    private readonly catalogues: CatalogueReader,
    private readonly pino: PinoLogger,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.PROJECTIONS !== 'inline') return;
    if (this.signingKey === undefined) {
      this.logger.warn('Webhooks are off: set WEBHOOK_SIGNING_KEY (no HS256 token secret to derive secrets from)');
      return;
    }
    this.dispatcher = new WebhookDispatcher(this.store, {
      logger: this.pino.logger.child({ component: 'webhooks' }),
      signingKey: this.signingKey,
      toEnvelope: (event) => toPublicEnvelope(event),
      timeoutMs: this.config.WEBHOOK_TIMEOUT_MS,
      retryBaseMs: this.config.WEBHOOK_RETRY_BASE_MS,
      retryPeriodMs: this.config.WEBHOOK_RETRY_PERIOD_MS,
      allowPrivateTargets: this.config.WEBHOOK_ALLOW_PRIVATE_TARGETS === 'true',
      lease: { store: this.readModels },
    });
    this.dispatcher.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.dispatcher?.stop();
  }

  async create(context: CommandContext, body: CreateWebhookRequestDto): Promise<WebhookView & { secret: string }> {
    const key = this.requireKey();
    const target = await checkWebhookTarget(body.targetUrl, {
      allowPrivate: this.config.WEBHOOK_ALLOW_PRIVATE_TARGETS === 'true',
    });
    if (!target.ok) {
      throw new AppException('VALIDATION_FAILED', `Invalid input: ${target.reason}`, {
        fields: { targetUrl: [target.reason] },
      });
    }
    const objectTypeIds = await this.objectTypeIds(context.accountId, body.objectTypes ?? []);
    // From the command id: a retry with the same Idempotency-Key finds the subscription it created.
    const subscriptionId = deterministicEventId(context.commandId, 'webhook');
    const state = await this.execute(context, {
      type: 'CreateWebhook',
      data: { subscriptionId, targetUrl: body.targetUrl, eventTypes: [...new Set(body.eventTypes)], objectTypeIds },
    });
    return { ...view(subscriptionId, state), secret: webhookSecret(key, context.accountId, subscriptionId) };
  }

  async list(accountId: string): Promise<WebhookView[]> {
    const created = await this.store.readAll({
      filter: { accountId, categories: ['webhook'], eventTypes: ['WebhookSubscribed'] },
    });
    const views: WebhookView[] = [];
    for (const event of created) {
      const id = (event.data as { subscriptionId: string }).subscriptionId;
      const { state } = await this.load(accountId, id);
      if (state.status !== 'Deleted') views.push(view(id, state));
    }
    return views;
  }

  async get(accountId: string, id: string): Promise<WebhookView & { secret: string }> {
    const { state } = await this.loadLive(accountId, id);
    return { ...view(id, state), secret: webhookSecret(this.requireKey(), accountId, id) };
  }

  async delete(context: CommandContext, id: string): Promise<void> {
    await this.loadLive(context.accountId, id);
    await this.execute(context, { type: 'DeleteWebhook', data: { subscriptionId: id } });
  }

  async resume(context: CommandContext, id: string): Promise<WebhookView> {
    await this.loadLive(context.accountId, id);
    return view(id, await this.execute(context, { type: 'ResumeWebhook', data: { subscriptionId: id } }));
  }

  /** The delivery state and the latest deliveries, failures and parkings, newest first. */
  async deliveries(accountId: string, id: string) {
    const { state } = await this.loadLive(accountId, id, true);
    const recent = await this.store.readStream(webhookStream(accountId, id), {
      direction: 'backwards',
      maxCount: HISTORY,
    });
    const live = state as Exclude<WebhookState, { status: 'NotCreated' }>;
    return {
      subscriptionId: id,
      status: view(id, state).status,
      deliveredThrough: { position: live.deliveredThrough, cursor: encodeCursor(BigInt(live.deliveredThrough)) },
      eventsDelivered: live.delivered,
      failing: live.failing ?? null,
      parked: state.status === 'Parked' ? state.parked : null,
      results: recent.filter((e) => e.type !== 'WebhookSubscribed').map(deliveryEntry),
    };
  }

  private async execute(context: CommandContext, command: Omit<WebhookCommand, 'metadata'>): Promise<WebhookState> {
    const id = (command.data as { subscriptionId: string }).subscriptionId;
    const { state, revision } = await this.load(context.accountId, id);
    const { route, principal, idempotencyKey, ...metadata } = context;
    void principal;
    void idempotencyKey;
    const events = webhookDecider.decide({ ...command, metadata } as WebhookCommand, state);
    if (events.length === 0) return state;
    await this.store.append([
      {
        stream: webhookStream(context.accountId, id),
        expected: revision ?? 'no_stream',
        events: events.map((event, index) => ({
          id: deterministicEventId(context.commandId, id, index),
          type: event.type,
          data: event.data,
          metadata: {
            accountId: context.accountId,
            actor: context.actor,
            commandId: context.commandId,
            correlationId: context.correlationId,
            causationId: context.causationId,
            schemaVersion: 1,
            route,
          },
        })),
      },
    ]);
    return events.reduce(webhookDecider.evolve, state);
  }

  private async load(accountId: string, id: string): Promise<{ state: WebhookState; revision?: bigint }> {
    const events = await this.store.readStream(webhookStream(accountId, id));
    return { state: fold(webhookDecider, events as unknown as WebhookEvent[]), revision: events.at(-1)?.revision };
  }

  private async loadLive(accountId: string, id: string, deletedToo = false) {
    const loaded = /^[0-9a-f-]{36}$/.test(id)
      ? await this.load(accountId, id)
      : { state: webhookDecider.initialState() };
    if (loaded.state.status === 'NotCreated' || (!deletedToo && loaded.state.status === 'Deleted')) {
      throw new AppException('NOT_FOUND', `Webhook subscription ${id} does not exist`, { subscriptionId: [id] });
    }
    return loaded;
  }

  private async objectTypeIds(accountId: string, names: readonly string[]): Promise<string[]> {
    const ids: string[] = [];
    for (const name of names) {
      const id = OBJECT_TYPE_ID.test(name)
        ? name
        : this.catalogues.resolveObjectType(await this.catalogues.read(accountId), name);
      if (!ids.includes(id)) ids.push(id);
    }
    return ids;
  }

  private requireKey(): Uint8Array {
    if (this.signingKey === undefined) {
      throw new AppException(
        'VALIDATION_FAILED',
        'Webhooks need WEBHOOK_SIGNING_KEY on this deployment (JWKS_URL only)',
      );
    }
    return this.signingKey;
  }
}

function view(id: string, state: WebhookState): WebhookView {
  if (state.status === 'NotCreated') throw new Error(`webhook ${id} has no state`);
  return {
    id,
    targetUrl: state.spec.targetUrl,
    eventTypes: state.spec.eventTypes,
    objectTypeIds: state.spec.objectTypeIds,
    status: state.status === 'Active' ? 'ACTIVE' : state.status === 'Parked' ? 'PARKED' : 'DELETED',
    createdAt: state.createdAt,
    createdBy: state.createdBy,
  };
}

function deliveryEntry(event: RecordedEvent) {
  const { subscriptionId, ...data } = event.data as Record<string, unknown>;
  void subscriptionId;
  const kind: Record<string, string> = {
    WebhookBatchDelivered: 'DELIVERED',
    WebhookDeliveryFailed: 'FAILED',
    WebhookParked: 'PARKED',
    WebhookResumed: 'RESUMED',
    WebhookUnsubscribed: 'DELETED',
  };
  return { kind: kind[event.type] ?? event.type, recordedAt: event.recordedAt, ...data };
}
