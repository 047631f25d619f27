import { MemoryEventStore } from '@app/event-store';
import { AccountPositions } from './account-positions';
import type { CommandContext } from './command-context';
import { StreamLoader } from '../schema/stream-loader';
import { CommandExecutor } from './command-executor';
import { outsideWriteGroup } from './write-group';

const context = {
  accountId: 'a1',
  actor: 'u1',
  commandId: 'c1',
  correlationId: 'c1',
  causationId: 'c1',
  now: '2026-01-01T00:00:00.000Z',
  route: 'test',
  principal: { userId: 'u1', accountId: 'a1', roles: ['super_admin'] },
} as unknown as CommandContext;

describe('CommandExecutor.group', () => {
  it('appends what is pending when a command read a stream around the group, then decides that command again', async () => {
    const store = new MemoryEventStore();
    const executor = new CommandExecutor(store, new AccountPositions(), new StreamLoader(store));
    const appends = jest.spyOn(store, 'append');
    const attempts: number[] = [];
    const outcome = await executor.group(context, async () => {
      await executor.execute(
        context,
        async () => ({
          writes: [{ stream: 'thing-a1.1', expected: 'no_stream', events: [{ type: 'A', data: {} }] }],
          result: 1,
        }),
        'first',
      );
      // The second command reads the stream from the store itself (not through the group), so it sees no stream.
      await executor.execute(
        context,
        async (attempt) => {
          attempts.push(attempt);
          const revision = await store.streamRevision('thing-a1.1');
          return {
            writes: [{ stream: 'thing-a1.1', expected: revision ?? 'no_stream', events: [{ type: 'B', data: {} }] }],
            result: 2,
          };
        },
        'second',
      );
      return { position: 0n, result: 'done' };
    });
    expect(attempts).toEqual([1, 2]);
    expect(appends).toHaveBeenCalledTimes(2);
    expect((await store.readStream('thing-a1.1')).map((e) => e.type)).toEqual(['A', 'B']);
    expect(outcome).toEqual({ position: await store.headPosition(), result: 'done' });
  });

  it('decides the whole group again when another writer moved a stream it read', async () => {
    const store = new MemoryEventStore();
    const executor = new CommandExecutor(store, new AccountPositions(), new StreamLoader(store));
    let runs = 0;
    await executor.group(context, async () => {
      runs++;
      const revision = await store.streamRevision('thing-a1.2');
      await executor.execute(context, async () => ({
        writes: [{ stream: 'thing-a1.2', expected: revision ?? 'no_stream', events: [{ type: 'Mine', data: {} }] }],
        result: undefined,
      }));
      if (runs === 1) {
        const other = { ...context, commandId: 'other' };
        // Another request, not part of this batch.
        await outsideWriteGroup(() =>
          executor.execute(other, async () => ({
            writes: [{ stream: 'thing-a1.2', expected: 'no_stream', events: [{ type: 'Theirs', data: {} }] }],
            result: undefined,
          })),
        );
      }
      return { position: 0n, result: undefined };
    });
    expect(runs).toBe(2);
    expect((await store.readStream('thing-a1.2')).map((e) => e.type)).toEqual(['Theirs', 'Mine']);
  });
});

describe('CommandExecutor on a hot stream', () => {
  it('lets 40 concurrent commands on one stream take turns: all succeed, none decides more than twice', async () => {
    const store = new MemoryEventStore();
    const executor = new CommandExecutor(store, new AccountPositions(), new StreamLoader(store));
    const attempts = new Map<number, number>();
    const command = (n: number) =>
      executor.execute({ ...context, commandId: `hot-${n}` }, async (attempt) => {
        attempts.set(n, attempt);
        const revision = await store.streamRevision('hub-a1.1');
        await new Promise((resolve) => setTimeout(resolve, 1)); // the rest of a real decision
        return {
          writes: [
            { stream: 'hub-a1.1', expected: revision ?? 'no_stream', events: [{ type: 'Linked', data: { n } }] },
          ],
          result: n,
        };
      });
    const outcomes = await Promise.allSettled(Array.from({ length: 40 }, (_, n) => command(n)));
    expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
    expect(await store.readStream('hub-a1.1')).toHaveLength(40);
    expect(Math.max(...attempts.values())).toBeLessThanOrEqual(2);
  });

  it('still decides again when another process moved the stream while it held its turn', async () => {
    const store = new MemoryEventStore();
    const executor = new CommandExecutor(store, new AccountPositions(), new StreamLoader(store));
    const other = new CommandExecutor(store, new AccountPositions(), new StreamLoader(store)); // another api process
    const write = (by: CommandExecutor, n: number) =>
      by.execute({ ...context, commandId: `x-${n}` }, async () => {
        const revision = await store.streamRevision('hub-a1.2');
        await new Promise((resolve) => setTimeout(resolve, 1));
        return {
          writes: [
            { stream: 'hub-a1.2', expected: revision ?? 'no_stream', events: [{ type: 'Linked', data: { n } }] },
          ],
          result: n,
        };
      });
    const outcomes = await Promise.allSettled([
      ...Array.from({ length: 10 }, (_, n) => write(executor, n)),
      ...Array.from({ length: 3 }, (_, n) => write(other, 100 + n)),
    ]);
    expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
    expect(await store.readStream('hub-a1.2')).toHaveLength(13);
  });

  it('lets batches (write groups) and single commands on one stream take turns too: all succeed', async () => {
    const store = new MemoryEventStore();
    const loader = new StreamLoader(store);
    const executor = new CommandExecutor(store, new AccountPositions(), loader);
    const fold = { name: 'count', initialState: () => 0, evolve: (n: number) => n + 1 };
    const link = (commandId: string) =>
      executor.execute({ ...context, commandId }, async () => {
        const loaded = await loader.load('hub-a1.3', fold);
        await new Promise((resolve) => setTimeout(resolve, 1));
        return {
          writes: [
            { stream: 'hub-a1.3', expected: loaded.revision ?? 'no_stream', events: [{ type: 'Linked', data: {} }] },
          ],
          result: undefined,
        };
      });
    const batch = (b: number) =>
      executor.group({ ...context, commandId: `batch-${b}` }, async () => {
        for (let i = 0; i < 5; i++) await link(`batch-${b}-${i}`);
        return { position: 0n, result: undefined };
      });
    const outcomes = await Promise.allSettled([
      ...Array.from({ length: 20 }, (_, b) => batch(b)),
      ...Array.from({ length: 100 }, (_, n) => link(`single-${n}`)),
    ]);
    expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
    expect(await store.readStream('hub-a1.3')).toHaveLength(20 * 5 + 100);
  });
});
