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
