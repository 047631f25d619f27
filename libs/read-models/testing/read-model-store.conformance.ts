import fc from 'fast-check';
import { InvalidReadModelBatchError, LeaseLostError } from '../src';
import type { ApplyBatch, Namespace, PositionedOps, ReadModelOp, ReadModelStore } from '../src';

export interface ReadModelStoreConformanceTarget {
  /** A fresh store that shares no data, checkpoints, generations or leases with any other `create()`. */
  create(): Promise<ReadModelStore>;
}

const NS: Namespace = { projection: 'things', generation: 1 };

export function positioned(position: bigint | number, ...ops: ReadModelOp[]): PositionedOps {
  return { position: BigInt(position), ops };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The one suite every read-model store adapter passes (DESIGN.md §4 rule 4, §8): the same ops give the same reads
 * and the same `dump` everywhere, a batch lands with its checkpoint or not at all, and replays change nothing.
 */
export function describeReadModelStoreConformance(adapter: string, target: ReadModelStoreConformanceTarget): void {
  describe(`ReadModelStore conformance: ${adapter}`, () => {
    let store: ReadModelStore;
    beforeEach(async () => {
      store = await target.create();
    });
    afterEach(async () => {
      await store.close();
    });

    /** Applies `ops` as one event at `position` (checkpoint = position). */
    function write(position: number, ops: ReadModelOp[], ns: Namespace = NS) {
      return store.apply({ ns, events: [positioned(position, ...ops)], checkpoint: BigInt(position) });
    }

    it('answers ping', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });

    describe('strings', () => {
      it('reads a missing key as undefined', async () => {
        expect(await store.get(NS, 'nope')).toBeUndefined();
      });

      it('sets, overwrites and deletes', async () => {
        await write(1, [{ op: 'set', key: 'a', value: 'one' }]);
        expect(await store.get(NS, 'a')).toBe('one');
        await write(2, [{ op: 'set', key: 'a', value: 'two' }]);
        expect(await store.get(NS, 'a')).toBe('two');
        await write(3, [{ op: 'del', key: 'a' }]);
        expect(await store.get(NS, 'a')).toBeUndefined();
      });

      it('keeps empty values and deletes missing keys without complaint', async () => {
        await write(1, [
          { op: 'set', key: 'empty', value: '' },
          { op: 'del', key: 'never-written' },
        ]);
        expect(await store.get(NS, 'empty')).toBe('');
      });
    });

    describe('hashes', () => {
      it('sets, reads and deletes fields', async () => {
        await write(1, [
          { op: 'hset', key: 'h', field: 'f1', value: 'v1' },
          { op: 'hset', key: 'h', field: 'f2', value: 'v2' },
          { op: 'hset', key: 'h', field: 'f1', value: 'v1b' },
        ]);
        expect(await store.hget(NS, 'h', 'f1')).toBe('v1b');
        expect(await store.hget(NS, 'h', 'missing')).toBeUndefined();
        expect(await store.hgetall(NS, 'h')).toEqual({ f1: 'v1b', f2: 'v2' });
        await write(2, [{ op: 'hdel', key: 'h', field: 'f1' }]);
        expect(await store.hgetall(NS, 'h')).toEqual({ f2: 'v2' });
      });

      it('reads a missing hash as empty', async () => {
        expect(await store.hget(NS, 'none', 'f')).toBeUndefined();
        expect(await store.hgetall(NS, 'none')).toEqual({});
      });

      it('removes the hash when its last field goes', async () => {
        await write(1, [
          { op: 'hset', key: 'h', field: 'only', value: 'x' },
          { op: 'hdel', key: 'h', field: 'only' },
          { op: 'hdel', key: 'h', field: 'never' },
        ]);
        expect(await store.hgetall(NS, 'h')).toEqual({});
        expect(await store.dump(NS)).toBe('checkpoint 1');
      });

      it('hincrby counts from a missing field, up and down', async () => {
        await write(1, [
          { op: 'hincrby', key: 'counts', field: 'a', by: 3 },
          { op: 'hincrby', key: 'counts', field: 'b', by: -2 },
        ]);
        expect(await store.hgetall(NS, 'counts')).toEqual({ a: '3', b: '-2' });
        await write(2, [
          { op: 'hincrby', key: 'counts', field: 'a', by: -3 },
          { op: 'hincrby', key: 'counts', field: 'b', by: 5 },
        ]);
        expect(await store.hgetall(NS, 'counts')).toEqual({ a: '0', b: '3' });
      });

      it('hincrby counts a field that holds no integer from 0', async () => {
        await write(1, [
          { op: 'hset', key: 'counts', field: 'a', value: 'many' },
          { op: 'hset', key: 'counts', field: 'b', value: '41' },
          { op: 'hincrby', key: 'counts', field: 'a', by: 2 },
          { op: 'hincrby', key: 'counts', field: 'b', by: 1 },
        ]);
        expect(await store.hgetall(NS, 'counts')).toEqual({ a: '2', b: '42' });
      });

      it('hincrby reads a field as an integer only when it is all decimal digits, with an optional minus', async () => {
        const values: Record<string, [string, string]> = {
          zeros: ['007', '8'],
          negative: ['-12', '-11'],
          plus: ['+5', '1'],
          spaces: [' 5', '1'],
          trailing: ['5 ', '1'],
          newline: ['5\n', '1'],
          exponent: ['1e3', '1'],
          decimal: ['1.0', '1'],
          empty: ['', '1'],
          minus: ['-', '1'],
          doubleMinus: ['--5', '1'],
          fifteenDigits: ['999999999999999', '1000000000000000'],
          sixteenDigits: ['1000000000000000', '1000000000000001'],
          longZeros: ['0000000000000000000042', '43'],
        };
        await write(1, [
          ...Object.entries(values).map(([field, [value]]): ReadModelOp => ({ op: 'hset', key: 'h', field, value })),
          ...Object.keys(values).map((field): ReadModelOp => ({ op: 'hincrby', key: 'h', field, by: 1 })),
        ]);
        expect(await store.hgetall(NS, 'h')).toEqual(
          Object.fromEntries(Object.entries(values).map(([field, [, expected]]) => [field, expected])),
        );
      });

      it('hincrby keeps counters exact up to 2^53', async () => {
        await write(1, [
          { op: 'hincrby', key: 'c', field: 'big', by: Number.MAX_SAFE_INTEGER - 1 },
          { op: 'hincrby', key: 'c', field: 'big', by: 1 },
        ]);
        expect(await store.hget(NS, 'c', 'big')).toBe(String(Number.MAX_SAFE_INTEGER));
      });
    });

    describe('sorted sets', () => {
      const K = 'z';
      beforeEach(async () => {
        await write(1, [
          { op: 'zadd', key: K, member: 'c', score: 2 },
          { op: 'zadd', key: K, member: 'a', score: 1 },
          { op: 'zadd', key: K, member: 'b', score: 2 },
          { op: 'zadd', key: K, member: 'neg', score: -1.5 },
          { op: 'zadd', key: K, member: 'frac', score: 2.25 },
          { op: 'zadd', key: K, member: 'big', score: 1e15 },
        ]);
      });
      const members = (ms: { member: string }[]) => ms.map((m) => m.member);

      it('orders by score, then member', async () => {
        expect(await store.zrange(NS, K)).toEqual([
          { member: 'neg', score: -1.5 },
          { member: 'a', score: 1 },
          { member: 'b', score: 2 },
          { member: 'c', score: 2 },
          { member: 'frac', score: 2.25 },
          { member: 'big', score: 1e15 },
        ]);
        expect(await store.zcard(NS, K)).toBe(6);
      });

      it('filters by inclusive min and max', async () => {
        expect(members(await store.zrange(NS, K, { min: 1, max: 2 }))).toEqual(['a', 'b', 'c']);
        expect(members(await store.zrange(NS, K, { min: 2 }))).toEqual(['b', 'c', 'frac', 'big']);
        expect(members(await store.zrange(NS, K, { max: 1 }))).toEqual(['neg', 'a']);
        expect(members(await store.zrange(NS, K, { min: 2.1, max: 2.2 }))).toEqual([]);
        expect(members(await store.zrange(NS, K, { min: 3, max: 1 }))).toEqual([]);
        expect(members(await store.zrange(NS, K, { min: -Infinity, max: Infinity }))).toHaveLength(6);
      });

      it('pages with offset and limit', async () => {
        expect(members(await store.zrange(NS, K, { offset: 1, limit: 2 }))).toEqual(['a', 'b']);
        expect(members(await store.zrange(NS, K, { limit: 2 }))).toEqual(['neg', 'a']);
        expect(members(await store.zrange(NS, K, { offset: 4 }))).toEqual(['frac', 'big']);
        expect(members(await store.zrange(NS, K, { offset: 10 }))).toEqual([]);
        expect(members(await store.zrange(NS, K, { limit: 0 }))).toEqual([]);
        expect(members(await store.zrange(NS, K, { min: 1, max: 2, offset: 1, limit: 5 }))).toEqual(['b', 'c']);
      });

      it('reverses, with bounds and paging applied to the reversed order', async () => {
        expect(members(await store.zrange(NS, K, { reverse: true }))).toEqual(['big', 'frac', 'c', 'b', 'a', 'neg']);
        expect(members(await store.zrange(NS, K, { reverse: true, min: 1, max: 2 }))).toEqual(['c', 'b', 'a']);
        expect(members(await store.zrange(NS, K, { reverse: true, offset: 1, limit: 2 }))).toEqual(['frac', 'c']);
        expect(members(await store.zrange(NS, K, { reverse: true, max: 2, limit: 1 }))).toEqual(['c']);
      });

      it('updates a score, removes members and drops the set when empty', async () => {
        await write(2, [
          { op: 'zadd', key: K, member: 'a', score: 100 },
          { op: 'zrem', key: K, member: 'b' },
          { op: 'zrem', key: K, member: 'never' },
        ]);
        expect(members(await store.zrange(NS, K))).toEqual(['neg', 'c', 'frac', 'a', 'big']);
        expect(await store.zcard(NS, K)).toBe(5);
        await write(
          3,
          ['neg', 'c', 'frac', 'a', 'big'].map((member): ReadModelOp => ({ op: 'zrem', key: K, member })),
        );
        expect(await store.zcard(NS, K)).toBe(0);
        expect(await store.zrange(NS, K)).toEqual([]);
        expect(await store.dump(NS)).toBe('checkpoint 3');
      });

      it('reads a missing set as empty', async () => {
        expect(await store.zrange(NS, 'none')).toEqual([]);
        expect(await store.zcard(NS, 'none')).toBe(0);
      });

      it('breaks score ties by code point (UTF-8 byte order)', async () => {
        const tied = ['b', 'B', 'a', '😀', '！', 'é', ''];
        await write(
          2,
          tied.map((member): ReadModelOp => ({ op: 'zadd', key: 'ties', member, score: 7 })),
        );
        expect(members(await store.zrange(NS, 'ties'))).toEqual(['', 'B', 'a', 'b', 'é', '！', '😀']);
      });
    });

    describe('keys of different types', () => {
      it('del removes a hash or a sorted set', async () => {
        await write(1, [
          { op: 'hset', key: 'h', field: 'f', value: 'v' },
          { op: 'zadd', key: 'z', member: 'm', score: 1 },
        ]);
        await write(2, [
          { op: 'del', key: 'h' },
          { op: 'del', key: 'z' },
        ]);
        expect(await store.hgetall(NS, 'h')).toEqual({});
        expect(await store.zcard(NS, 'z')).toBe(0);
      });

      it('a write of another type replaces the key; hdel and zrem on another type change nothing', async () => {
        await write(1, [
          { op: 'hset', key: 'k1', field: 'f', value: 'v' },
          { op: 'set', key: 'k1', value: 'now a string' },
          { op: 'set', key: 'k2', value: 'a string' },
          { op: 'zadd', key: 'k2', member: 'm', score: 1 },
          { op: 'zadd', key: 'k3', member: 'm', score: 1 },
          { op: 'hincrby', key: 'k3', field: 'n', by: 1 },
          { op: 'set', key: 'k4', value: 'kept' },
          { op: 'hdel', key: 'k4', field: 'f' },
          { op: 'zrem', key: 'k4', member: 'm' },
        ]);
        expect(await store.dump(NS)).toBe(
          ['hash k3 n 1', 'string k1 "now a string"', 'string k4 kept', 'zset k2 m 1', 'checkpoint 1'].join('\n'),
        );
      });
    });

    it('round-trips unicode, spaces, colons, braces and newlines in keys, fields, members and values', async () => {
      const odd = ['ünïcödé ✓ 😀', 'with spaces', 'a:b::c:', 'line\nbreak\r\n', '{tag}*?[x]', '"quoted" \\ \t'];
      for (const [i, s] of odd.entries()) {
        await write(i + 1, [
          { op: 'set', key: s, value: s },
          { op: 'hset', key: `h ${s}`, field: s, value: s },
          { op: 'zadd', key: `z ${s}`, member: s, score: i },
        ]);
      }
      for (const [i, s] of odd.entries()) {
        expect(await store.get(NS, s)).toBe(s);
        expect(await store.hget(NS, `h ${s}`, s)).toBe(s);
        expect(await store.hgetall(NS, `h ${s}`)).toEqual({ [s]: s });
        expect(await store.zrange(NS, `z ${s}`)).toEqual([{ member: s, score: i }]);
      }
      const dumped = (await store.dump(NS)).split('\n');
      expect(dumped).toHaveLength(odd.length * 3 + 1);
      expect(dumped).toContain(`string ${JSON.stringify(odd[3])} ${JSON.stringify(odd[3])}`);
      expect(dumped).toContain('string a:b::c: a:b::c:');
    });

    describe('apply', () => {
      const batch = (events: PositionedOps[], checkpoint: bigint, ns = NS): ApplyBatch => ({ ns, events, checkpoint });
      const setAt = (p: number) => positioned(p, { op: 'set', key: `k${p}`, value: `v${p}` });

      it('has no checkpoint before the first batch', async () => {
        expect(await store.checkpoint(NS)).toBeUndefined();
        expect(await store.dump(NS)).toBe('');
      });

      it('applies the events and stores the checkpoint with them', async () => {
        const result = await store.apply(batch([setAt(1), setAt(2), setAt(4)], 5n));
        expect(result).toEqual({ applied: 3, checkpoint: 5n });
        expect(await store.checkpoint(NS)).toBe(5n);
        expect(await store.get(NS, 'k4')).toBe('v4');
      });

      it('applying the same batch twice changes nothing the second time', async () => {
        const b = batch(
          [
            positioned(1, { op: 'hincrby', key: 'n', field: 'x', by: 1 }),
            positioned(2, { op: 'zadd', key: 'z', member: 'm', score: 1 }, { op: 'set', key: 's', value: 'v' }),
          ],
          2n,
        );
        expect(await store.apply(b)).toEqual({ applied: 2, checkpoint: 2n });
        const once = await store.dump(NS);
        expect(await store.apply(b)).toEqual({ applied: 0, checkpoint: 2n });
        expect(await store.dump(NS)).toBe(once);
        expect(await store.hget(NS, 'n', 'x')).toBe('1');
      });

      it('applies only the part of a batch above the stored checkpoint', async () => {
        await store.apply(batch([positioned(1, { op: 'hincrby', key: 'n', field: 'x', by: 1 })], 3n));
        const result = await store.apply(
          batch(
            [2, 3, 4, 5].map((p) => positioned(p, { op: 'hincrby', key: 'n', field: 'x', by: 10 })),
            6n,
          ),
        );
        expect(result).toEqual({ applied: 2, checkpoint: 6n });
        expect(await store.hget(NS, 'n', 'x')).toBe('21');
      });

      it('advances the checkpoint with no events, and never moves it back', async () => {
        expect(await store.apply(batch([], 0n))).toEqual({ applied: 0, checkpoint: 0n });
        expect(await store.checkpoint(NS)).toBe(0n);
        expect(await store.apply(batch([], 7n))).toEqual({ applied: 0, checkpoint: 7n });
        expect(await store.checkpoint(NS)).toBe(7n);
        expect(await store.apply(batch([], 3n))).toEqual({ applied: 0, checkpoint: 7n });
        expect(await store.checkpoint(NS)).toBe(7n);
      });

      it('compares 64-bit positions exactly, not as doubles or as plain strings', async () => {
        const twoTo53 = 9007199254740992n;
        await store.apply(batch([setAt(9)], 9n));
        expect(await store.apply(batch([positioned(10n, { op: 'set', key: 'ten', value: '10' })], 10n))).toEqual({
          applied: 1,
          checkpoint: 10n,
        });
        await store.apply(batch([], twoTo53 + 1n));
        const straddle = await store.apply(
          batch(
            [
              positioned(twoTo53, { op: 'set', key: 'old', value: 'x' }),
              positioned(twoTo53 + 1n, { op: 'set', key: 'old', value: 'y' }),
              positioned(twoTo53 + 2n, { op: 'set', key: 'new', value: 'z' }),
            ],
            twoTo53 + 2n,
          ),
        );
        expect(straddle).toEqual({ applied: 1, checkpoint: twoTo53 + 2n });
        expect(await store.get(NS, 'old')).toBeUndefined();
        expect(await store.get(NS, 'new')).toBe('z');
        const max = 2n ** 64n - 1n;
        expect(await store.apply(batch([positioned(max - 1n, { op: 'set', key: 'max', value: 'm' })], max))).toEqual({
          applied: 1,
          checkpoint: max,
        });
        expect(await store.checkpoint(NS)).toBe(max);
      });

      it('applies a big batch (500 events × 3 ops)', async () => {
        const events = Array.from({ length: 500 }, (_, i) =>
          positioned(
            i + 1,
            { op: 'hincrby', key: 'totals', field: `f${i % 10}`, by: 1 },
            { op: 'zadd', key: 'byPosition', member: `e${i}`, score: i },
            { op: 'set', key: `event:${i}`, value: `payload ${i}` },
          ),
        );
        expect(await store.apply(batch(events, 500n))).toEqual({ applied: 500, checkpoint: 500n });
        expect(await store.hgetall(NS, 'totals')).toEqual(
          Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`f${i}`, '50'])),
        );
        expect(await store.zcard(NS, 'byPosition')).toBe(500);
        expect(await store.zrange(NS, 'byPosition', { reverse: true, limit: 1 })).toEqual([
          { member: 'e499', score: 499 },
        ]);
        expect(await store.get(NS, 'event:250')).toBe('payload 250');
        expect((await store.dump(NS)).split('\n')).toHaveLength(10 + 500 + 500 + 1);
      });

      it('gives the same read model whether ops come in one batch or one event per batch', async () => {
        // Adapters may fold a batch into its net effect per key (SQLite does): ops over a few keys of every type,
        // deletes and type changes included, must read the same as when each is applied on its own.
        const key = fc.constantFrom('k1', 'k2', 'k3');
        const name = fc.constantFrom('a', 'b', 'c');
        const op: fc.Arbitrary<ReadModelOp> = fc.oneof(
          fc.record({ op: fc.constant('set' as const), key, value: name }),
          fc.record({ op: fc.constant('del' as const), key }),
          fc.record({ op: fc.constant('hset' as const), key, field: name, value: fc.constantFrom('1', '-2', 'x') }),
          fc.record({ op: fc.constant('hdel' as const), key, field: name }),
          fc.record({ op: fc.constant('hincrby' as const), key, field: name, by: fc.integer({ min: -3, max: 3 }) }),
          fc.record({ op: fc.constant('zadd' as const), key, member: name, score: fc.integer({ min: 0, max: 3 }) }),
          fc.record({ op: fc.constant('zrem' as const), key, member: name }),
        );
        let run = 0;
        await fc.assert(
          fc.asyncProperty(
            fc.array(op, { maxLength: 6 }),
            fc.array(op, { minLength: 1, maxLength: 30 }),
            async (before, ops) => {
              run++;
              const whole: Namespace = { projection: `whole${run}`, generation: 1 };
              const single: Namespace = { projection: `single${run}`, generation: 1 };
              // The same starting content, stored by an earlier batch, then the ops.
              for (const ns of [whole, single]) await write(1, before, ns);
              const events = ops.map((o, i) => positioned(i + 2, o));
              await store.apply({ ns: whole, events, checkpoint: BigInt(ops.length + 1) });
              for (const event of events)
                await store.apply({ ns: single, events: [event], checkpoint: event.position });
              expect(await store.dump(whole)).toBe(await store.dump(single));
            },
          ),
          { numRuns: 60 },
        );
      });

      it.each<[string, ApplyBatch]>([
        ['a NaN score', batch([setAt(1), positioned(2, { op: 'zadd', key: 'z', member: 'm', score: NaN })], 2n)],
        [
          'an infinite score',
          batch([setAt(1), positioned(2, { op: 'zadd', key: 'z', member: 'm', score: Infinity })], 2n),
        ],
        [
          'a fractional hincrby',
          batch([setAt(1), positioned(2, { op: 'hincrby', key: 'h', field: 'f', by: 0.5 })], 2n),
        ],
        ['decreasing positions', batch([setAt(2), setAt(1)], 2n)],
        ['a checkpoint below the last event', batch([setAt(1), setAt(2)], 1n)],
        ['a negative position', batch([positioned(-1n)], 0n)],
        ['a projection name with braces', batch([setAt(1)], 1n, { projection: 'a{b}', generation: 1 })],
        ['generation 0', batch([setAt(1)], 1n, { projection: 'things', generation: 0 })],
      ])('refuses %s and writes nothing', async (_, bad) => {
        await expect(store.apply(bad)).rejects.toBeInstanceOf(InvalidReadModelBatchError);
        expect(await store.dump(NS)).toBe('');
        expect(await store.checkpoint(NS)).toBeUndefined();
      });
    });

    describe('fencing with the lease', () => {
      const fenced = (owner: string, ns = NS): ApplyBatch => ({
        ns,
        events: [positioned(1, { op: 'set', key: 'a', value: owner })],
        checkpoint: 1n,
        leaseOwner: owner,
      });

      async function expectLeaseLost(b: ApplyBatch): Promise<void> {
        const error = await store.apply(b).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(LeaseLostError);
        expect(error).toMatchObject({ code: 'LEASE_LOST', projection: b.ns.projection, owner: b.leaseOwner });
        expect(await store.dump(b.ns)).toBe('');
        expect(await store.checkpoint(b.ns)).toBeUndefined();
      }

      it('applies while the owner holds the lease, for any generation of the projection', async () => {
        expect(await store.acquireLease('things', 'me', 10_000)).toBe(true);
        expect(await store.apply(fenced('me'))).toEqual({ applied: 1, checkpoint: 1n });
        expect(await store.apply(fenced('me', { projection: 'things', generation: 2 }))).toEqual({
          applied: 1,
          checkpoint: 1n,
        });
        expect(await store.get(NS, 'a')).toBe('me');
      });

      it('refuses the whole batch when nobody holds the lease', async () => {
        await expectLeaseLost(fenced('me'));
      });

      it('refuses the whole batch when another owner holds it', async () => {
        await store.acquireLease('things', 'other', 10_000);
        await expectLeaseLost(fenced('me'));
      });

      it('refuses the whole batch once the lease has expired', async () => {
        await store.acquireLease('things', 'me', 100);
        await sleep(250);
        await expectLeaseLost(fenced('me'));
      });

      it('refuses the whole batch after the lease was released', async () => {
        await store.acquireLease('things', 'me', 10_000);
        await store.releaseLease('things', 'me');
        await expectLeaseLost(fenced('me'));
      });

      it('does not fence a projection with another projection’s lease', async () => {
        await store.acquireLease('others', 'me', 10_000);
        await expectLeaseLost(fenced('me'));
      });

      it('applies unfenced batches whoever holds the lease', async () => {
        await store.acquireLease('things', 'other', 10_000);
        const { leaseOwner: _, ...unfenced } = fenced('me');
        expect(await store.apply(unfenced)).toEqual({ applied: 1, checkpoint: 1n });
      });
    });

    describe('leases', () => {
      it('acquires a free lease and refuses it to another owner while it is held', async () => {
        expect(await store.acquireLease('p', 'a', 10_000)).toBe(true);
        expect(await store.acquireLease('p', 'b', 10_000)).toBe(false);
        expect(await store.acquireLease('q', 'b', 10_000)).toBe(true);
      });

      it('lets the holder acquire again, extending the lease', async () => {
        expect(await store.acquireLease('p', 'a', 150)).toBe(true);
        await sleep(80);
        expect(await store.acquireLease('p', 'a', 400)).toBe(true);
        await sleep(150);
        expect(await store.acquireLease('p', 'b', 10_000)).toBe(false);
      });

      it('expires after its ttl, and then another owner may take it', async () => {
        expect(await store.acquireLease('p', 'a', 150)).toBe(true);
        await sleep(300);
        expect(await store.acquireLease('p', 'b', 10_000)).toBe(true);
        expect(await store.renewLease('p', 'a', 10_000)).toBe(false);
      });

      it('is renewed by its holder only', async () => {
        expect(await store.acquireLease('p', 'a', 150)).toBe(true);
        expect(await store.renewLease('p', 'b', 10_000)).toBe(false);
        await sleep(80);
        expect(await store.renewLease('p', 'a', 400)).toBe(true);
        await sleep(150);
        expect(await store.acquireLease('p', 'b', 10_000)).toBe(false);
        expect(await store.renewLease('p', 'a', 10_000)).toBe(true);
      });

      it('cannot be renewed once expired or never taken', async () => {
        expect(await store.renewLease('p', 'a', 10_000)).toBe(false);
        await store.acquireLease('p', 'a', 100);
        await sleep(250);
        expect(await store.renewLease('p', 'a', 10_000)).toBe(false);
      });

      it('is released by its holder only', async () => {
        await store.acquireLease('p', 'a', 10_000);
        await store.releaseLease('p', 'b');
        expect(await store.acquireLease('p', 'b', 10_000)).toBe(false);
        await store.releaseLease('p', 'a');
        expect(await store.renewLease('p', 'a', 10_000)).toBe(false);
        expect(await store.acquireLease('p', 'b', 10_000)).toBe(true);
        await store.releaseLease('nobody-holds-this', 'a');
      });
    });

    describe('namespaces', () => {
      const gen2: Namespace = { projection: 'things', generation: 2 };
      const other: Namespace = { projection: 'others', generation: 1 };

      async function fill(ns: Namespace, value: string, checkpoint: number) {
        await store.apply({
          ns,
          events: [
            positioned(checkpoint, { op: 'set', key: 's', value }),
            positioned(checkpoint + 1, { op: 'hset', key: 'h', field: 'f', value }),
            positioned(checkpoint + 2, { op: 'zadd', key: 'z', member: value, score: 1 }),
          ],
          checkpoint: BigInt(checkpoint + 2),
        });
      }

      it('keeps projections and generations apart', async () => {
        await fill(NS, 'one', 1);
        await fill(gen2, 'two', 10);
        await fill(other, 'other', 20);
        expect(await store.get(NS, 's')).toBe('one');
        expect(await store.get(gen2, 's')).toBe('two');
        expect(await store.get(other, 's')).toBe('other');
        expect(await store.hgetall(gen2, 'h')).toEqual({ f: 'two' });
        expect(await store.zrange(other, 'z')).toEqual([{ member: 'other', score: 1 }]);
        expect(await store.checkpoint(NS)).toBe(3n);
        expect(await store.checkpoint(gen2)).toBe(12n);
        expect(await store.checkpoint(other)).toBe(22n);
        expect(await store.get({ projection: 'things', generation: 3 }, 's')).toBeUndefined();
      });

      it('does not confuse a projection whose name extends another one', async () => {
        await fill({ projection: 'a', generation: 1 }, 'a', 1);
        await fill({ projection: 'a:1', generation: 1 }, 'a:1', 1);
        await fill({ projection: 'a', generation: 11 }, 'a/11', 1);
        expect(await store.get({ projection: 'a', generation: 1 }, 's')).toBe('a');
        expect(await store.dump({ projection: 'a', generation: 1 })).not.toContain('a:1');
        await store.dropNamespace({ projection: 'a', generation: 1 });
        expect(await store.get({ projection: 'a:1', generation: 1 }, 's')).toBe('a:1');
        expect(await store.get({ projection: 'a', generation: 11 }, 's')).toBe('a/11');
      });

      it('reads generation 1 as active until another is set', async () => {
        expect(await store.activeGeneration('things')).toBe(1);
        await store.setActiveGeneration('things', 2);
        expect(await store.activeGeneration('things')).toBe(2);
        expect(await store.activeGeneration('others')).toBe(1);
        await store.setActiveGeneration('things', 3);
        expect(await store.activeGeneration('things')).toBe(3);
      });

      it('drops the keys and checkpoint of one namespace only', async () => {
        await fill(NS, 'one', 1);
        await fill(gen2, 'two', 10);
        await fill(other, 'other', 20);
        const before = { gen2: await store.dump(gen2), other: await store.dump(other) };
        await store.dropNamespace(NS);
        expect(await store.dump(NS)).toBe('');
        expect(await store.checkpoint(NS)).toBeUndefined();
        expect(await store.get(NS, 's')).toBeUndefined();
        expect(await store.hgetall(NS, 'h')).toEqual({});
        expect(await store.zcard(NS, 'z')).toBe(0);
        expect(await store.dump(gen2)).toBe(before.gen2);
        expect(await store.dump(other)).toBe(before.other);
        await fill(NS, 'again', 1);
        expect(await store.get(NS, 's')).toBe('again');
        await store.dropNamespace({ projection: 'never', generation: 1 });
      });

      it('drops a namespace with many keys', async () => {
        const events = Array.from({ length: 1200 }, (_, i) =>
          positioned(i + 1, { op: 'set', key: `k${i}`, value: 'v' }),
        );
        await store.apply({ ns: NS, events, checkpoint: 1200n });
        await store.dropNamespace(NS);
        expect(await store.dump(NS)).toBe('');
      });
    });

    describe('dump', () => {
      const a: Namespace = { projection: 'build', generation: 1 };
      const b: Namespace = { projection: 'build', generation: 2 };
      const ops: ReadModelOp[] = [
        { op: 'set', key: 's2', value: 'x' },
        { op: 'set', key: 's1', value: 'y' },
        { op: 'hset', key: 'h', field: 'f2', value: '2' },
        { op: 'hset', key: 'h', field: 'f1', value: '1' },
        { op: 'zadd', key: 'z', member: 'm2', score: 0.5 },
        { op: 'zadd', key: 'z', member: 'm1', score: -3 },
        { op: 'hincrby', key: 'c', field: 'n', by: 4 },
      ];

      it('has one exact format on every adapter', async () => {
        await store.apply({ ns: a, events: [positioned(1, ...ops)], checkpoint: 9n });
        expect(await store.dump(a)).toBe(
          [
            'hash c n 4',
            'hash h f1 1',
            'hash h f2 2',
            'string s1 y',
            'string s2 x',
            'zset z m1 -3',
            'zset z m2 0.5',
            'checkpoint 9',
          ].join('\n'),
        );
      });

      it('is identical for the same content whatever the write order', async () => {
        await store.apply({ ns: a, events: ops.map((op, i) => positioned(i + 1, op)), checkpoint: 20n });
        const reversed = [...ops].reverse();
        await store.apply({ ns: b, events: [positioned(3, ...reversed.slice(0, 3))], checkpoint: 3n });
        await store.apply({ ns: b, events: [positioned(5, ...reversed.slice(3))], checkpoint: 20n });
        expect(await store.dump(b)).toBe(await store.dump(a));
      });

      it('changes when the content or the checkpoint changes', async () => {
        await store.apply({ ns: a, events: [positioned(1, ...ops)], checkpoint: 1n });
        await store.apply({ ns: b, events: [positioned(1, ...ops)], checkpoint: 1n });
        expect(await store.dump(b)).toBe(await store.dump(a));
        await store.apply({
          ns: b,
          events: [positioned(2, { op: 'zadd', key: 'z', member: 'm1', score: -2 })],
          checkpoint: 2n,
        });
        await store.apply({ ns: a, events: [], checkpoint: 2n });
        expect(await store.dump(b)).not.toBe(await store.dump(a));
        await store.apply({
          ns: b,
          events: [positioned(3, { op: 'zadd', key: 'z', member: 'm1', score: -3 })],
          checkpoint: 3n,
        });
        expect(await store.dump(b)).not.toBe(await store.dump(a));
        await store.apply({ ns: a, events: [], checkpoint: 3n });
        expect(await store.dump(b)).toBe(await store.dump(a));
      });

      it('tells apart content that only differs in where a separator falls', async () => {
        await store.apply({
          ns: a,
          events: [positioned(1, { op: 'hset', key: 'a b', field: 'c', value: 'd' })],
          checkpoint: 1n,
        });
        await store.apply({
          ns: b,
          events: [positioned(1, { op: 'hset', key: 'a', field: 'b c', value: 'd' })],
          checkpoint: 1n,
        });
        expect(await store.dump(a)).toBe('hash "a b" c d\ncheckpoint 1');
        expect(await store.dump(b)).toBe('hash a "b c" d\ncheckpoint 1');
      });
    });
  });
}
