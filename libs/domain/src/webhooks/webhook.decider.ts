import { assertNever, type Command, type Decider, type DomainEvent } from '../shared/decider';
import { DomainError } from '../shared/domain.error';

/*
 * A webhook subscription and its delivery state, event-sourced on one stream per subscription (ADR 0009): what the
 * account asked for, and how far the delivery worker got — so a worker that restarts resumes from the last batch the
 * receiver acknowledged, with the retry count and the first failure's time of a batch still failing. Internal events:
 * they are never part of the public feed.
 */

export function webhookStream(accountId: string, subscriptionId: string): string {
  return `webhook-${accountId}.${subscriptionId}`;
}

export interface WebhookSpec {
  subscriptionId: string;
  targetUrl: string;
  /** Subscription types as given: public event types and HubSpot's `associationChange`, `associationLabelChange`. */
  eventTypes: string[];
  /** Object type ids; empty: all. */
  objectTypeIds: string[];
}
interface Batch {
  /** Positions (decimal) of the batch's first and last event. */
  fromPosition: string;
  throughPosition: string;
  count: number;
}

export type CreateWebhook = Command<'CreateWebhook', WebhookSpec>;
export type DeleteWebhook = Command<'DeleteWebhook', { subscriptionId: string }>;
export type RecordWebhookDelivery = Command<'RecordWebhookDelivery', Batch & { attempts: number; statusCode: number }>;
export type RecordWebhookFailure = Command<
  'RecordWebhookFailure',
  Batch & { reason: string; statusCode: number | null; nextAttemptAt: string }
>;
export type ParkWebhook = Command<'ParkWebhook', Batch & { reason: string; statusCode: number | null }>;
export type ResumeWebhook = Command<'ResumeWebhook', { subscriptionId: string }>;
export type WebhookCommand =
  CreateWebhook | DeleteWebhook | RecordWebhookDelivery | RecordWebhookFailure | ParkWebhook | ResumeWebhook;

export type WebhookSubscribed = DomainEvent<
  'WebhookSubscribed',
  WebhookSpec & { createdBy: string; createdAt: string }
>;
export type WebhookUnsubscribed = DomainEvent<
  'WebhookUnsubscribed',
  { subscriptionId: string; deletedBy: string; deletedAt: string }
>;
export type WebhookBatchDelivered = DomainEvent<
  'WebhookBatchDelivered',
  Batch & { subscriptionId: string; attempts: number; statusCode: number; deliveredAt: string }
>;
export type WebhookDeliveryFailed = DomainEvent<
  'WebhookDeliveryFailed',
  Batch & {
    subscriptionId: string;
    attempt: number;
    reason: string;
    statusCode: number | null;
    failedAt: string;
    firstFailedAt: string;
    nextAttemptAt: string;
  }
>;
export type WebhookParked = DomainEvent<
  'WebhookParked',
  Batch & {
    subscriptionId: string;
    attempts: number;
    reason: string;
    statusCode: number | null;
    firstFailedAt: string;
    parkedAt: string;
  }
>;
export type WebhookResumed = DomainEvent<
  'WebhookResumed',
  { subscriptionId: string; resumedBy: string; resumedAt: string }
>;
export type WebhookEvent =
  | WebhookSubscribed
  | WebhookUnsubscribed
  | WebhookBatchDelivered
  | WebhookDeliveryFailed
  | WebhookParked
  | WebhookResumed;

export interface WebhookFailing {
  attempts: number;
  firstFailedAt: string;
  lastReason: string;
  nextAttemptAt: string;
}
interface Subscription {
  spec: WebhookSpec;
  createdBy: string;
  createdAt: string;
  /** Position of the last event the receiver acknowledged (decimal); "0" before the first delivery. */
  deliveredThrough: string;
  delivered: number;
  failing?: WebhookFailing;
}
export type WebhookState =
  | { status: 'NotCreated' }
  | ({ status: 'Active' } & Subscription)
  | ({
      status: 'Parked';
      parked: { reason: string; parkedAt: string; fromPosition: string; attempts: number };
    } & Subscription)
  | ({ status: 'Deleted' } & Subscription);

function live(state: WebhookState, id: string): Exclude<WebhookState, { status: 'NotCreated' | 'Deleted' }> {
  if (state.status === 'NotCreated' || state.status === 'Deleted') {
    throw new DomainError('WEBHOOK_NOT_FOUND', `Webhook subscription ${id} does not exist`, { subscriptionId: id });
  }
  return state;
}

