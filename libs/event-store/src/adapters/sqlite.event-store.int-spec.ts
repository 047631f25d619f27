import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEventStoreConformance, events, take } from '../../testing';
import { DEFAULT_MAX_EVENT_BYTES } from '../append-validation';
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
});
