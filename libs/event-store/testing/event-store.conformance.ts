import { EventTooLargeError, InvalidEventError, InvalidStreamNameError, WrongExpectedVersionError } from '../src';
import type { EventStore, ExpectedState, RecordedEvent, Subscription } from '../src';
import { anEvent, events, metadata } from './event-fixtures';

export interface ConformanceTarget {
  /** A fresh, empty store. */
  create(): Promise<EventStore>;
  /** The largest event the adapter accepts is at least 1 MiB; this is its configured limit. */
  maxEventBytes: number;
}

const A = 'acc1';
const B = 'acc2';

/** Collects `count` events from a subscription, failing after `timeoutMs`. */
export async function take(sub: Subscription, count: number, timeoutMs = 10_000): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  if (count === 0) return out;
  const timer = setTimeout(() => void sub.close(), timeoutMs);
  try {
    for await (const e of sub) {
      out.push(e);
      if (out.length >= count) break;
    }
  } finally {
    clearTimeout(timer);
  }
  if (out.length < count) throw new Error(`Subscription delivered ${out.length} of ${count} events in ${timeoutMs} ms`);
  return out;
}

/**
 * The one suite every event store adapter passes (DESIGN.md §5). Call it inside a test file with a target that
 * creates a fresh store per test.
 */
