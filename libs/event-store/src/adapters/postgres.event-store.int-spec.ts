import { Pool } from 'pg';
import { describeEventStoreConformance, events, take } from '../../testing';
import { DEFAULT_MAX_EVENT_BYTES } from '../append-validation';
import { PostgresEventStore } from './postgres.event-store';
import type { PostgresEventStoreOptions } from './postgres.event-store';

const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const admin = new Pool({ connectionString: url, max: 2 });
const schemas: string[] = [];
let n = 0;

async function freshStore(extra: Partial<PostgresEventStoreOptions> = {}): Promise<PostgresEventStore> {
  const schema = `es_test_${process.pid}_${n++}`;
  schemas.push(schema);
  await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  return PostgresEventStore.create({ connectionString: url, schema, pollIntervalMs: 100, ...extra });
}

afterAll(async () => {
  for (const schema of schemas) await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await admin.end();
});

describeEventStoreConformance('postgres', { create: () => freshStore(), maxEventBytes: DEFAULT_MAX_EVENT_BYTES });

describe('PostgresEventStore specifics', () => {
  it('a slow transaction begun before a fast one is not skipped by readers', async () => {
    let releaseSlow!: () => void;
    let slowInserted!: () => void;
    const slowIsInserted = new Promise<void>((r) => (slowInserted = r));
    const gate = new Promise<void>((r) => (releaseSlow = r));
    const store = await freshStore({
      hooks: {
        beforeCommit: async (streams) => {
          if (!streams.includes('thing-1.slow')) return;
          slowInserted();
          await gate;
        },
      },
    });
    try {
      const sub = store.subscribeToAll();
      const received = take(sub, 2);
      await sub.caughtUp;
      const slow = store.append([{ stream: 'thing-1.slow', expected: 'no_stream', events: events('1', 1, 'Slow') }]);
      await slowIsInserted;
      // The fast transaction starts after the slow one has its position, and commits first.
      const fast = await store.append([
        { stream: 'thing-1.fast', expected: 'no_stream', events: events('1', 1, 'Fast') },
      ]);
      expect(fast.position).toBeGreaterThan(0n);
      // While the slow one is open, neither is visible: showing the fast one would let a checkpoint pass the slow one.
      expect(await store.readAll()).toEqual([]);
      expect(await store.headPosition()).toBe(0n);
      releaseSlow();
      const slowResult = await slow;
      expect(slowResult.position < fast.position).toBe(true);
      const got = await received;
      await sub.close();
      expect(got.map((e) => e.type)).toEqual(['Slow', 'Fast']);
      expect((await store.readAll()).map((e) => e.type)).toEqual(['Slow', 'Fast']);
    } finally {
      releaseSlow();
      await store.close();
    }
  });

  it('a check holds until commit: a concurrent writer of the checked stream waits for the checking append', async () => {
    let release!: () => void;
    let held!: () => void;
    const isHeld = new Promise<void>((r) => (held = r));
    const gate = new Promise<void>((r) => (release = r));
    const store = await freshStore({
      hooks: {
        beforeCommit: async (streams) => {
          if (!streams.includes('links-1.0-1.1')) return;
          held();
          await gate;
        },
      },
    });
    try {
      await store.append([{ stream: 'label-1.1000', expected: 'no_stream', events: events('1', 1, 'LabelCreated') }]);
      const linking = store.append(
        [{ stream: 'links-1.0-1.1', expected: 'no_stream', events: events('1', 1, 'AssociationLabeled') }],
        [{ stream: 'label-1.1000', expected: 0n }],
      );
      await isHeld;
      let deleted = false;
      const deleting = store
        .append([{ stream: 'label-1.1000', expected: 0n, events: events('1', 1, 'LabelDeleted') }])
        .then(() => (deleted = true));
      await new Promise((r) => setTimeout(r, 200));
      expect(deleted).toBe(false);
      release();
      await linking;
      await deleting;
      const all = await store.readAll();
      expect(all.map((e) => e.type)).toEqual(['LabelCreated', 'AssociationLabeled', 'LabelDeleted']);
    } finally {
      release();
      await store.close();
    }
  });

  it('migrations are idempotent: a second store on the same schema starts without error and sees the events', async () => {
    const first = await freshStore();
    await first.append([{ stream: 'thing-1.a', expected: 'no_stream', events: events('1', 2) }]);
    const schema = schemas[schemas.length - 1]!;
    const second = await PostgresEventStore.create({ connectionString: url, schema });
    expect(await second.readStream('thing-1.a')).toHaveLength(2);
    await second.close();
    await first.close();
  });

  it('reports an unreachable server as a clear error at start', async () => {
    await expect(
      PostgresEventStore.create({ connectionString: 'postgres://postgres@127.0.0.1:1/test', schema: 'nope' }),
    ).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
  });
});
