import { MemoryEventStore } from '@app/event-store';
import type { EventStore } from '@app/event-store';
import { events as newEvents } from '@app/event-store-testing';
import { MemoryReadModelStore } from '../adapters/memory.read-model-store';
import type { Projection } from '../projection';
import { accountStatsKey, accountStatsProjection, toAccountStats } from '../projections/account-stats.projection';
import type { ReadModelStore } from '../read-model.port';
import { ProjectionRunner } from '../runner/projection-runner';
import { projectionStatus, formatLagEvents } from './projection-status';
import { RebuildInProgressError, rebuildLockName, rebuildProjection } from './rebuild';
import type { RebuildProgress, RebuildResult } from './rebuild';

const name = accountStatsProjection.name;
const gen = (generation: number) => ({ projection: name, generation });

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function seed(store: EventStore, count: number, accounts = ['1', '2', '3']): Promise<void> {
  for (let i = 0; i < count; i += 100) {
    const accountId = accounts[(i / 100) % accounts.length]!;
    const type = i % 300 === 0 ? 'OtherThingHappened' : 'ThingHappened';
    await store.append([
      {
        stream: `thing-${accountId}.${i}`,
        expected: 'any',
        events: newEvents(accountId, Math.min(100, count - i), type),
      },
    ]);
  }
}

/** A fresh replay of the whole log by the runner into its own store: what any rebuild must equal. */
async function freshReplay(store: EventStore, projection: Projection): Promise<string> {
  const readModels = new MemoryReadModelStore();
  const runner = new ProjectionRunner(store, readModels, [projection], { owner: 'replay' });
  runner.start();
  const head = await store.headPosition();
  await until(
    async () => ((await readModels.checkpoint({ projection: projection.name, generation: 1 })) ?? -1n) >= head,
  );
  await runner.stop();
  return readModels.dump({ projection: projection.name, generation: 1 });
}

/** Per account, the number of events in the log: what account-stats must count. */
async function countsFromLog(store: EventStore): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const e of await store.readAll()) counts[e.metadata.accountId] = (counts[e.metadata.accountId] ?? 0) + 1;
  return counts;
}

async function countsFromReadModel(
  readModels: ReadModelStore,
  generation: number,
  accounts: string[],
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const a of accounts) {
    const stats = toAccountStats(a, await readModels.hgetall(gen(generation), accountStatsKey(a)));
    if (stats.events > 0) counts[a] = stats.events;
  }
  return counts;
}

