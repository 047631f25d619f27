import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { isPublicEventType, type PublicEventEnvelope } from '@app/domain';
import type { EventStore, NewEvent } from '@app/event-store';
import type { SdkApp } from '../support/sdk-app';
import { openSse, type SseConnection } from './sse-client';

export const ACCOUNT = 'feed1';
export const OTHER = 'feed2';

/** RecordCreated events appended straight to the store (a backlog faster than HTTP could write it). */
export async function appendRecords(store: EventStore, accountId: string, count: number, padding = 0): Promise<void> {
  for (let start = 0; start < count; start += 500) {
    const n = Math.min(500, count - start);
    await store.append(
      Array.from({ length: n }, () => {
        const id = randomUUID();
        const recordId = String(Math.floor(Math.random() * 1e9));
        const event: NewEvent = {
          id,
          type: 'RecordCreated',
          data: {
            objectTypeId: '0-1',
            recordId,
            properties: { email: `${recordId}@example.com`, notes: 'x'.repeat(padding) },
            createdBy: 'bulk',
            createdAt: '2026-03-01T10:00:00.000Z',
          },
          metadata: { accountId, actor: 'bulk', commandId: id, correlationId: id, causationId: id, schemaVersion: 1 },
        };
        return { stream: `record-${accountId}.0-1.${recordId}-${id}`, expected: 'no_stream' as const, events: [event] };
      }),
    );
  }
}

export const publicIds = async (store: EventStore, accountId = ACCOUNT) =>
  (await store.readAll({ filter: { accountId } })).filter((e) => isPublicEventType(e.type)).map((e) => e.id);

export const eventsOf = (connection: SseConnection) =>
  connection.frames
    .filter((f) => f.event !== 'heartbeat' && f.event !== 'disconnect')
    .map((f) => JSON.parse(f.data) as PublicEventEnvelope);

/**
 * The feed's core promise, on whichever store the app runs: a consumer that disconnects at random points and
 * reconnects with its cursor, while writers keep appending through the API, receives every public event of its
 * account exactly once and in log order. `context()` is read when the test runs (the app starts in a beforeAll).
 */
export function itReceivesEveryEventOnceAcrossDisconnects(
  context: () => { sdk: SdkApp; store: EventStore; consumer: string },
): void {
  it('receives every public event exactly once, in log order, with a cursor kept across disconnects', async () => {
    const { sdk, store, consumer } = context();
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 120 }), { minLength: 3, maxLength: 8 }), async (cuts) => {
        const received: PublicEventEnvelope[] = [];
        let cursor: string | undefined;
        // Writers keep appending through the API while the consumer comes and goes.
        let writing = true;
        const admin = await sdk.token({ accountId: ACCOUNT, roles: ['super_admin'] });
        const writer = (async () => {
          for (let i = 0; writing; i++) {
            const response = await fetch(`${sdk.basePath}/crm/v3/objects/contacts`, {
              method: 'POST',
              headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
              body: JSON.stringify({ properties: { email: `w${randomUUID()}@example.com` } }),
            });
            expect(response.status).toBe(201);
          }
        })();
        for (const cut of cuts) {
          let seen = 0;
          const connection = openSse(`${sdk.basePath}/api/v1/events/stream`, consumer, {
            lastEventId: cursor,
            onFrame: (frame, self) => {
              if (frame.event !== 'heartbeat' && ++seen >= cut) self.abort();
            },
          });
          expect(await connection.status).toBe(200);
          await connection.ended;
          received.push(...eventsOf(connection));
          cursor = connection.frames.filter((f) => f.id).at(-1)?.id ?? cursor;
        }
        writing = false;
        await writer;
        // A last connection drains up to the end of the log as it is now.
        const expected = await publicIds(store);
        const last = openSse(`${sdk.basePath}/api/v1/events/stream`, consumer, {
          lastEventId: cursor,
          onFrame: (frame, self) => {
            if (frame.event !== 'heartbeat' && JSON.parse(frame.data).eventId === expected.at(-1)) self.abort();
            if (frame.event === 'heartbeat' && received.length + eventsOf(self).length === 0) self.abort();
          },
        });
        await last.ended;
        received.push(...eventsOf(last));
        expect(received.map((e) => e.eventId)).toEqual(expected);
        expect(received.every((e) => e.accountId === ACCOUNT)).toBe(true);
      }),
      { numRuns: 4 },
    );
  }, 120_000);
}
