import { PROJECTIONS } from '@app/read-models/projections';
import { MemoryEventStore, type StoreHealth } from '@app/event-store';
import { bootTestApp } from './support/test-app';

class UnreachableStore extends MemoryEventStore {
  closed = false;
  override async health(): Promise<StoreHealth> {
    return { store: 'postgres', reachable: false, detail: 'connect ECONNREFUSED 127.0.0.1:5432' };
  }
  override async close(): Promise<void> {
    this.closed = true;
    await super.close();
  }
}

describe('GET /health (e2e)', () => {
  it('answers 200 without a token when the store is reachable', async () => {
    const app = await bootTestApp();
    try {
      const response = await app.inject({ method: 'GET', url: '/health' });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.json()).toEqual({
        status: 'ok',
        eventStore: { store: 'memory', reachable: true },
        readModels: { store: 'memory', reachable: true },
        projections: PROJECTIONS.map(({ name }) =>
          expect.objectContaining({ name, generation: 1, checkpoint: '0', lagEvents: 0 }),
        ),
      });
    } finally {
      await app.close();
    }
  });

  it('answers 503 with the same shape when the store is unreachable, without its details', async () => {
    const store = new UnreachableStore();
    const app = await bootTestApp({ eventStore: store });
    try {
      const response = await app.inject({ method: 'GET', url: '/health' });
      expect(response.statusCode).toBe(503);
      expect(response.json()).toMatchObject({
        status: 'error',
        eventStore: { store: 'postgres', reachable: false },
        readModels: { store: 'memory', reachable: true },
      });
      expect(response.body).not.toContain('ECONNREFUSED');
    } finally {
      await app.close();
    }
    expect(store.closed).toBe(true);
  });
});
