import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { webhookStream } from '@app/domain';
import { MemoryEventStore, type RecordedEvent } from '@app/event-store';
import { MemoryReadModelStore } from '@app/read-models';
import { WebhookDispatcher } from '@app/runtime/webhooks/webhook-dispatcher';
import { toPublicEnvelope } from '@app/runtime/events/event-contract';
import { Receiver } from './receiver';

const ACCOUNT = 'lease1';
const meta = (id: string) => ({
  accountId: ACCOUNT,
  actor: 't',
  commandId: id,
  correlationId: id,
  causationId: id,
  schemaVersion: 1,
});

/** Two dispatchers over one store, as two projector replicas: only the lease holder delivers. */
describe('webhook dispatchers sharing a lease', () => {
  let receiver: Receiver;
  afterAll(() => receiver.stop());

  it('delivers each batch once, and the other takes over when the holder stops', async () => {
    receiver = await new Receiver(() => 200).start();
    const store = new MemoryEventStore();
    const leases = new MemoryReadModelStore();
    const subscriptionId = randomUUID();
    await store.append([
      {
        stream: webhookStream(ACCOUNT, subscriptionId),
        expected: 'no_stream',
        events: [
          {
            id: randomUUID(),
            type: 'WebhookSubscribed',
            data: {
              subscriptionId,
              targetUrl: receiver.url,
              eventTypes: ['RecordArchived'],
              objectTypeIds: [],
              createdBy: 't',
              createdAt: 't',
            },
            metadata: meta(subscriptionId),
          },
        ],
      },
    ]);
    const archive = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const id = randomUUID();
        await store.append([
          {
            stream: `record-${ACCOUNT}.0-1.${id}`,
            expected: 'no_stream',
            events: [
              {
                id,
                type: 'RecordArchived',
                data: { objectTypeId: '0-1', recordId: id, archivedBy: 't', archivedAt: 't' },
                metadata: meta(id),
              },
            ],
          },
        ]);
      }
    };
    const dispatcher = () =>
      new WebhookDispatcher(store, {
        logger: pino({ level: 'silent' }),
        signingKey: new TextEncoder().encode('k'.repeat(32)),
        toEnvelope: (event: RecordedEvent) => toPublicEnvelope(event),
        timeoutMs: 1000,
        retryBaseMs: 10,
        retryPeriodMs: 60_000,
        allowPrivateTargets: true,
        lease: { store: leases, ttlMs: 300 },
      });
    const received = () =>
      receiver.requests.flatMap((r) => (JSON.parse(r.body) as { eventId: string }[]).map((e) => e.eventId));
    const archived = async () =>
      (await store.readAll({ filter: { accountId: ACCOUNT, eventTypes: ['RecordArchived'] } })).map((e) => e.id);

    const first = dispatcher();
    const second = dispatcher();
    first.start();
    second.start();
    await archive(30);
    await until(async () => received().length >= 30);
    expect(received()).toEqual(await archived());

    await first.stop();
    await second.stop().then(() => undefined);
    // Whichever held the lease is gone; a third takes over from the recorded checkpoint.
    const third = dispatcher();
    third.start();
    await archive(10);
    await until(async () => received().length >= 40);
    await third.stop();
    expect(received()).toEqual(await archived());
  }, 30_000);
});

async function until(condition: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('condition not met');
}
