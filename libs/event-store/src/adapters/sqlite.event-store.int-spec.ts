import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEventStoreConformance, events, take } from '../../testing';
import { DEFAULT_MAX_EVENT_BYTES } from '../append-validation';
import { WrongExpectedVersionError } from '../event-store.errors';
import { SqliteEventStore } from './sqlite.event-store';

const dir = mkdtempSync(join(tmpdir(), 'es-sqlite-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeEventStoreConformance('sqlite', {
  create: async () => new SqliteEventStore({ path: join(dir, `events-${n++}.db`), pollIntervalMs: 50 }),
  maxEventBytes: DEFAULT_MAX_EVENT_BYTES,
});

describe('SqliteEventStore on a file', () => {
  it('keeps events across a reopen, and a second connection’s subscription sees the first one’s appends', async () => {
    const path = join(dir, 'shared.db');
    const writer = new SqliteEventStore({ path });
    await writer.append([{ stream: 'thing-1.a', expected: 'no_stream', events: events('1', 3) }]);
    const reader = new SqliteEventStore({ path, pollIntervalMs: 20 });
    expect(await reader.readStream('thing-1.a')).toHaveLength(3);
    const sub = reader.subscribeToAll({ after: 3n });
    const live = take(sub, 2);
    await sub.caughtUp;
    await writer.append([{ stream: 'thing-1.a', expected: 2n, events: events('1', 2) }]);
    expect((await live).map((e) => e.revision)).toEqual([3n, 4n]);
    await sub.close();
    await writer.close();
    await reader.close();
    const reopened = new SqliteEventStore({ path });
    expect(await reopened.headPosition()).toBe(5n);
    await reopened.close();
  });

  it('leaves no gap in positions after failed appends, so counting is a subtraction', async () => {
    const store = new SqliteEventStore({ path: join(dir, 'gapless.db') });
    const first = events('1', 3);
    await store.append([{ stream: 'thing-1.a', expected: 'no_stream', events: first }]);
    // A conflict, and a batch whose second event repeats a stored id (rolled back after its first insert).
    await expect(store.append([{ stream: 'thing-1.a', expected: 0n, events: events('1', 1) }])).rejects.toThrow(
      WrongExpectedVersionError,
    );
    await expect(
      store.append([{ stream: 'thing-1.b', expected: 'no_stream', events: [...events('1', 1), first[0]!] }]),
    ).rejects.toThrow();
    await store.append([{ stream: 'thing-1.c', expected: 'no_stream', events: events('1', 2) }]);
    const all = await store.readAll();
    expect(all.map((e) => e.position)).toEqual([1n, 2n, 3n, 4n, 5n]);
    expect(await store.countEvents(0n, 100n, 100)).toBe(5);
    expect(await store.countEvents(2n, 4n, 100)).toBe(2);
    await store.close();
  });

  it('reads what it appended from memory and what another process appended in between from the file', async () => {
    const path = join(dir, 'interleaved.db');
    const a = new SqliteEventStore({ path });
    const b = new SqliteEventStore({ path });
    await a.append([{ stream: 'thing-1.a', expected: 'no_stream', events: events('1', 2) }]);
    await b.append([{ stream: 'thing-1.b', expected: 'no_stream', events: events('1', 1) }]);
    await a.append([{ stream: 'thing-1.a', expected: 1n, events: events('1', 1) }]);
    await b.append([{ stream: 'thing-1.b', expected: 0n, events: events('1', 1) }]);
    const streamsOf = (read: { streamName: string }[]) => read.map((e) => e.streamName.slice(-1)).join('');
    // Another connection's commits are seen from the next turn of the event loop on (the store reads
    // `PRAGMA data_version` once per turn outside its write lock; its appends always check for real).
    const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
    await nextTurn();
    for (const store of [a, b]) {
      expect(streamsOf(await store.readAll())).toBe('aabab');
      expect(streamsOf(await store.readAll({ after: 2n }))).toBe('bab');
      expect(streamsOf(await store.readAll({ after: 3n }))).toBe('ab');
      expect(streamsOf(await store.readAll({ after: 3n, filter: { categories: ['thing'] }, maxCount: 1 }))).toBe('a');
    }
    // a knows both streams' revisions from reading and appending; b's appends must still reach its reads.
    expect((await a.readStream('thing-1.b', { fromRevision: 2n })).length).toBe(0);
    await b.append([{ stream: 'thing-1.b', expected: 1n, events: events('1', 2) }]);
    await b.append([{ stream: 'thing-1.a', expected: 2n, events: events('1', 1) }]);
    await nextTurn();
    expect((await a.readStream('thing-1.b', { fromRevision: 2n })).map((e) => e.revision)).toEqual([2n, 3n]);
    expect((await a.readStream('thing-1.a', { fromRevision: 3n })).map((e) => e.revision)).toEqual([3n]);
    // Within one turn a may not see b's append yet, but its own append checks the revision inside the write lock.
    await a.append([{ stream: 'thing-1.c', expected: 'no_stream', events: events('1', 1) }]);
    await b.append([{ stream: 'thing-1.c', expected: 0n, events: events('1', 1) }]);
    await expect(a.append([{ stream: 'thing-1.c', expected: 0n, events: events('1', 1) }])).rejects.toThrow(
      WrongExpectedVersionError,
    );
    await a.close();
    await b.close();
  });

  it('knows its head from its own last append, and from the file once another process has appended', async () => {
    const path = join(dir, 'head.db');
    const a = new SqliteEventStore({ path });
    const b = new SqliteEventStore({ path });
    const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
    await expect(a.headPosition()).resolves.toBe(0n);
    await a.append([{ stream: 'thing-1.a', expected: 'no_stream', events: events('1', 2) }]);
    await expect(a.headPosition()).resolves.toBe(2n);
    await b.append([{ stream: 'thing-1.b', expected: 'no_stream', events: events('1', 3) }]);
    await nextTurn();
    await expect(a.headPosition()).resolves.toBe(5n);
    await expect(a.countEvents(0n, 100n, 100)).resolves.toBe(5);
    await a.append([{ stream: 'thing-1.a', expected: 1n, events: events('1', 1) }]);
    await nextTurn();
    await expect(a.headPosition()).resolves.toBe(6n);
    await expect(b.headPosition()).resolves.toBe(6n);
    await a.close();
    await b.close();
  });
});
