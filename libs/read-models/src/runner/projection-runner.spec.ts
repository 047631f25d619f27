import { MemoryEventStore } from '@app/event-store';
import type { EventStore, RecordedEvent } from '@app/event-store';
import { events as newEvents } from '@app/event-store-testing';
import { MemoryReadModelStore } from '../adapters/memory.read-model-store';
import type { Projection } from '../projection';
import { accountStatsKey, accountStatsProjection, toAccountStats } from '../projections/account-stats.projection';
import type { ApplyBatch, ApplyResult, ReadModelStore } from '../read-model.port';
import { ProjectionRunner } from './projection-runner';
import type { ProjectionStatus } from './projection-runner';

const ns = { projection: 'account-stats', generation: 1 };

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function seed(store: EventStore, count: number, accountId = '1'): Promise<void> {
  for (let i = 0; i < count; i += 100) {
    await store.append([
      { stream: `thing-${accountId}.${i}`, expected: 'any', events: newEvents(accountId, Math.min(100, count - i)) },
    ]);
  }
}

const statusOf = (runner: ProjectionRunner, name: string): ProjectionStatus =>
  runner.status().find((s) => s.name === name)!;

/** Counts every event once more than the last time it saw it: only exact, checkpointed replays keep it honest. */
const counter: Projection = {
  name: 'counter',
  eventTypes: 'all',
  evolve: (e) => [{ op: 'hincrby', key: 'n', field: e.metadata.accountId, by: 1 }],
};

