import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore } from '@app/event-store';
import { SqliteEventStore } from '@app/event-store/adapters/sqlite.event-store';
import { events as newEvents } from '@app/event-store-testing';
import { MemoryReadModelStore } from '../adapters/memory.read-model-store';
import { accountStatsKey, accountStatsProjection, toAccountStats } from '../projections/account-stats.projection';
import type { ReadModelStore } from '../read-model.port';
import { ProjectionRunner } from '../runner/projection-runner';
import { projectionStatus } from './projection-status';
import { rebuildProjection } from './rebuild';

const name = accountStatsProjection.name;
const gen = (generation: number) => ({ projection: name, generation });
const ACCOUNTS = ['1', '2', '3'];

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function replayInMemory(store: EventStore): Promise<string> {
  const memory = new MemoryReadModelStore();
  await rebuildProjection(store, memory, accountStatsProjection, { graceMs: 0 });
  return memory.dump(gen(2));
}

/**
 * The rebuild against a real read-model store and a SQLite event store: a runner follows the log live and a writer
 * keeps appending while the rebuild runs. `create` gives a fresh, empty read-model store; `cleanUp` removes it.
 */
export function describeRebuildOn(label: string, create: () => Promise<ReadModelStore>): void {
  describe(`rebuild on ${label}`, () => {
    let dir: string;
    let store: SqliteEventStore;
    let readModels: ReadModelStore;
    let runner: ProjectionRunner | undefined;

    beforeEach(async () => {
      dir = mkdtempSync(join(tmpdir(), 'rebuild-'));
      store = new SqliteEventStore({ path: join(dir, 'events.db') });
      readModels = await create();
      for (let i = 0; i < 3000; i += 100) {
        const accountId = ACCOUNTS[(i / 100) % ACCOUNTS.length]!;
        await store.append([{ stream: `thing-${accountId}.${i}`, expected: 'any', events: newEvents(accountId, 100) }]);
      }
    });
    afterEach(async () => {
      await runner?.stop();
      runner = undefined;
      await readModels.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('switches a live runner to a generation equal to a fresh replay, no event lost or double-counted', async () => {
      runner = new ProjectionRunner(store, readModels, [accountStatsProjection], {
        owner: 'live',
        batchSize: 250,
        generationCheckMs: 20,
      });
      runner.start();
      await until(async () => (await readModels.checkpoint(gen(1))) === 3000n);

      let writing = true;
      const writer = (async () => {
        for (let i = 0; writing; i++) {
          const accountId = ACCOUNTS[i % ACCOUNTS.length]!;
          await store.append([{ stream: `live-${accountId}.${i}`, expected: 'any', events: newEvents(accountId, 2) }]);
          await new Promise((r) => setTimeout(r, 2));
        }
      })();
      const midway: { active: number; oldEvents: number }[] = [];
      try {
        await rebuildProjection(store, readModels, accountStatsProjection, {
          pageSize: 500,
          graceMs: 300,
          onProgress: async (p) => {
            if (p.phase !== 'building' || p.done !== 1500) return;
            const old = await readModels.hgetall(gen(1), accountStatsKey('1'));
            midway.push({
              active: await readModels.activeGeneration(name),
              oldEvents: toAccountStats('1', old).events,
            });
          },
        });
        await until(() => runner!.status()[0]!.generation === 2);
      } finally {
        writing = false;
        await writer;
      }
      const head = await store.headPosition();
      await until(async () => (await readModels.checkpoint(gen(2))) === head);

      expect(midway).toHaveLength(1);
      expect(midway[0]!.active).toBe(1);
      expect(midway[0]!.oldEvents).toBeGreaterThanOrEqual(1000); // the old generation still served, and grew
      const fromLog: Record<string, number> = {};
      for (const e of await store.readAll()) fromLog[e.metadata.accountId] = (fromLog[e.metadata.accountId] ?? 0) + 1;
      for (const a of ACCOUNTS) {
        expect(toAccountStats(a, await readModels.hgetall(gen(2), accountStatsKey(a))).events).toBe(fromLog[a]);
      }
      expect(await readModels.dump(gen(2))).toBe(await replayInMemory(store));
      expect(await readModels.checkpoint(gen(1))).toBeUndefined();
      expect(await readModels.dump(gen(1))).toBe('');
      const [status] = await projectionStatus(store, readModels, [accountStatsProjection]);
      expect(status).toMatchObject({ state: 'up-to-date', generation: 2, checkpoint: head, otherGenerations: [] });
    }, 60_000);
  });
}