describe('rebuildProjection', () => {
  let store: MemoryEventStore;
  let readModels: MemoryReadModelStore;
  const runners: ProjectionRunner[] = [];

  beforeEach(() => {
    store = new MemoryEventStore();
    readModels = new MemoryReadModelStore();
  });
  afterEach(async () => {
    await Promise.all(runners.splice(0).map((r) => r.stop()));
  });

  describe('when the projection has been running', () => {
    beforeEach(async () => {
      await seed(store, 3000);
      const runner = new ProjectionRunner(store, readModels, [accountStatsProjection], { owner: 'first' });
      runner.start();
      await until(async () => (await readModels.checkpoint(gen(1))) === 3000n);
      await runner.stop();
    });

    it('builds generation 2, equal byte for byte to a fresh replay, switches to it and drops generation 1', async () => {
      const result = await rebuildProjection(store, readModels, accountStatsProjection, { graceMs: 0 });

      expect(result).toMatchObject({
        previousGeneration: 1,
        generation: 2,
        events: 3000,
        checkpoint: 3000n,
        droppedStale: [],
      });
      expect(await readModels.activeGeneration(name)).toBe(2);
      expect(await readModels.dump(gen(2))).toBe(await freshReplay(store, accountStatsProjection));
      expect(await readModels.dump(gen(1))).toBe('');
      expect(await readModels.checkpoint(gen(1))).toBeUndefined();
    });

    it('keeps serving the old generation while it builds, and drops it only after the grace period', async () => {
      const before = await readModels.dump(gen(1));
      const seen: { phase: string; active: number; oldEvents: number; newCheckpoint?: bigint }[] = [];
      await rebuildProjection(store, readModels, accountStatsProjection, {
        pageSize: 500,
        graceMs: 50,
        onProgress: async (p) => {
          const active = await readModels.activeGeneration(name);
          const old = toAccountStats('1', await readModels.hgetall(gen(1), accountStatsKey('1')));
          seen.push({
            phase: p.phase,
            active,
            oldEvents: old.events,
            newCheckpoint: await readModels.checkpoint(gen(2)),
          });
          if (p.phase === 'building' && p.done === 1500) expect(await readModels.dump(gen(1))).toBe(before);
        },
      });

      const midway = seen.find((s) => s.phase === 'building' && s.newCheckpoint === 1500n)!;
      expect(midway).toEqual({ phase: 'building', active: 1, oldEvents: 1000, newCheckpoint: 1500n });
      // Still there during the grace period, readers having been switched; gone once it is over.
      expect(seen.find((s) => s.phase === 'grace')).toMatchObject({ active: 2, oldEvents: 1000 });
      expect(seen.find((s) => s.phase === 'done')).toMatchObject({ active: 2, oldEvents: 0 });
    });

    it('reports progress with an exact total on gap-free stores, a rate and an ETA', async () => {
      const progress: RebuildProgress[] = [];
      let clock = 0;
      await rebuildProjection(store, readModels, accountStatsProjection, {
        pageSize: 1000,
        graceMs: 0,
        now: () => (clock += 100),
        onProgress: (p) => void progress.push(p),
      });
      const building = progress.filter((p) => p.phase === 'building');
      expect(building.map((p) => [p.done, p.total])).toEqual([
        [0, 3000],
        [1000, 3000],
        [2000, 3000],
        [3000, 3000],
      ]);
      expect(building[1]!.eventsPerSecond).toBeGreaterThan(0);
      expect(building[1]!.etaSeconds).toBeCloseTo(2000 / building[1]!.eventsPerSecond);
      expect(building[3]!.etaSeconds).toBe(0);
      expect(progress.map((p) => p.phase).slice(-4)).toEqual(['switching', 'grace', 'dropping-old', 'done']);
    });

    it('drops a stale half-built generation and builds above every existing one', async () => {
      await readModels.apply({
        ns: gen(2),
        events: [{ position: 10n, ops: [{ op: 'set', key: 'junk', value: 'x' }] }],
        checkpoint: 10n,
      });
      await readModels.apply({ ns: gen(4), events: [], checkpoint: 7n });

      const result = await rebuildProjection(store, readModels, accountStatsProjection, { graceMs: 0 });

      expect(result).toMatchObject({ generation: 5, droppedStale: [2, 4] });
      expect(await readModels.checkpoint(gen(2))).toBeUndefined();
      expect(await readModels.checkpoint(gen(4))).toBeUndefined();
      expect(await readModels.dump(gen(5))).toBe(await freshReplay(store, accountStatsProjection));
    });

    it('refuses to run while another rebuild of the same projection holds the lock', async () => {
      await readModels.acquireLease(rebuildLockName(name), 'someone-else', 60_000);
      await expect(rebuildProjection(store, readModels, accountStatsProjection)).rejects.toBeInstanceOf(
        RebuildInProgressError,
      );
      expect(await readModels.activeGeneration(name)).toBe(1);
    });

    it('leaves the old generation active and removes the new one when the projection throws', async () => {
      const failing: Projection = {
        ...accountStatsProjection,
        evolve: (e) => {
          if (e.position === 2500n) throw new Error('boom');
          return accountStatsProjection.evolve(e);
        },
      };
      await expect(rebuildProjection(store, readModels, failing, { graceMs: 0 })).rejects.toThrow('boom');
      expect(await readModels.activeGeneration(name)).toBe(1);
      expect(await readModels.checkpoint(gen(1))).toBe(3000n);
      expect(await readModels.checkpoint(gen(2))).toBeUndefined();
    });
  });

  it('advances the checkpoint over events the projection does not handle', async () => {
    await seed(store, 600);
    const onlyOther: Projection = {
      name: 'other-only',
      eventTypes: ['OtherThingHappened'],
      evolve: (e) => [{ op: 'hincrby', key: 'n', field: e.metadata.accountId, by: 1 }],
    };
    const result = await rebuildProjection(store, readModels, onlyOther, { graceMs: 0, pageSize: 250 });
    expect(result.checkpoint).toBe(600n);
    expect(await readModels.hgetall({ projection: 'other-only', generation: 2 }, 'n')).toEqual({ '1': '200' });
    expect(await readModels.dump({ projection: 'other-only', generation: 2 })).toBe(
      await freshReplay(store, onlyOther),
    );
  });

  it('gives an empty log a generation with checkpoint 0', async () => {
    const result = await rebuildProjection(store, readModels, accountStatsProjection, { graceMs: 0 });
    expect(result).toMatchObject({ generation: 2, events: 0, checkpoint: 0n });
    expect(await readModels.checkpoint(gen(2))).toBe(0n);
  });

  describe('when a runner follows the log live and a writer keeps appending', () => {
    it('moves the runner to the new generation with no event lost or counted twice', async () => {
      await seed(store, 4000);
      const runner = new ProjectionRunner(store, readModels, [accountStatsProjection], {
        owner: 'live',
        batchSize: 200,
        generationCheckMs: 20,
      });
      runners.push(runner);
      runner.start();
      await until(async () => (await readModels.checkpoint(gen(1))) === 4000n);
      let writing = true;
      const writer = (async () => {
        for (let i = 0; writing; i++) {
          const accountId = ['1', '2', '4'][i % 3]!;
          const events = newEvents(accountId, 1 + (i % 3));
          await store.append([{ stream: `live-${accountId}.${i}`, expected: 'any', events }]);
          await new Promise((r) => setTimeout(r, 2));
        }
      })();
      let result: RebuildResult;
      try {
        result = await rebuildProjection(store, readModels, accountStatsProjection, {
          pageSize: 300,
          graceMs: 200,
          onProgress: () => new Promise((r) => setTimeout(r, 3)), // slow the rebuild so appends interleave with it
        });
        await until(() => runner.status()[0]!.generation === 2);
      } finally {
        writing = false;
        await writer;
      }
      const head = await store.headPosition();
      expect(head).toBeGreaterThan(result.checkpoint); // appends did land after the rebuild caught up
      await until(async () => (await readModels.checkpoint(gen(2))) === head);

      expect(await countsFromReadModel(readModels, 2, ['1', '2', '3', '4'])).toEqual(await countsFromLog(store));
      expect(await readModels.dump(gen(2))).toBe(await freshReplay(store, accountStatsProjection));
      expect(await readModels.checkpoint(gen(1))).toBeUndefined();
    }, 15_000);
  });
});

