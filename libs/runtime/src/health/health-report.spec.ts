import { MemoryEventStore } from '@app/event-store';
import { MemoryReadModelStore } from '@app/read-models';
import type { ProjectionHealth, ProjectionMonitor } from '../projections/projection-health';
import { checkHealth } from './health-report';

const live: ProjectionHealth = {
  name: 'account-stats',
  phase: 'live',
  generation: 1,
  checkpoint: '3',
  lagEvents: 0,
  lagSeconds: 0,
};

const monitor = (states: () => Promise<ProjectionHealth[]>): ProjectionMonitor => ({
  start: () => undefined,
  stop: async () => undefined,
  states,
});

describe('checkHealth', () => {
  it('is ok when both stores answer and no projection failed', async () => {
    const { report, problems } = await checkHealth({
      eventStore: new MemoryEventStore(),
      readModels: new MemoryReadModelStore(),
      projections: monitor(async () => [live]),
    });
    expect(report).toEqual({
      status: 'ok',
      eventStore: { store: 'memory', reachable: true },
      readModels: { store: 'memory', reachable: true },
      projections: [live],
    });
    expect(problems).toEqual([]);
  });

  it('is an error when a projection has failed', async () => {
    const failed = { ...live, phase: 'failed' as const, error: { message: 'boom', attempts: 5 } };
    const { report, problems } = await checkHealth({
      eventStore: new MemoryEventStore(),
      readModels: new MemoryReadModelStore(),
      projections: monitor(async () => [failed]),
    });
    expect(report.status).toBe('error');
    expect(problems).toEqual(["Projection 'account-stats' has stopped: boom"]);
  });

  it('is an error when the read-model store does not answer in time, keeping the details for the log', async () => {
    const readModels = new MemoryReadModelStore();
    readModels.ping = () => new Promise(() => undefined);
    const { report, problems } = await checkHealth({
      eventStore: new MemoryEventStore(),
      readModels,
      projections: monitor(() => Promise.reject(new Error('redis://:secret@host refused'))),
      timeoutMs: 20,
    });
    expect(report).toEqual({
      status: 'error',
      eventStore: { store: 'memory', reachable: true },
      readModels: { store: 'memory', reachable: false },
      projections: [],
    });
    expect(JSON.stringify(report)).not.toContain('secret');
    expect(problems.join('\n')).toContain('no answer within 20 ms');
  });
});