describe('ProjectionRunner', () => {
  let store: MemoryEventStore;
  let readModels: MemoryReadModelStore;
  const runners: ProjectionRunner[] = [];
  const runner = (
    projections: Projection[],
    options: Partial<ConstructorParameters<typeof ProjectionRunner>[3]> = {},
    rm: ReadModelStore = readModels,
  ) => {
    const r = new ProjectionRunner(store, rm, projections, {
      owner: `owner-${runners.length}`,
      retryBaseMs: 5,
      ...options,
    });
    runners.push(r);
    return r;
  };

  beforeEach(() => {
    store = new MemoryEventStore();
    readModels = new MemoryReadModelStore();
  });
  afterEach(async () => {
    await Promise.all(runners.splice(0).map((r) => r.stop()));
  });

  it('catches up in batches, then applies live events, with the checkpoint in the store', async () => {
    await seed(store, 1200);
    const batchSizes: number[] = [];
    const r = runner([accountStatsProjection], {
      batchSize: 500,
      observer: { batchApplied: (_p, n) => batchSizes.push(n) },
    });
    r.start();
    await until(() => statusOf(r, 'account-stats').phase === 'live');
    expect(await readModels.checkpoint(ns)).toBe(1200n);
    expect(batchSizes.slice(0, 2)).toEqual([500, 500]);
    await seed(store, 3, '2');
    await until(async () => (await readModels.checkpoint(ns)) === 1203n);
    expect(toAccountStats('1', await readModels.hgetall(ns, accountStatsKey('1'))).events).toBe(1200);
    expect(toAccountStats('2', await readModels.hgetall(ns, accountStatsKey('2'))).events).toBe(3);
  });

  it('events a projection does not handle advance its checkpoint', async () => {
    const onlyCreated: Projection = { ...counter, name: 'only-created', eventTypes: ['Created'] };
    await store.append([{ stream: 'thing-1.a', expected: 'any', events: newEvents('1', 3, 'Other') }]);
    const r = runner([onlyCreated]);
    r.start();
    await until(async () => (await readModels.checkpoint({ projection: 'only-created', generation: 1 })) === 3n);
    expect(await readModels.hgetall({ projection: 'only-created', generation: 1 }, 'n')).toEqual({});
  });

  it('restarts from the stored checkpoint after a crash between the effect and the acknowledgement', async () => {
    await seed(store, 300);
    // The writer commits, then the process "dies" before the runner learns it (once), and once before committing.
    let crashes = 0;
    const crashing: ReadModelStore = Object.create(readModels) as ReadModelStore;
    crashing.apply = async (batch: ApplyBatch): Promise<ApplyResult> => {
      crashes++;
      if (crashes === 2) throw new Error('crash before commit');
      const result = await readModels.apply(batch);
      if (crashes === 1) throw new Error('crash after commit');
      return result;
    };
    const r = runner([counter], { batchSize: 100 }, crashing);
    r.start();
    await until(async () => (await readModels.checkpoint({ projection: 'counter', generation: 1 })) === 300n);
    expect(crashes).toBeGreaterThanOrEqual(4);
    expect(await readModels.hgetall({ projection: 'counter', generation: 1 }, 'n')).toEqual({ '1': '300' });
  });

  it('a poison event stops its projection visibly while the others keep going', async () => {
    await seed(store, 5);
    const all = await store.readAll();
    const poison: Projection = {
      name: 'poison',
      eventTypes: 'all',
      evolve: (e: RecordedEvent) => {
        if (e.position === all[2]!.position) throw new Error('cannot handle this one');
        return [{ op: 'hincrby', key: 'n', field: 'x', by: 1 }];
      },
    };
    const errors: string[] = [];
    const r = runner([poison, counter], {
      poisonAttempts: 3,
      logger: { info: () => undefined, warn: () => undefined, error: (_o, msg) => errors.push(msg) },
    });
    r.start();
    await until(() => statusOf(r, 'poison').phase === 'failed');
    const failed = statusOf(r, 'poison');
    expect(failed.error).toMatchObject({ position: all[2]!.position.toString(), eventId: all[2]!.id, attempts: 3 });
    expect(failed.error!.message).toContain('cannot handle this one');
    expect(errors.join('\n')).toContain("Projection 'poison' stopped on a poison event");
    // Everything before the poison event was kept; nothing after it was skipped over.
    expect(await readModels.checkpoint({ projection: 'poison', generation: 1 })).toBe(all[1]!.position);
    expect(await readModels.hgetall({ projection: 'poison', generation: 1 }, 'n')).toEqual({ x: '2' });
    await seed(store, 2);
    await until(async () => (await readModels.checkpoint({ projection: 'counter', generation: 1 })) === 7n);
    expect(statusOf(r, 'counter').phase).toBe('live');
  });

  it('an event that throws once is retried and applied, in order', async () => {
    await seed(store, 5);
    const all = await store.readAll();
    let thrown = 0;
    const flaky: Projection = {
      name: 'flaky',
      eventTypes: 'all',
      evolve: (e: RecordedEvent) => {
        if (e.position === all[2]!.position && thrown++ === 0) throw new Error('not yet');
        return [{ op: 'zadd', key: 'order', member: e.id, score: Number(e.position) }];
      },
    };
    const warnings: string[] = [];
    const r = runner([flaky], {
      logger: { info: () => undefined, warn: (_o, msg) => warnings.push(msg), error: () => undefined },
    });
    r.start();
    await until(async () => (await readModels.checkpoint({ projection: 'flaky', generation: 1 })) === 5n);
    expect(thrown).toBe(2);
    expect(warnings).toEqual(["Projection 'flaky' threw on an event; retrying"]);
    const members = await readModels.zrange({ projection: 'flaky', generation: 1 }, 'order');
    expect(members.map((m) => m.member)).toEqual(all.map((e) => e.id));
  });

  it('two runners on one projection: one writes, the other waits, and takes over when the first stops', async () => {
    const first = runner([counter], { leaseTtlMs: 300 });
    const second = runner([counter], { leaseTtlMs: 300 });
    first.start();
    await until(() => statusOf(first, 'counter').phase === 'live');
    second.start();
    await seed(store, 10);
    await until(async () => (await readModels.checkpoint({ projection: 'counter', generation: 1 })) === 10n);
    await new Promise((r) => setTimeout(r, 400));
    expect(statusOf(second, 'counter').phase).toBe('waiting-for-lease');
    expect(statusOf(second, 'counter').eventsApplied).toBe(0);
    await first.stop();
    await seed(store, 5);
    await until(async () => (await readModels.checkpoint({ projection: 'counter', generation: 1 })) === 15n);
    expect(statusOf(second, 'counter').eventsApplied).toBe(5);
    expect(await readModels.hgetall({ projection: 'counter', generation: 1 }, 'n')).toEqual({ '1': '15' });
  });

  it('replaying the whole log twice into fresh namespaces gives identical read models', async () => {
    await seed(store, 250, '1');
    await seed(store, 120, '2');
    const dumps: string[] = [];
    for (const generation of [2, 3]) {
      await readModels.setActiveGeneration('account-stats', generation);
      const r = runner([accountStatsProjection], { owner: `replay-${generation}`, batchSize: 64 });
      r.start();
      await until(async () => (await readModels.checkpoint({ projection: 'account-stats', generation })) === 370n);
      await r.stop();
      dumps.push(await readModels.dump({ projection: 'account-stats', generation }));
    }
    expect(dumps[0]).toBe(dumps[1]);
    expect(dumps[0]).toContain('hash account:2 events 120');
  });

  it('an idle runner notices a switched generation without waiting for a new event', async () => {
    const r = runner([counter], { leaseTtlMs: 150 });
    r.start();
    await seed(store, 2);
    await until(async () => (await readModels.checkpoint({ projection: 'counter', generation: 1 })) === 2n);
    await readModels.apply({
      ns: { projection: 'counter', generation: 2 },
      events: [{ position: 2n, ops: [{ op: 'hset', key: 'n', field: '1', value: '2' }] }],
      checkpoint: 2n,
    });
    await readModels.setActiveGeneration('counter', 2);
    await until(() => statusOf(r, 'counter').generation === 2 && statusOf(r, 'counter').phase === 'live');
    await readModels.dropNamespace({ projection: 'counter', generation: 1 });
    await seed(store, 1);
    await until(async () => (await readModels.checkpoint({ projection: 'counter', generation: 2 })) === 3n);
    // Nothing was written to the dropped generation.
    expect(await readModels.checkpoint({ projection: 'counter', generation: 1 })).toBeUndefined();
  });

  it('switches to a generation activated by a rebuild', async () => {
    const r = runner([counter], { generationCheckMs: 0 });
    r.start();
    await seed(store, 3);
    await until(async () => (await readModels.checkpoint({ projection: 'counter', generation: 1 })) === 3n);
    // A rebuild filled generation 2 up to position 3 and switched.
    await readModels.apply({
      ns: { projection: 'counter', generation: 2 },
      events: [{ position: 3n, ops: [{ op: 'hset', key: 'n', field: '1', value: '3' }] }],
      checkpoint: 3n,
    });
    await readModels.setActiveGeneration('counter', 2);
    await seed(store, 2);
    await until(async () => (await readModels.checkpoint({ projection: 'counter', generation: 2 })) === 5n);
    expect(statusOf(r, 'counter').generation).toBe(2);
    expect(await readModels.hgetall({ projection: 'counter', generation: 2 }, 'n')).toEqual({ '1': '5' });
  });
});