describe('projectionStatus', () => {
  let store: MemoryEventStore;
  let readModels: MemoryReadModelStore;
  beforeEach(() => {
    store = new MemoryEventStore();
    readModels = new MemoryReadModelStore();
  });

  it('says never-run before the first write, with the whole log as lag', async () => {
    await seed(store, 250);
    const [status] = await projectionStatus(store, readModels, [accountStatsProjection]);
    expect(status).toMatchObject({
      name,
      state: 'never-run',
      generation: 1,
      checkpoint: undefined,
      lagEvents: 250,
      lagCapped: false,
    });
  });

  it('counts the events after the checkpoint and the age of the first one', async () => {
    await seed(store, 300);
    const firstUnapplied = (await store.readAll({ after: 120n, maxCount: 1 }))[0]!;
    await readModels.apply({ ns: gen(1), events: [], checkpoint: 120n });
    const now = Date.parse(firstUnapplied.recordedAt) + 4_500;

    const [status] = await projectionStatus(store, readModels, [accountStatsProjection], {
      now: () => now,
      pageSize: 50,
    });

    expect(status).toMatchObject({
      state: 'behind',
      checkpoint: 120n,
      head: 300n,
      lagEvents: 180,
      lagCapped: false,
      lagSeconds: 4.5,
    });
  });

  it('counts without reading the events when the store counts, and the same way when it does not', async () => {
    await seed(store, 3000);
    await readModels.apply({ ns: gen(1), events: [], checkpoint: 1000n });
    const reads = jest.spyOn(store, 'readAll');
    const now = () => Date.parse('2100-01-01T00:00:00.000Z');
    const [counted] = await projectionStatus(store, readModels, [accountStatsProjection, accountStatsProjection], {
      now,
    });
    // One read of the first unapplied event for both projections (same checkpoint), none of the other 1,999.
    expect(reads.mock.calls).toEqual([[{ after: 1000n, maxCount: 1 }]]);
    reads.mockClear();
    const withoutCount = Object.assign(Object.create(store) as MemoryEventStore, { countEvents: undefined });
    const [read] = await projectionStatus(withoutCount, readModels, [accountStatsProjection], { now });
    expect(reads.mock.calls.length).toBeGreaterThan(0);
    expect({ ...read, otherGenerations: undefined }).toEqual({ ...counted, otherGenerations: undefined });
    expect(counted).toMatchObject({ lagEvents: 2000, lagCapped: false });
  });

  it('caps the count and marks it', async () => {
    await seed(store, 300);
    const [status] = await projectionStatus(store, readModels, [accountStatsProjection], { lagCap: 100, pageSize: 40 });
    expect(status).toMatchObject({ lagEvents: 100, lagCapped: true });
    expect(formatLagEvents(status!)).toBe('100+');
  });

  it('says up-to-date with zero lag, and lists a generation being built', async () => {
    await seed(store, 100);
    await readModels.apply({ ns: gen(1), events: [], checkpoint: 100n });
    await readModels.apply({ ns: gen(2), events: [], checkpoint: 40n });
    const [status] = await projectionStatus(store, readModels, [accountStatsProjection]);
    expect(status).toMatchObject({
      state: 'up-to-date',
      lagEvents: 0,
      lagSeconds: 0,
      otherGenerations: [{ generation: 2, checkpoint: 40n }],
    });
  });
});
