import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LeaseLostError } from '../read-model.port';
import { describeReadModelStoreConformance, positioned } from '../../testing';
import { SqliteReadModelStore } from './sqlite.read-model-store';

const dir = mkdtempSync(join(tmpdir(), 'rm-sqlite-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeReadModelStoreConformance('sqlite', {
  create: async () => new SqliteReadModelStore({ path: join(dir, `read-models-${n++}.db`) }),
});

describeReadModelStoreConformance('sqlite :memory:', {
  create: async () => new SqliteReadModelStore({ path: ':memory:' }),
});

describe('SqliteReadModelStore on a file', () => {
  const ns = { projection: 'labels', generation: 1 };

  it('keeps data, checkpoint, generation and lease across a reopen', async () => {
    const path = join(dir, 'reopen.db');
    const first = new SqliteReadModelStore({ path });
    await first.acquireLease('labels', 'me', 60_000);
    await first.setActiveGeneration('labels', 2);
    await first.apply({
      ns,
      events: [
        positioned(1, { op: 'set', key: 's', value: 'v' }),
        positioned(2, { op: 'hincrby', key: 'h', field: 'n', by: 2 }),
        positioned(3, { op: 'zadd', key: 'z', member: 'm', score: 1.5 }),
      ],
      checkpoint: 4n,
      leaseOwner: 'me',
    });
    const before = await first.dump(ns);
    await first.close();

    const reopened = new SqliteReadModelStore({ path });
    expect(await reopened.checkpoint(ns)).toBe(4n);
    expect(await reopened.dump(ns)).toBe(before);
    expect(await reopened.activeGeneration('labels')).toBe(2);
    expect(await reopened.acquireLease('labels', 'someone-else', 60_000)).toBe(false);
    expect(
      await reopened.apply({ ns, events: [positioned(2, { op: 'set', key: 's', value: 'again' })], checkpoint: 4n }),
    ).toEqual({ applied: 0, checkpoint: 4n });
    expect(await reopened.get(ns, 's')).toBe('v');
    await reopened.close();
  });

  it('fences a second connection on the same file with the first one’s lease', async () => {
    const path = join(dir, 'two-processes.db');
    const a = new SqliteReadModelStore({ path });
    const b = new SqliteReadModelStore({ path });
    expect(await a.acquireLease('labels', 'a', 60_000)).toBe(true);
    expect(await b.acquireLease('labels', 'b', 60_000)).toBe(false);
    await expect(
      b.apply({ ns, events: [positioned(1, { op: 'set', key: 's', value: 'b' })], checkpoint: 1n, leaseOwner: 'b' }),
    ).rejects.toBeInstanceOf(LeaseLostError);
    await a.apply({
      ns,
      events: [positioned(1, { op: 'set', key: 's', value: 'a' })],
      checkpoint: 1n,
      leaseOwner: 'a',
    });
    expect(await b.get(ns, 's')).toBe('a');
    await a.releaseLease('labels', 'a');
    expect(await b.acquireLease('labels', 'b', 60_000)).toBe(true);
    await a.close();
    await b.close();
  });

  it('commits the batches of several projections handed over in one turn together, one failing alone', async () => {
    const store = new SqliteReadModelStore({ path: join(dir, 'group-commit.db') });
    const commits = jest.spyOn(store as unknown as { commitQueued: () => void }, 'commitQueued');
    await store.acquireLease('a', 'me', 60_000);
    const batch = (projection: string, leaseOwner?: string) => ({
      ns: { projection, generation: 1 },
      events: [positioned(1, { op: 'set' as const, key: 's', value: projection })],
      checkpoint: 1n,
      ...(leaseOwner !== undefined && { leaseOwner }),
    });
    const before = commits.mock.calls.length;
    const [a, b, c] = await Promise.allSettled([
      store.apply(batch('a', 'me')),
      store.apply(batch('b', 'not-the-holder')),
      store.apply(batch('c')),
    ]);
    expect(commits.mock.calls.length - before).toBe(1);
    expect(a).toEqual({ status: 'fulfilled', value: { applied: 1, checkpoint: 1n } });
    expect(b).toEqual({ status: 'rejected', reason: expect.any(LeaseLostError) });
    expect(c).toEqual({ status: 'fulfilled', value: { applied: 1, checkpoint: 1n } });
    expect(await store.get({ projection: 'a', generation: 1 }, 's')).toBe('a');
    expect(await store.checkpoint({ projection: 'b', generation: 1 })).toBeUndefined();
    expect(await store.get({ projection: 'c', generation: 1 }, 's')).toBe('c');
    await store.close();
  });
});