export function describeEventStoreConformance(adapter: string, target: ConformanceTarget): void {
  describe(`EventStore conformance: ${adapter}`, () => {
    let store: EventStore;
    beforeEach(async () => {
      store = await target.create();
    });
    afterEach(async () => {
      await store.close();
    });

    async function streamAt(stream: string, revision: bigint | undefined): Promise<void> {
      if (revision === undefined) return;
      await store.append([{ stream, expected: 'no_stream', events: events(A, Number(revision) + 1) }]);
    }

    describe('the expected-state matrix', () => {
      const states: (bigint | undefined)[] = [undefined, 0n, 2n];
      const expectations: ExpectedState[] = ['any', 'no_stream', 'exists', 0n, 2n, 5n];
      for (const actual of states) {
        for (const expected of expectations) {
          const ok =
            expected === 'any' ||
            (expected === 'no_stream' && actual === undefined) ||
            (expected === 'exists' && actual !== undefined) ||
            expected === actual;
          it(`stream at ${actual ?? 'no stream'}, expected ${String(expected)} → ${ok ? 'appends' : 'refuses'}`, async () => {
            const stream = `thing-${A}.matrix`;
            await streamAt(stream, actual);
            const attempt = store.append([{ stream, expected, events: [anEvent(A)] }]);
            if (ok) {
              const result = await attempt;
              const next = actual === undefined ? 0n : actual + 1n;
              expect(result.streams).toEqual([{ stream, revision: next }]);
              expect(await store.streamRevision(stream)).toBe(next);
            } else {
              const error = await attempt.then(
                () => undefined,
                (e: unknown) => e,
              );
              expect(error).toBeInstanceOf(WrongExpectedVersionError);
              const wrong = error as WrongExpectedVersionError;
              expect(wrong.stream).toBe(stream);
              expect(wrong.expected).toBe(expected);
              expect(wrong.actual).toBe(actual);
              expect(wrong.message).toContain(stream);
              expect(await store.streamRevision(stream)).toBe(actual);
            }
          });
        }
      }
    });

    describe('checks without writes', () => {
      it('a passing check lets the write through and leaves the checked stream untouched', async () => {
        const checked = `label-${A}.1000`;
        await store.append([{ stream: checked, expected: 'no_stream', events: events(A, 2) }]);
        const target = `links-${A}.0-1.1`;
        await store.append(
          [{ stream: target, expected: 'no_stream', events: [anEvent(A)] }],
          [{ stream: checked, expected: 1n }],
        );
        expect(await store.streamRevision(checked)).toBe(1n);
        expect(await store.readStream(target)).toHaveLength(1);
      });

      it('a failing check refuses the whole append and names the checked stream', async () => {
        const checked = `label-${A}.1000`;
        await store.append([{ stream: checked, expected: 'no_stream', events: events(A, 2) }]);
        const target = `links-${A}.0-1.1`;
        for (const expected of [0n, 'no_stream'] as ExpectedState[]) {
          await expect(
            store.append([{ stream: target, expected: 'any', events: [anEvent(A)] }], [{ stream: checked, expected }]),
          ).rejects.toMatchObject({ code: 'WRONG_EXPECTED_VERSION', stream: checked, actual: 1n });
        }
        await expect(
          store.append(
            [{ stream: target, expected: 'any', events: [anEvent(A)] }],
            [{ stream: `label-${A}.9`, expected: 'exists' }],
          ),
        ).rejects.toMatchObject({ code: 'WRONG_EXPECTED_VERSION', stream: `label-${A}.9`, actual: undefined });
        expect(await store.readStream(target)).toEqual([]);
      });
    });

    describe('atomic multi-stream append', () => {
      it('writes several streams with consecutive positions and reports each revision', async () => {
        const s1 = `links-${A}.0-1.1`;
        const s2 = `links-${A}.0-2.7`;
        await store.append([{ stream: s2, expected: 'no_stream', events: [anEvent(A)] }]);
        const result = await store.append([
          { stream: s1, expected: 'no_stream', events: events(A, 2) },
          { stream: s2, expected: 0n, events: [anEvent(A)] },
        ]);
        expect(result.streams).toEqual([
          { stream: s1, revision: 1n },
          { stream: s2, revision: 1n },
        ]);
        const all = await store.readAll();
        expect(all.map((e) => e.streamName)).toEqual([s2, s1, s1, s2]);
        expect(result.position).toBe(all[3]!.position);
      });

      it('one failed expectation leaves nothing visible anywhere', async () => {
        const s1 = `links-${A}.0-1.1`;
        const s2 = `links-${A}.0-2.7`;
        await store.append([{ stream: s2, expected: 'no_stream', events: [anEvent(A)] }]);
        const head = await store.headPosition();
        const sub = store.subscribeToAll({ after: head });
        await expect(
          store.append([
            { stream: s1, expected: 'no_stream', events: events(A, 3) },
            { stream: s2, expected: 5n, events: [anEvent(A)] },
          ]),
        ).rejects.toBeInstanceOf(WrongExpectedVersionError);
        expect(await store.readStream(s1)).toEqual([]);
        expect(await store.streamRevision(s1)).toBeUndefined();
        expect(await store.readStream(s2)).toHaveLength(1);
        expect(await store.readAll({ after: head })).toEqual([]);
        expect(await store.headPosition()).toBe(head);
        // The next successful append is the first thing a live subscriber sees.
        const marker = anEvent(A, 'Marker');
        await store.append([{ stream: s1, expected: 'no_stream', events: [marker] }]);
        const [first] = await take(sub, 1);
        await sub.close();
        expect(first!.id).toBe(marker.id);
      });
    });

    describe('idempotent retries', () => {
      it('the same ids and expectations give the same result and no duplicates', async () => {
        const s1 = `links-${A}.0-1.1`;
        const s2 = `links-${A}.0-2.2`;
        const writes = [
          { stream: s1, expected: 'no_stream' as const, events: events(A, 2) },
          { stream: s2, expected: 'no_stream' as const, events: events(A, 1) },
        ];
        const first = await store.append(writes);
        await store.append([{ stream: `other-${A}.x`, expected: 'any', events: [anEvent(A)] }]);
        const second = await store.append(writes);
        expect(second).toEqual(first);
        expect(await store.readAll()).toHaveLength(4);
        expect(await store.readStream(s1)).toHaveLength(2);
      });

      it('the same ids with other content are refused', async () => {
        const stream = `thing-${A}.1`;
        const event = anEvent(A, 'ThingHappened', { n: 1 });
        await store.append([{ stream, expected: 'no_stream', events: [event] }]);
        const attempts = [
          [{ stream, expected: 'no_stream' as const, events: [{ ...event, data: { n: 2 } }] }],
          [{ stream: `thing-${A}.2`, expected: 'any' as const, events: [event] }],
          [{ stream, expected: 'any' as const, events: [event, anEvent(A)] }],
        ];
        for (const writes of attempts) {
          const error = await store.append(writes).catch((e: unknown) => e);
          // The message is part of the assertion so a failure shows what was thrown instead.
          expect(`${(error as Error).constructor.name}: ${(error as Error).message}`).toMatch(
            /^IdempotencyConflictError: Event id .* was already used/,
          );
        }
        expect(await store.readAll()).toHaveLength(1);
      });
    });

    describe('stream reads', () => {
      const stream = `thing-${A}.read`;
      beforeEach(async () => {
        await store.append([{ stream, expected: 'no_stream', events: events(A, 10) }]);
      });

      it('reads forwards from a revision with a max count', async () => {
        const all = await store.readStream(stream);
        expect(all.map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n, 9n]);
        expect(all.map((e) => (e.data as { n: number }).n)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        const slice = await store.readStream(stream, { fromRevision: 3n, maxCount: 4 });
        expect(slice.map((e) => e.revision)).toEqual([3n, 4n, 5n, 6n]);
        expect(await store.readStream(stream, { fromRevision: 10n })).toEqual([]);
      });

      it('reads backwards from the end or from a revision', async () => {
        const last3 = await store.readStream(stream, { direction: 'backwards', maxCount: 3 });
        expect(last3.map((e) => e.revision)).toEqual([9n, 8n, 7n]);
        const mid = await store.readStream(stream, { direction: 'backwards', fromRevision: 4n, maxCount: 10 });
        expect(mid.map((e) => e.revision)).toEqual([4n, 3n, 2n, 1n, 0n]);
      });

      it('an unknown stream reads empty', async () => {
        expect(await store.readStream(`thing-${A}.nothing`)).toEqual([]);
        expect(await store.readStream(`thing-${A}.nothing`, { direction: 'backwards' })).toEqual([]);
        expect(await store.streamRevision(`thing-${A}.nothing`)).toBeUndefined();
      });
    });

    describe('global order', () => {
      it('reads all events in append order with strictly increasing positions, from an exclusive position', async () => {
        for (let i = 0; i < 5; i++) {
          await store.append([
            { stream: `thing-${A}.${i % 2}`, expected: 'any', events: events(A, 2) },
            { stream: `other-${A}.${i}`, expected: 'no_stream', events: events(A, 1, 'OtherHappened') },
          ]);
        }
        const all = await store.readAll();
        expect(all).toHaveLength(15);
        for (let i = 1; i < all.length; i++) expect(all[i]!.position > all[i - 1]!.position).toBe(true);
        expect(await store.headPosition()).toBe(all[14]!.position);
        // Counting without reading (lag metrics): optional, but when a store has it, it must agree with the log.
        if (store.countEvents) {
          expect(await store.countEvents(0n, all[14]!.position, 100)).toBe(15);
          expect(await store.countEvents(all[4]!.position, all[11]!.position, 100)).toBe(7);
          expect(await store.countEvents(all[4]!.position, all[14]!.position, 3)).toBe(3);
          expect(await store.countEvents(all[14]!.position, all[14]!.position, 100)).toBe(0);
        }
        const after = await store.readAll({ after: all[4]!.position, maxCount: 3 });
        expect(after.map((e) => e.id)).toEqual(all.slice(5, 8).map((e) => e.id));
        const byType = await store.readAll({ filter: { eventTypes: ['OtherHappened'] } });
        expect(byType).toHaveLength(5);
        const byCategory = await store.readAll({ filter: { categories: ['thing'] } });
        expect(byCategory).toHaveLength(10);
      });
    });

    describe('subscriptions', () => {
      it('resume exclusively after a checkpoint, catch up, then go live', async () => {
        await store.append([{ stream: `thing-${A}.1`, expected: 'no_stream', events: events(A, 5) }]);
        const existing = await store.readAll();
        const sub = store.subscribeToAll({ after: existing[1]!.position, batchSize: 2 });
        const received = take(sub, 6);
        await sub.caughtUp;
        const live = events(A, 3);
        await store.append([{ stream: `thing-${A}.2`, expected: 'no_stream', events: live }]);
        const got = await received;
        await sub.close();
        expect(got.map((e) => e.id)).toEqual([...existing.slice(2).map((e) => e.id), ...live.map((e) => e.id)]);
      });

      it('filter by category and by event type', async () => {
        const byCategory = store.subscribeToAll({ filter: { categories: ['label'] } });
        const byType = store.subscribeToAll({ filter: { eventTypes: ['LabelCreated'] } });
        const gotCategory = take(byCategory, 2);
        const gotType = take(byType, 2);
        await store.append([{ stream: `thing-${A}.1`, expected: 'any', events: [anEvent(A, 'LabelCreated')] }]);
        await store.append([{ stream: `label-${A}.1`, expected: 'any', events: [anEvent(A, 'LabelRenamed')] }]);
        await store.append([{ stream: `label-${A}.2`, expected: 'any', events: [anEvent(A, 'LabelCreated')] }]);
        const c = await gotCategory;
        const t = await gotType;
        await byCategory.close();
        await byType.close();
        expect(c.map((e) => e.streamName)).toEqual([`label-${A}.1`, `label-${A}.2`]);
        expect(t.map((e) => e.streamName)).toEqual([`thing-${A}.1`, `label-${A}.2`]);
      });

      it('close() ends a subscription that is waiting for live events', async () => {
        const sub = store.subscribeToAll();
        const done = (async () => {
          const got: RecordedEvent[] = [];
          for await (const e of sub) got.push(e);
          return got;
        })();
        await sub.caughtUp;
        await sub.close();
        await expect(done).resolves.toEqual([]);
      });
    });

    describe('concurrency', () => {
      it('many concurrent writers on one stream: exactly one winner per revision', async () => {
        const stream = `links-${A}.0-2.hub`;
        const writers = 16;
        for (const expected of ['no_stream', 0n, 1n, 2n] as ExpectedState[]) {
          const results = await Promise.allSettled(
            Array.from({ length: writers }, () => store.append([{ stream, expected, events: [anEvent(A)] }])),
          );
          const won = results.filter((r) => r.status === 'fulfilled');
          const lost = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
          expect(won).toHaveLength(1);
          for (const l of lost) expect(l.reason).toBeInstanceOf(WrongExpectedVersionError);
        }
        const stored = await store.readStream(stream);
        expect(stored.map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n]);
      });
    });

    describe('payloads', () => {
      it('stores a 1 MiB event and refuses one over the limit, naming the limit', async () => {
        const big = 'x'.repeat(1024 * 1024);
        const event = anEvent(A, 'BigHappened', { big });
        await store.append([{ stream: `thing-${A}.big`, expected: 'no_stream', events: [event] }]);
        const [read] = await store.readStream(`thing-${A}.big`);
        expect((read!.data as { big: string }).big).toHaveLength(1024 * 1024);
        const tooBig = anEvent(A, 'BigHappened', { big: 'y'.repeat(target.maxEventBytes) });
        const error = await store
          .append([{ stream: `thing-${A}.big`, expected: 'any', events: [tooBig] }])
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(EventTooLargeError);
        expect((error as Error).message).toContain(String(target.maxEventBytes));
        expect(await store.readStream(`thing-${A}.big`)).toHaveLength(1);
      });

      it('round-trips unicode and metadata exactly', async () => {
        const data = {
          text: 'Zoë 🚀 日本語 \u0301e\u0301 "quoted" \\ back\nline',
          nested: { list: [1, null, true, 'ü'] },
        };
        const meta = metadata(A, { actor: 'usér-ß', route: 'PUT /crm/v4/…', importId: 'imp-1', schemaVersion: 2 });
        const event = { id: anEvent(A).id, type: 'UnicodeHappened', data, metadata: meta };
        await store.append([{ stream: `thing-${A}.u`, expected: 'no_stream', events: [event] }]);
        const [read] = await store.readStream(`thing-${A}.u`);
        expect(read!.data).toEqual(data);
        expect(read!.metadata).toEqual(meta);
        expect(read!.id).toBe(event.id);
        expect(read!.type).toBe('UnicodeHappened');
        expect(new Date(read!.recordedAt).toISOString()).toBe(read!.recordedAt);
        const [fromAll] = await store.readAll();
        expect(fromAll).toEqual(read);
      });
    });

    describe('tenancy', () => {
      it('two accounts using the same stream ids never see each other’s events', async () => {
        const a = `label-${A}.1000`;
        const b = `label-${B}.1000`;
        await store.append([{ stream: a, expected: 'no_stream', events: events(A, 2) }]);
        await store.append([{ stream: b, expected: 'no_stream', events: events(B, 3) }]);
        expect(await store.readStream(a)).toHaveLength(2);
        expect((await store.readStream(b)).every((e) => e.metadata.accountId === B)).toBe(true);
        expect(await store.readAll({ filter: { accountId: A } })).toHaveLength(2);
        const sub = store.subscribeToAll({ filter: { accountId: B } });
        const got = await take(sub, 3);
        await sub.close();
        expect(got.every((e) => e.streamName === b)).toBe(true);
      });

      it('refuses an event whose account is not the stream’s account', async () => {
        await expect(
          store.append([{ stream: `label-${A}.1`, expected: 'any', events: [anEvent(B)] }]),
        ).rejects.toBeInstanceOf(InvalidEventError);
        expect(await store.readAll()).toEqual([]);
      });
    });

    describe('invalid requests', () => {
      it.each(['', 'nocategory', 'Label-1.x', 'label-', 'label-1.a b', 'label-1..x', `label-1.${'x'.repeat(300)}`])(
        'refuses stream name %j',
        async (stream) => {
          await expect(store.append([{ stream, expected: 'any', events: [anEvent('1')] }])).rejects.toBeInstanceOf(
            InvalidStreamNameError,
          );
        },
      );

      it('refuses bad event ids, duplicate ids and duplicate streams in one append', async () => {
        const stream = `thing-${A}.1`;
        await expect(
          store.append([{ stream, expected: 'any', events: [{ ...anEvent(A), id: 'nope' }] }]),
        ).rejects.toBeInstanceOf(InvalidEventError);
        const e = anEvent(A);
        await expect(store.append([{ stream, expected: 'any', events: [e, e] }])).rejects.toBeInstanceOf(
          InvalidEventError,
        );
        await expect(
          store.append([
            { stream, expected: 'any', events: [anEvent(A)] },
            { stream, expected: 'any', events: [anEvent(A)] },
          ]),
        ).rejects.toBeInstanceOf(InvalidEventError);
        expect(await store.readAll()).toEqual([]);
      });
    });

    it('reports health', async () => {
      await expect(store.health()).resolves.toMatchObject({ reachable: true, store: store.name });
    });

    describe('snapshots, where the adapter keeps them', () => {
      it('keeps the latest snapshot per stream and name, never going back to an earlier revision', async () => {
        const snapshots = store.snapshots?.();
        if (snapshots === undefined) return expect(store.name).toBe('kurrentdb');
        await expect(snapshots.read('links-acc_1.0-2.7', 'links@1')).resolves.toBeUndefined();
        await snapshots.write('links-acc_1.0-2.7', 'links@1', { revision: 40n, state: '{"at":40}' });
        await snapshots.write('links-acc_1.0-2.7', 'links@1', { revision: 20n, state: '{"at":20}' });
        await snapshots.write('links-acc_1.0-2.7', 'links@1', { revision: 40n, state: '{"again":40}' });
        await expect(snapshots.read('links-acc_1.0-2.7', 'links@1')).resolves.toEqual({
          revision: 40n,
          state: '{"at":40}',
        });
        await snapshots.write('links-acc_1.0-2.7', 'links@1', { revision: 9_007_199_254_740_993n, state: '{"big":1}' });
        await expect(snapshots.read('links-acc_1.0-2.7', 'links@1')).resolves.toEqual({
          revision: 9_007_199_254_740_993n,
          state: '{"big":1}',
        });
        await expect(snapshots.read('links-acc_1.0-2.7', 'links@2')).resolves.toBeUndefined();
        await expect(snapshots.read('links-acc_1.0-2.8', 'links@1')).resolves.toBeUndefined();
      });
    });

    describe('data keys (crypto-shredding), where the adapter keeps them', () => {
      const keysOf = () => store.dataKeys?.();
      it('creates a key per name and account once, and finds it again', async () => {
        const keys = keysOf();
        if (keys === undefined) return expect(store.name).toBe('kurrentdb');
        const first = await keys.obtain('acc-1', ['record.0-1.1', 'record.0-1.2']);
        expect([...first.values()].map((k) => k?.length)).toEqual([32, 32]);
        expect(first.get('record.0-1.1')!.equals(first.get('record.0-1.2')!)).toBe(false);
        const again = await keys.obtain('acc-1', ['record.0-1.1']);
        expect(again.get('record.0-1.1')!.equals(first.get('record.0-1.1')!)).toBe(true);
        const found = await keys.find('acc-1', ['record.0-1.2', 'record.0-1.3']);
        expect([...found.keys()]).toEqual(['record.0-1.2']);
        expect(found.get('record.0-1.2')!.equals(first.get('record.0-1.2')!)).toBe(true);
        const other = await keys.obtain('acc-2', ['record.0-1.1']);
        expect(other.get('record.0-1.1')!.equals(first.get('record.0-1.1')!)).toBe(false);
      });
      it('destroys a key for good: it reads null and is never created again', async () => {
        const keys = keysOf();
        if (keys === undefined) return expect(store.name).toBe('kurrentdb');
        await keys.obtain('acc-1', ['record.0-1.1', 'record.0-1.2']);
        await keys.destroy('acc-1', 'record.0-1.1');
        await keys.destroy('acc-1', 'record.0-1.1');
        await keys.destroy('acc-1', 'record.0-1.9');
        expect((await keys.find('acc-1', ['record.0-1.1'])).get('record.0-1.1')).toBeNull();
        expect((await keys.obtain('acc-1', ['record.0-1.1'])).get('record.0-1.1')).toBeNull();
        expect((await keys.obtain('acc-1', ['record.0-1.9'])).get('record.0-1.9')).toBeNull();
        expect((await keys.find('acc-1', ['record.0-1.2'])).get('record.0-1.2')).toHaveLength(32);
      });
    });
  });
}
