import { MemoryReadModelStore } from '@app/read-models';
import { CheckpointWaiter } from './checkpoint-waiter';

describe('CheckpointWaiter', () => {
  const setup = () => {
    const store = new MemoryReadModelStore();
    const advance = (projection: string, checkpoint: bigint, generation = 1) =>
      store.apply({ ns: { projection, generation }, events: [], checkpoint });
    return { store, advance, waiter: new CheckpointWaiter(store) };
  };

  it('answers at once when every projection has passed the position', async () => {
    const { advance, waiter } = setup();
    await advance('a', 5n);
    await advance('b', 9n);
    expect(await waiter.waitFor(['a', 'b'], 5n, 0)).toBe(true);
  });

  it('waits until the slowest projection passes the position', async () => {
    const { advance, waiter } = setup();
    await advance('a', 9n);
    const waiting = waiter.waitFor(['a', 'b'], 5n, 2000);
    await new Promise((r) => setTimeout(r, 30));
    await advance('b', 5n);
    const started = Date.now();
    waiter.notify();
    expect(await waiting).toBe(true);
    expect(Date.now() - started).toBeLessThan(50);
  });

  it('gives up after the timeout', async () => {
    const { advance, waiter } = setup();
    await advance('a', 4n);
    const started = Date.now();
    expect(await waiter.waitFor(['a'], 5n, 60)).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
  });

  it('reads the active generation', async () => {
    const { store, advance, waiter } = setup();
    await advance('a', 10n, 1);
    await advance('a', 2n, 2);
    await store.setActiveGeneration('a', 2);
    expect(await waiter.waitFor(['a'], 5n, 0)).toBe(false);
  });
});
