import type { PublicEventEnvelope } from '@app/domain';
import { MemoryEventStore } from '@app/event-store';
import { tryDecodeCursor } from '@app/runtime/events/event-cursor';
import { EventFeedService } from '../../../apps/api/src/events/event-feed.service';
import { startSdkApp, type SdkApp } from '../support/sdk-app';
import { openSse } from './sse-client';
import {
  ACCOUNT,
  OTHER,
  appendRecords,
  eventsOf,
  itReceivesEveryEventOnceAcrossDisconnects,
  publicIds,
} from './change-feed.suite';

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

    itReceivesEveryEventOnceAcrossDisconnects(() => ({ sdk, store, consumer }));

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
