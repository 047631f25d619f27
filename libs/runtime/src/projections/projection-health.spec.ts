import { Registry } from 'prom-client';
import { MemoryEventStore, type EventStore } from '@app/event-store';
import { events } from '@app/event-store-testing';
import { MemoryReadModelStore, accountStatsProjection, type Projection } from '@app/read-models';
import { ProjectionHost } from './projection-host';
import { ProjectionTracker, type ProjectionHealth } from './projection-health';
import { ProjectionMetrics } from './projection-metrics';

async function until<T>(probe: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`not in time: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const seed = (store: EventStore, count: number) =>
  store.append([{ stream: 'thing-1.a', expected: 'any', events: events('1', count) }]);

describe('ProjectionTracker', () => {
  describe('when another process runs the projections', () => {
    it('reports the stored checkpoint and the events after it', async () => {
      const eventStore = new MemoryEventStore();
      const readModels = new MemoryReadModelStore();
      await seed(eventStore, 5);
      await readModels.apply({ ns: { projection: 'account-stats', generation: 1 }, events: [], checkpoint: 2n });
      const tracker = new ProjectionTracker({ eventStore, readModels, projections: [accountStatsProjection] });

      const [state] = await tracker.states();
      expect(state).toMatchObject({ name: 'account-stats', phase: 'external', checkpoint: '2', lagEvents: 3 });
      expect(state!.lagSeconds).toBeGreaterThanOrEqual(0);
    });

    it('fails when the stores cannot be read', async () => {
      const eventStore = new MemoryEventStore();
      const readModels = new MemoryReadModelStore();
      readModels.activeGeneration = () => Promise.reject(new Error('connection refused'));
      const tracker = new ProjectionTracker({ eventStore, readModels, projections: [accountStatsProjection] });
      await expect(tracker.states()).rejects.toThrow('connection refused');
    });
  });
});

describe('ProjectionHost', () => {
  const hosts: ProjectionHost[] = [];
  afterEach(() => Promise.all(hosts.splice(0).map((h) => h.stop())));

  const start = (projections: Projection[], registry = new Registry()) => {
    const eventStore = new MemoryEventStore();
    const host = new ProjectionHost(eventStore, new MemoryReadModelStore(), projections, {
      metrics: new ProjectionMetrics(registry),
      poisonAttempts: 1,
      retryBaseMs: 1,
    });
    hosts.push(host);
    host.start();
    return { eventStore, host, registry };
  };
  const settled = (host: ProjectionHost, position: bigint) =>
    until(
      () => host.states(),
      (states: ProjectionHealth[]) => states.every((s) => s.phase === 'failed' || s.checkpoint === String(position)),
    );

  it('runs the projections under a per-process owner and reports them live', async () => {
    const { eventStore, host, registry } = start([accountStatsProjection]);
    expect(host.owner).toMatch(/^.+:\d+:[0-9a-f]{8}$/);
    const { position } = await seed(eventStore, 4);
    const [state] = await settled(host, position);
    expect(state).toEqual({
      name: 'account-stats',
      phase: 'live',
      generation: 1,
      checkpoint: String(position),
      lagEvents: 0,
      lagSeconds: 0,
    });
    expect(await registry.metrics()).toMatch(/^projection_events_applied_total\{projection="account-stats"\} 4$/m);
  });

  it('shows a poison event with its position, and stops only that projection', async () => {
    const poison: Projection = {
      name: 'poison',
      eventTypes: 'all',
      evolve: () => {
        throw new Error('bad event');
      },
    };
    const { eventStore, host, registry } = start([poison, accountStatsProjection]);
    const { position } = await seed(eventStore, 1);
    const [failed, stats] = await settled(host, position);
    expect(failed).toMatchObject({ name: 'poison', phase: 'failed', checkpoint: '0', lagEvents: 1 });
    expect(failed!.error).toMatchObject({ position: String(position), eventType: 'ThingHappened', attempts: 1 });
    expect(failed!.error!.message).toContain('bad event');
    expect(stats).toMatchObject({ phase: 'live', checkpoint: String(position) });
    expect(await registry.metrics()).toMatch(/^projection_errors_total\{projection="poison",kind="poison"\} 1$/m);
  });
});
