import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { streamName } from '@app/event-store';
import { SqliteEventStore } from '@app/event-store/adapters/sqlite.event-store';
import { events } from '@app/event-store-testing';
import { accountStatsKey, accountStatsProjection, SqliteReadModelStore, toAccountStats } from '@app/read-models';
import { freePort, startTsNode } from '../api/support/spawn';
import { until } from '../api/support/until';

jest.setTimeout(120_000);

const MAIN = 'apps/projector/src/main.ts';
const ns = { projection: accountStatsProjection.name, generation: 1 };
const TOTAL = 60_000;

/**
 * Reliability: `kill -9` the projector in the middle of its catch-up, start it again, and the read model is exact —
 * no event lost, none counted twice — because effect and checkpoint land in one transaction.
 */
describe('apps/projector killed mid-catch-up (e2e)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'labels-projector-crash-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('resumes from its checkpoint after kill -9 and ends with exact counts', async () => {
    const store = new SqliteEventStore({ path: join(dir, 'events.db') });
    for (let i = 0; i < TOTAL / 100; i++) {
      const account = String(1 + (i % 3));
      await store.append([
        { stream: streamName('thing', account, i), expected: 'no_stream', events: events(account, 100) },
      ]);
    }
    const head = await store.headPosition();
    const readModels = new SqliteReadModelStore({ path: join(dir, 'read-models.db') });
    const env = {
      EVENT_STORE: 'sqlite',
      SQLITE_PATH: join(dir, 'events.db'),
      READ_MODELS: 'sqlite',
      LOG_LEVEL: 'warn',
    };
    try {
      const first = startTsNode(MAIN, { ...env, PROJECTOR_PORT: String(await freePort()) });
      const reached = await until(
        () => readModels.checkpoint(ns),
        (cp) => cp !== undefined && cp > 0n,
        { what: 'a first checkpoint', timeoutMs: 60_000 },
      );
      first.child.kill('SIGKILL');
      const { signal } = await first.exited;
      expect(signal).toBe('SIGKILL');
      const afterKill = (await readModels.checkpoint(ns))!;
      // The kill landed mid-catch-up, or this test proves nothing.
      expect(afterKill >= reached! && afterKill < head).toBe(true);

      const second = startTsNode(MAIN, { ...env, PROJECTOR_PORT: String(await freePort()) });
      try {
        await until(
          () => readModels.checkpoint(ns),
          (cp) => cp === head,
          { what: 'the checkpoint at the head', timeoutMs: 60_000 },
        );
      } finally {
        second.child.kill('SIGTERM');
        await second.exited;
      }
      const counts = [1, 2, 3].map(async (a) =>
        toAccountStats(String(a), await readModels.hgetall(ns, accountStatsKey(String(a)))),
      );
      const [a1, a2, a3] = await Promise.all(counts);
      expect([a1!.events, a2!.events, a3!.events]).toEqual([20_000, 20_000, 20_000]);
      expect(a1!.byType).toEqual({ ThingHappened: 20_000 });
      expect(BigInt(a3!.lastPosition!)).toBe(head);
    } finally {
      await readModels.close();
      await store.close();
    }
  });
});
