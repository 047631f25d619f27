import type { RecordedEvent } from './event-store.port';
import { ChangeNotifier, pollingSubscription } from './subscription';

describe('ChangeNotifier', () => {
  it('a notification that came while the caller was reading is not lost', async () => {
    const notifier = new ChangeNotifier();
    const seen = notifier.current;
    notifier.notify(); // an append commits while the subscriber is still reading its page
    const started = Date.now();
    await notifier.wait(new AbortController().signal, 5000, seen);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('waits for the next notification when nothing changed since `seen`', async () => {
    const notifier = new ChangeNotifier();
    let woke = false;
    const waiting = notifier.wait(new AbortController().signal, 5000, notifier.current).then(() => (woke = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(woke).toBe(false);
    notifier.notify();
    await waiting;
    expect(woke).toBe(true);
  });

  it('an abort ends the wait', async () => {
    const notifier = new ChangeNotifier();
    const abort = new AbortController();
    const waiting = notifier.wait(abort.signal, 5000);
    abort.abort();
    await expect(waiting).resolves.toBeUndefined();
  });
});

describe('pollingSubscription', () => {
  const recorded = (position: number): RecordedEvent => ({
    id: `e${position}`,
    type: 'ThingHappened',
    data: {},
    metadata: { accountId: 'a1' } as RecordedEvent['metadata'],
    streamName: 'thing-a1.1',
    revision: BigInt(position - 1),
    position: BigInt(position),
    recordedAt: '2026-01-01T00:00:00.000Z',
  });

  it('lets the event loop turn between full pages of a store that reads without I/O', async () => {
    const log = Array.from({ length: 30 }, (_, i) => recorded(i + 1));
    const subscription = pollingSubscription({
      batchSize: 10,
      readPage: async (after, maxCount) => log.filter((e) => e.position > after).slice(0, maxCount),
      notifier: new ChangeNotifier(),
      pollIntervalMs: 5000,
    });
    let turns = 0;
    let spinning = true;
    const spin = (): void => {
      turns++;
      if (spinning) setImmediate(spin);
    };
    setImmediate(spin);
    const turnsAtPageStart: number[] = [];
    for await (const event of subscription) {
      if (event.position % 10n === 1n) turnsAtPageStart.push(turns);
      if (event.position === 30n) break;
    }
    spinning = false;
    await subscription.close();
    expect(turnsAtPageStart[1]).toBeGreaterThan(turnsAtPageStart[0]!);
    expect(turnsAtPageStart[2]).toBeGreaterThan(turnsAtPageStart[1]!);
  });

  it('delivers the same events a page at a time, caught up after the short page, iterable once', async () => {
    const log = Array.from({ length: 25 }, (_, i) => recorded(i + 1));
    const subscription = pollingSubscription({
      after: 2n,
      batchSize: 10,
      readPage: async (after, maxCount) => log.filter((e) => e.position > after).slice(0, maxCount),
      notifier: new ChangeNotifier(),
      pollIntervalMs: 5000,
    });
    let caughtUp = false;
    void subscription.caughtUp.then(() => (caughtUp = true));
    const sizes: number[] = [];
    const positions: bigint[] = [];
    const caughtUpAtPage: boolean[] = [];
    for await (const page of subscription.pages!()) {
      caughtUpAtPage.push(caughtUp);
      sizes.push(page.length);
      positions.push(...page.map((e) => e.position));
      if (page[page.length - 1]!.position === 25n) break;
    }
    await subscription.close();
    expect(sizes).toEqual([10, 10, 3]);
    expect(positions).toEqual(log.slice(2).map((e) => e.position));
    expect(caughtUpAtPage).toEqual([false, false, false]);
    expect(() => subscription[Symbol.asyncIterator]()).toThrow('only once');
  });
});

describe('pollingSubscription with a filter', () => {
  const event = (position: number, type: string): RecordedEvent => ({
    id: `e${position}`,
    type,
    data: {},
    metadata: { accountId: 'a1' } as RecordedEvent['metadata'],
    streamName: 'thing-a1.1',
    revision: BigInt(position - 1),
    position: BigInt(position),
    recordedAt: '2026-01-01T00:00:00.000Z',
  });

  it('moves past the events it skipped, so later reads do not scan them again, and still delivers every match', async () => {
    const log: RecordedEvent[] = [event(1, 'Wanted'), ...Array.from({ length: 50 }, (_, i) => event(i + 2, 'Other'))];
    const notifier = new ChangeNotifier();
    const reads: bigint[] = [];
    const subscription = pollingSubscription({
      batchSize: 10,
      filter: { eventTypes: ['Wanted'] },
      readPage: async (after, maxCount, filter) => {
        reads.push(after);
        return log.filter((e) => e.position > after && filter!.eventTypes!.includes(e.type)).slice(0, maxCount);
      },
      head: async () => log[log.length - 1]!.position,
      notifier,
      pollIntervalMs: 5000,
    });
    const delivered: bigint[] = [];
    const iterating = (async () => {
      for await (const e of subscription) delivered.push(e.position);
    })();
    await subscription.caughtUp;
    log.push(event(52, 'Other'), event(53, 'Wanted'));
    notifier.notify();
    while (delivered.length < 2) await new Promise((r) => setTimeout(r, 5));
    await subscription.close();
    notifier.notify();
    await iterating;
    expect(delivered).toEqual([1n, 53n]);
    // The second read starts after the head it was caught up to (51), not after the last match (1).
    expect(reads.slice(0, 2)).toEqual([0n, 51n]);
  });
});
