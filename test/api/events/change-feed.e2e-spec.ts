import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { isPublicEventType, type PublicEventEnvelope } from '@app/domain';
import { MemoryEventStore, type NewEvent } from '@app/event-store';
import { tryDecodeCursor } from '@app/runtime/events/event-cursor';
import { EventFeedService } from '../../../apps/api/src/events/event-feed.service';
import { startSdkApp, type SdkApp } from '../support/sdk-app';
import { openSse, type SseConnection } from './sse-client';

const ACCOUNT = 'feed1';
const OTHER = 'feed2';

/** RecordCreated events appended straight to the store (a backlog faster than HTTP could write it). */
async function appendRecords(store: MemoryEventStore, accountId: string, count: number, padding = 0): Promise<void> {
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

const publicIds = async (store: MemoryEventStore, accountId = ACCOUNT) =>
  (await store.readAll({ filter: { accountId } })).filter((e) => isPublicEventType(e.type)).map((e) => e.id);

const eventsOf = (connection: SseConnection) =>
  connection.frames
    .filter((f) => f.event !== 'heartbeat' && f.event !== 'disconnect')
    .map((f) => JSON.parse(f.data) as PublicEventEnvelope);

describe('change feed: GET /api/v1/events/stream (SSE)', () => {
  describe('reconnecting at random points under concurrent writes', () => {
    let sdk: SdkApp;
    const store = new MemoryEventStore();
    let consumer: string;

    beforeAll(async () => {
      sdk = await startSdkApp({ eventStore: store, env: { FEED_HEARTBEAT_MS: '200' } });
      consumer = await sdk.token({ accountId: ACCOUNT, roles: ['consumer'] });
      await appendRecords(store, ACCOUNT, 300);
      await appendRecords(store, OTHER, 50);
    });
    afterAll(() => sdk.close());

    it('receives every public event exactly once, in log order, with a cursor kept across disconnects', async () => {
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

    it('starts after the `after` query cursor, and filters by type and object type', async () => {
      const page = await fetch(`${sdk.basePath}/api/v1/events?limit=10`, {
        headers: { authorization: `Bearer ${consumer}` },
      }).then((r) => r.json() as Promise<{ results: PublicEventEnvelope[] }>);
      const tenth = page.results[9]!;
      const log = await store.readAll({ filter: { accountId: ACCOUNT }, after: BigInt(tenth.position) });
      const ids = log
        .filter((e) => e.type === 'RecordCreated' && (e.data as { objectTypeId: string }).objectTypeId === '0-1')
        .map((e) => e.id);
      const connection = openSse(
        `${sdk.basePath}/api/v1/events/stream?after=${tenth.cursor}&types=RecordCreated&objectTypes=contacts`,
        consumer,
        {
          onFrame: (frame, self) => {
            if (frame.event === 'RecordCreated' && JSON.parse(frame.data).eventId === ids.at(-1)) self.abort();
          },
        },
      );
      await connection.ended;
      expect(eventsOf(connection).map((e) => e.eventId)).toEqual(ids);
      const head = (await store.readAll({ filter: { accountId: ACCOUNT } })).at(-1)!.position;
      const none = openSse(`${sdk.basePath}/api/v1/events/stream?objectTypes=2-99`, consumer, {
        onFrame: (frame, self) => {
          // The heartbeat's cursor moves past the events the filter left out: up to the end of the log.
          if (frame.event === 'heartbeat' && tryDecodeCursor(frame.id!)! >= head) self.abort();
        },
      });
      await none.ended;
      expect(eventsOf(none)).toEqual([]);
    }, 30_000);

    it('delivers live events appended after the catch-up', async () => {
      const ids = await publicIds(store);
      const connection = openSse(`${sdk.basePath}/api/v1/events/stream`, consumer, {
        onFrame: (frame, self) => {
          if (frame.event === 'RecordCreated' && JSON.parse(frame.data).eventId === ids.at(-1)) {
            void appendRecords(store, ACCOUNT, 3);
          }
          if (eventsOf(self).length === ids.length + 3) self.abort();
        },
      });
      await connection.ended;
      expect(eventsOf(connection).map((e) => e.eventId)).toEqual(await publicIds(store));
    }, 30_000);
  });

  describe('a consumer the live tail leaves behind', () => {
    let sdk: SdkApp;
    const store = new MemoryEventStore();

    beforeAll(async () => {
      sdk = await startSdkApp({
        eventStore: store,
        env: { FEED_SLOW_CONSUMER_TIMEOUT_MS: '60000', FEED_MAX_BUFFERED_BYTES: String(64 * 1024) },
      });
      await appendRecords(store, ACCOUNT, 10);
    });
    afterAll(() => sdk.close());

    it('reads what the shared tail no longer holds from the store: every event once, in order', async () => {
      const token = await sdk.token({ accountId: ACCOUNT, roles: ['consumer'] });
      const feed = sdk.app.get(EventFeedService);
      let ids = await publicIds(store);
      const connection = openSse(`${sdk.basePath}/api/v1/events/stream`, token, {
        onFrame: (frame, self) => {
          if (frame.event !== 'heartbeat' && JSON.parse(frame.data).eventId === ids.at(-1) && ids.length > 10) {
            self.abort();
          }
        },
      });
      await until(() => eventsOf(connection).length === 10);
      connection.pause();
      // More than the tail's window (5,000 events), with padding so the paused connection's buffer fills up.
      const paused = BigInt(eventsOf(connection).at(-1)!.position);
      await appendRecords(store, ACCOUNT, 15_000, 1000);
      ids = await publicIds(store);
      // The tail's window has moved past what the paused connection was sent.
      await until(() => (feed.liveTailFloor(ACCOUNT) ?? 0n) > paused + 6000n);
      connection.resume();
      await connection.ended;
      expect(eventsOf(connection).map((e) => e.eventId)).toEqual(ids);
    }, 60_000);
  });

  describe('a slow consumer', () => {
    let sdk: SdkApp;
    const store = new MemoryEventStore();
    const MAX_BUFFERED = 64 * 1024;
    const BACKLOG = 20_000;

    beforeAll(async () => {
      sdk = await startSdkApp({
        eventStore: store,
        env: { FEED_MAX_BUFFERED_BYTES: String(MAX_BUFFERED), FEED_SLOW_CONSUMER_TIMEOUT_MS: '300' },
      });
      await appendRecords(store, ACCOUNT, BACKLOG, 500);
    }, 60_000);
    afterAll(() => sdk.close());

    it('is cut off with a final event telling where to resume, without the server buffering the backlog', async () => {
      const token = await sdk.token({ accountId: ACCOUNT, roles: ['consumer'] });
      const feed = sdk.app.get(EventFeedService);
      const connection = openSse(`${sdk.basePath}/api/v1/events/stream`, token);
      connection.pause();
      expect(await connection.status).toBe(200);
      // The server gives up on the paused client; its buffered frames and the final one still arrive once it reads.
      await until(() => feed.openStreams === 0);
      connection.resume();
      await connection.ended;
      const last = connection.frames.at(-1)!;
      expect(last.event).toBe('disconnect');
      const { reason, resumeAfter } = JSON.parse(last.data) as { reason: string; resumeAfter: string };
      expect(reason).toBe('SLOW_CONSUMER');
      const before = eventsOf(connection);
      expect(before.length).toBeGreaterThan(0);
      expect(before.length).toBeLessThan(BACKLOG);
      expect(resumeAfter).toBe(before.at(-1)!.cursor);
      // Bounded: the buffer limit plus one page of frames, far below the backlog's ~12 MB.
      expect(feed.peakBufferedBytes).toBeLessThan(MAX_BUFFERED + 2 * 1024 * 1024);

      // Resuming from there gets the rest exactly once — also when this client, on a loaded machine, is itself cut
      // off again and resumes again, as a consumer does.
      const ids = await publicIds(store);
      const after: ReturnType<typeof eventsOf> = [];
      let cursor = resumeAfter;
      for (let attempt = 0; attempt < 50; attempt++) {
        let done = false;
        const rest = openSse(`${sdk.basePath}/api/v1/events/stream`, token, {
          lastEventId: cursor,
          onFrame: (frame, self) => {
            if (frame.event === 'RecordCreated' && JSON.parse(frame.data).eventId === ids.at(-1)) {
              done = true;
              self.abort();
            }
          },
        });
        await rest.ended;
        after.push(...eventsOf(rest));
        if (done) break;
        const cut = rest.frames.at(-1)!;
        expect(cut.event).toBe('disconnect');
        cursor = (JSON.parse(cut.data) as { resumeAfter: string }).resumeAfter;
      }
      expect([...before, ...after].map((e) => e.eventId)).toEqual(ids);
    }, 120_000);
  });
});

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 3000 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!condition()) throw new Error('condition not met');
}