export const webhookDecider: Decider<WebhookCommand, WebhookEvent, WebhookState> = {
  initialState: () => ({ status: 'NotCreated' }),

  decide(command, state) {
    const { actor, now } = command.metadata;
    switch (command.type) {
      case 'CreateWebhook':
        if (state.status !== 'NotCreated') return [];
        return [{ type: 'WebhookSubscribed', data: { ...command.data, createdBy: actor, createdAt: now } }];
      case 'DeleteWebhook': {
        const { subscriptionId } = command.data;
        live(state, subscriptionId);
        return [{ type: 'WebhookUnsubscribed', data: { subscriptionId, deletedBy: actor, deletedAt: now } }];
      }
      case 'ResumeWebhook': {
        const { subscriptionId } = command.data;
        if (live(state, subscriptionId).status !== 'Parked') return [];
        return [{ type: 'WebhookResumed', data: { subscriptionId, resumedBy: actor, resumedAt: now } }];
      }
      case 'RecordWebhookDelivery': {
        const active = activeFor(state, command.data.throughPosition);
        if (active === undefined) return [];
        const { statusCode, ...batch } = command.data;
        return [
          {
            type: 'WebhookBatchDelivered',
            data: { ...batch, statusCode, subscriptionId: active.spec.subscriptionId, deliveredAt: now },
          },
        ];
      }
      case 'RecordWebhookFailure': {
        const active = activeFor(state, command.data.throughPosition);
        if (active === undefined) return [];
        return [
          {
            type: 'WebhookDeliveryFailed',
            data: {
              ...command.data,
              subscriptionId: active.spec.subscriptionId,
              attempt: (active.failing?.attempts ?? 0) + 1,
              failedAt: now,
              firstFailedAt: active.failing?.firstFailedAt ?? now,
            },
          },
        ];
      }
      case 'ParkWebhook': {
        const active = activeFor(state, command.data.throughPosition);
        if (active === undefined) return [];
        return [
          {
            type: 'WebhookParked',
            data: {
              ...command.data,
              subscriptionId: active.spec.subscriptionId,
              attempts: (active.failing?.attempts ?? 0) + 1,
              firstFailedAt: active.failing?.firstFailedAt ?? now,
              parkedAt: now,
            },
          },
        ];
      }
      default:
        return assertNever(command, 'webhook command');
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'WebhookSubscribed': {
        const { createdBy, createdAt, ...spec } = event.data;
        return { status: 'Active', spec, createdBy, createdAt, deliveredThrough: '0', delivered: 0 };
      }
      case 'WebhookUnsubscribed':
        return state.status === 'NotCreated' ? state : { ...withoutParked(state), status: 'Deleted' };
      case 'WebhookBatchDelivered':
        if (state.status !== 'Active') return state;
        return {
          ...state,
          deliveredThrough: event.data.throughPosition,
          delivered: state.delivered + event.data.count,
          failing: undefined,
        };
      case 'WebhookDeliveryFailed':
        if (state.status !== 'Active') return state;
        return {
          ...state,
          failing: {
            attempts: event.data.attempt,
            firstFailedAt: event.data.firstFailedAt,
            lastReason: event.data.reason,
            nextAttemptAt: event.data.nextAttemptAt,
          },
        };
      case 'WebhookParked': {
        if (state.status !== 'Active') return state;
        const { reason, parkedAt, fromPosition, attempts } = event.data;
        return { ...state, status: 'Parked', failing: undefined, parked: { reason, parkedAt, fromPosition, attempts } };
      }
      case 'WebhookResumed':
        return state.status === 'Parked' ? { ...withoutParked(state), status: 'Active' } : state;
      default:
        return assertNever(event, 'webhook event');
    }
  },
};

/** The subscription if it is active and the batch is beyond what was already acknowledged (a repeat is a no-op). */
function activeFor(
  state: WebhookState,
  throughPosition: string,
): Extract<WebhookState, { status: 'Active' }> | undefined {
  if (state.status !== 'Active') return undefined;
  return BigInt(throughPosition) > BigInt(state.deliveredThrough) ? state : undefined;
}

function withoutParked(state: Exclude<WebhookState, { status: 'NotCreated' }>): Subscription {
  const { spec, createdBy, createdAt, deliveredThrough, delivered, failing } = state;
  return { spec, createdBy, createdAt, deliveredThrough, delivered, failing };
}
