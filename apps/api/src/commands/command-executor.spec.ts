import { AsyncLocalStorage } from 'node:async_hooks';
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

describe('CommandExecutor combining concurrent requests (group commit)', () => {
  const counter = { name: 'count', initialState: () => 0, evolve: (n: number) => n + 1 };

  function setUp(combine = true) {
    const store = new MemoryEventStore();
    const loader = new StreamLoader(store);
    const executor = new CommandExecutor(store, new AccountPositions(), loader, null, { combine });
    return { store, loader, executor, appends: jest.spyOn(store, 'append') };
  }

  /** A command that adds one event to `stream` unless it already holds `limit`; the limit is read through the loader. */
  function link(executor: CommandExecutor, loader: StreamLoader, commandId: string, stream: string, limit = Infinity) {
    const decisions: number[] = [];
    const outcome = executor.execute({ ...context, commandId }, async (attempt) => {
      decisions.push(attempt);
      const loaded = await loader.load(stream, counter);
      if (loaded.state >= limit) throw new Error(`limit ${limit} reached`);
      return {
        writes: [
          { stream, expected: loaded.revision ?? 'no_stream', events: [{ type: 'Linked', data: { commandId } }] },
        ],
        result: commandId,
      };
    });
    return { outcome, decisions };
  }

  it('decides the commands of concurrent requests one after the other and appends them at once', async () => {
    const { store, loader, executor, appends } = setUp();
    const commands = Array.from({ length: 20 }, (_, n) => link(executor, loader, `c-${n}`, 'hub-a1.10'));
    const outcomes = await Promise.all(commands.map((c) => c.outcome));
    expect(appends).toHaveBeenCalledTimes(1);
    expect(outcomes.map((o) => o.result)).toEqual(commands.map((_, n) => `c-${n}`));
    const head = await store.headPosition();
    expect(outcomes.every((o) => o.position === head)).toBe(true);
    expect((await store.readStream('hub-a1.10')).map((e) => e.data)).toEqual(
      commands.map((_, n) => ({ commandId: `c-${n}` })),
    );
    expect(commands.every((c) => c.decisions.length === 1)).toBe(true);
  });

  it('appends each command on its own when combining is off', async () => {
    const { store, loader, executor, appends } = setUp(false);
    await Promise.all(Array.from({ length: 5 }, (_, n) => link(executor, loader, `c-${n}`, 'hub-a1.11').outcome));
    // One write per append (some lose the race for the new stream and append again after their turn).
    expect(appends.mock.calls.length).toBeGreaterThanOrEqual(5);
    expect(appends.mock.calls.every(([writes]) => writes.length === 1 && writes[0]!.events.length === 1)).toBe(true);
    expect(await store.readStream('hub-a1.11')).toHaveLength(5);
  });

  it('decides each command against what the earlier ones of its round will write: a limit holds', async () => {
    const { store, loader, executor } = setUp();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, (_, n) => link(executor, loader, `c-${n}`, 'hub-a1.12', 3).outcome),
    );
    expect(outcomes.map((o) => o.status)).toEqual([...Array(3).fill('fulfilled'), ...Array(7).fill('rejected')]);
    expect(outcomes.filter((o) => o.status === 'rejected').map((o) => String(o.reason))).toEqual(
      Array(7).fill('Error: limit 3 reached'),
    );
    expect(await store.readStream('hub-a1.12')).toHaveLength(3);
  });

  it('runs the commands of a round again one by one when another process moved a stream before its append', async () => {
    const { store, loader, executor, appends } = setUp();
    const other = new CommandExecutor(store, new AccountPositions(), new StreamLoader(store)); // another api process
    const append = store.append.bind(store);
    appends.mockImplementationOnce(async (writes, checks) => {
      await link(other, new StreamLoader(store), 'theirs', 'hub-a1.13').outcome;
      return append(writes, checks);
    });
    const commands = Array.from({ length: 5 }, (_, n) => link(executor, loader, `c-${n}`, 'hub-a1.13'));
    const outcomes = await Promise.allSettled(commands.map((c) => c.outcome));
    expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
    const stored = (await store.readStream('hub-a1.13')).map((e) => (e.data as { commandId: string }).commandId);
    expect(stored[0]).toBe('theirs');
    expect([...stored].sort()).toEqual(['c-0', 'c-1', 'c-2', 'c-3', 'c-4', 'theirs']);
    expect(commands.every((c) => c.decisions.length >= 2)).toBe(true); // decided again, alone
  });

  it('answers a retried request from its first append while the rest of its round is written', async () => {
    const { store, executor } = setUp();
    const put = (commandId: string, stream: string) =>
      executor.execute({ ...context, commandId }, async () => ({
        writes: [{ stream, expected: 'any' as const, events: [{ type: 'Put', data: { stream } }] }],
        result: commandId,
      }));
    const first = await put('retried', 'thing-a1.20');
    const [again, ...others] = await Promise.all([
      put('retried', 'thing-a1.20'),
      put('x', 'thing-a1.21'),
      put('y', 'thing-a1.22'),
    ]);
    expect(again.position).toBe(first.position);
    expect(await store.readStream('thing-a1.20')).toHaveLength(1);
    expect(others.map((o) => o.result)).toEqual(['x', 'y']);
    expect(await store.readStream('thing-a1.21')).toHaveLength(1);
    expect(await store.readStream('thing-a1.22')).toHaveLength(1);
  });

  it('lets a command of a round wait for one that appends at once, started by another request', async () => {
    const { loader, executor } = setUp();
    let reservation: Promise<unknown> | undefined;
    const reserve = () =>
      (reservation ??= outsideWriteGroup(() => link(executor, loader, 'reserve', 'ids-a1').outcome));
    // Another request starts the reservation outside any command; this command's decision waits for it.
    const waiting = executor.execute({ ...context, commandId: 'waits' }, async () => {
      await reserve();
      return {
        writes: [{ stream: 'thing-a1.30', expected: 'no_stream', events: [{ type: 'A', data: {} }] }],
        result: 1,
      };
    });
    void reserve();
    await expect(waiting).resolves.toMatchObject({ result: 1 });
  });

  it('answers a command that wrote nothing, decided on what its round will write, with that append', async () => {
    const { loader, executor } = setUp();
    const before = await link(executor, loader, 'before', 'thing-a1.40').outcome;
    const writes = link(executor, loader, 'writes', 'thing-a1.41').outcome;
    // Decided after `writes` in the same round: sees its pending event and changes nothing.
    const reads = executor.execute({ ...context, commandId: 'reads' }, async () => {
      const loaded = await loader.load('thing-a1.41', counter);
      return { writes: [], result: loaded.state };
    });
    const [written, read] = await Promise.all([writes, reads]);
    expect(read.result).toBe(1);
    expect(read.position).toBe(written.position);
    expect(read.position).toBeGreaterThan(before.position);
  });

  it('appends at once a command that another command runs while deciding in a round', async () => {
    const { store, loader, executor, appends } = setUp();
    const outer = executor.execute({ ...context, commandId: 'outer' }, async () => {
      await link(executor, loader, 'nested', 'thing-a1.51').outcome;
      return {
        writes: [{ stream: 'thing-a1.50', expected: 'no_stream', events: [{ type: 'A', data: {} }] }],
        result: 1,
      };
    });
    await outer;
    expect(appends.mock.calls.map(([writes]) => writes.map((w) => w.stream))).toEqual([
      ['thing-a1.51'],
      ['thing-a1.50'],
    ]);
    expect(await store.readStream('thing-a1.51')).toHaveLength(1);
  });

  it('decides each command in the async context of its own request', async () => {
    const { executor } = setUp();
    const requests = new AsyncLocalStorage<string>();
    const seen = await Promise.all(
      ['r1', 'r2', 'r3'].map((request) =>
        requests.run(request, () =>
          executor.execute({ ...context, commandId: request }, async () => ({
            writes: [{ stream: `thing-a1.${request}`, expected: 'no_stream', events: [{ type: 'A', data: {} }] }],
            result: requests.getStore(),
          })),
        ),
      ),
    );
    expect(seen.map((s) => s.result)).toEqual(['r1', 'r2', 'r3']);
  });
});
