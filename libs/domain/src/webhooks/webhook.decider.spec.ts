import { DeciderSpec } from '@app/testing';
import type { CommandMetadata } from '../shared/decider';
import { webhookDecider, type WebhookEvent } from './webhook.decider';
import { webhookEventTypes } from './webhook-subscription-types';

const metadata: CommandMetadata = {
  accountId: '1',
  actor: 'worker',
  commandId: 'c1',
  correlationId: 'c1',
  causationId: 'c1',
  now: '2026-03-01T10:00:00.000Z',
};
const spec = {
  subscriptionId: 's1',
  targetUrl: 'https://x.io/h',
  eventTypes: ['associationChange'],
  objectTypeIds: [],
};
const subscribed: WebhookEvent = { type: 'WebhookSubscribed', data: { ...spec, createdBy: 'u1', createdAt: 't0' } };
const batch = { fromPosition: '5', throughPosition: '9', count: 3 };
const failed = (attempt: number, firstFailedAt = 't1'): WebhookEvent => ({
  type: 'WebhookDeliveryFailed',
  data: {
    ...batch,
    subscriptionId: 's1',
    attempt,
    reason: 'HTTP_500',
    statusCode: 500,
    failedAt: 't',
    firstFailedAt,
    nextAttemptAt: 't2',
  },
});
const decide = DeciderSpec.for(webhookDecider);

describe('webhook subscription', () => {
  describe('when it does not exist', () => {
    it('is created once; a repeat is a no-op', () => {
      decide.when({ type: 'CreateWebhook', data: spec, metadata }).then(
        [subscribed].map((e) => ({
          ...e,
          data: { ...e.data, createdBy: 'worker', createdAt: metadata.now },
        })) as WebhookEvent[],
      );
      decide.given([subscribed]).when({ type: 'CreateWebhook', data: spec, metadata }).then([]);
    });

    it('cannot be deleted', () => {
      decide.when({ type: 'DeleteWebhook', data: { subscriptionId: 's1' }, metadata }).thenThrows('WEBHOOK_NOT_FOUND');
    });
  });

  describe('when a batch is failing', () => {
    it('counts attempts from the first failure, keeping its time', () => {
      decide
        .given([subscribed, failed(1), failed(2)])
        .when({
          type: 'RecordWebhookFailure',
          data: { ...batch, reason: 'TIMEOUT', statusCode: null, nextAttemptAt: 't9' },
          metadata,
        })
        .then([
          {
            type: 'WebhookDeliveryFailed',
            data: {
              ...batch,
              subscriptionId: 's1',
              attempt: 3,
              reason: 'TIMEOUT',
              statusCode: null,
              failedAt: metadata.now,
              firstFailedAt: 't1',
              nextAttemptAt: 't9',
            },
          },
        ]);
    });

    it('is parked with the reason and the attempts', () => {
      const [event] = decide
        .given([subscribed, failed(1), failed(2)])
        .when({ type: 'ParkWebhook', data: { ...batch, reason: 'TIMEOUT', statusCode: null }, metadata })
        .events();
      expect(event).toMatchObject({
        type: 'WebhookParked',
        data: { attempts: 3, firstFailedAt: 't1', reason: 'TIMEOUT' },
      });
    });
  });

  describe('when a batch was delivered', () => {
    const delivered: WebhookEvent = {
      type: 'WebhookBatchDelivered',
      data: { ...batch, subscriptionId: 's1', attempts: 1, statusCode: 200, deliveredAt: 't' },
    };

    it('moves the checkpoint; recording the same batch again changes nothing', () => {
      const state = [subscribed, failed(1), delivered].reduce(webhookDecider.evolve, webhookDecider.initialState());
      expect(state).toMatchObject({ status: 'Active', deliveredThrough: '9', delivered: 3, failing: undefined });
      decide
        .given([subscribed, delivered])
        .when({ type: 'RecordWebhookDelivery', data: { ...batch, attempts: 1, statusCode: 200 }, metadata })
        .then([]);
    });
  });

  describe('when it is parked', () => {
    const parked: WebhookEvent = {
      type: 'WebhookParked',
      data: {
        ...batch,
        subscriptionId: 's1',
        attempts: 4,
        reason: 'TIMEOUT',
        statusCode: null,
        firstFailedAt: 't1',
        parkedAt: 't3',
      },
    };

    it('records no delivery until resumed, and resumes active with its checkpoint', () => {
      decide
        .given([subscribed, parked])
        .when({ type: 'RecordWebhookDelivery', data: { ...batch, attempts: 1, statusCode: 200 }, metadata })
        .then([]);
      const [resumed] = decide
        .given([subscribed, parked])
        .when({ type: 'ResumeWebhook', data: { subscriptionId: 's1' }, metadata })
        .events();
      const state = [subscribed, parked, resumed!].reduce(webhookDecider.evolve, webhookDecider.initialState());
      expect(state).toMatchObject({ status: 'Active', deliveredThrough: '0', failing: undefined });
    });
  });

  it("expands HubSpot's subscription types into ours", () => {
    expect([...webhookEventTypes(['associationChange', 'RecordCreated', 'unknown'])].sort()).toEqual([
      'AssociationLabeled',
      'AssociationRemoved',
      'AssociationUnlabeled',
      'RecordCreated',
    ]);
  });
});
