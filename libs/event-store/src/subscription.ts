import type { AllFilter, RecordedEvent, Subscription } from './event-store.port';

/** Wakes waiting subscriptions when something was appended (in this process or, via a listener, in another). */
export class ChangeNotifier {
  private waiters = new Set<() => void>();
  /** Counts notifications, so a waiter can tell that one came while it was not waiting (no lost wake-up). */
  private version = 0;

  get current(): number {
    return this.version;
  }

  notify(): void {
    this.version++;
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiters) wake();
  }

  /**
   * Resolves on the next notify, after `timeoutMs` (a safety poll), or when `signal` aborts — at once if a
   * notification came since `seen` (a `current` value read before the caller last looked for changes).
   */
  wait(signal: AbortSignal, timeoutMs: number, seen?: number): Promise<void> {
    if (signal.aborted || (seen !== undefined && seen !== this.version)) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      signal.addEventListener('abort', done, { once: true });
      this.waiters.add(done);
    });
  }
}

export interface PollingSubscriptionOptions {
  after?: bigint;
  filter?: AllFilter;
  batchSize?: number;
  /** Reads up to `maxCount` events after `after` that match `filter`, in global order. */
  readPage: (after: bigint, maxCount: number, filter?: AllFilter) => Promise<RecordedEvent[]>;
  /**
   * The position of the last event a reader can see now (every event at or below it is visible and stays so). With a
   * filter, a short page then moves the cursor past the events it skipped, so the next read does not scan them again;
   * without it a narrow subscription re-reads everything since its last match on every append.
   */
  head?: () => Promise<bigint>;
  notifier: ChangeNotifier;
  /** How long to wait for a notification before polling anyway. */
  pollIntervalMs: number;
}

/**
 * Catch-up then live over a store that can read all events in order: page until a short page (caught up), then
 * wait for a change notification (or the poll interval) and read again from the last delivered position (or, filtered,
 * from the head a short page was read under). The checkpoint is exclusive; nothing is skipped because every read
 * resumes strictly after the last delivered event or after a head every matching event below which it has read.
 */
export function pollingSubscription(options: PollingSubscriptionOptions): Subscription {
  const batchSize = options.batchSize ?? 500;
  const abort = new AbortController();
  let markCaughtUp!: () => void;
  const caughtUp = new Promise<void>((resolve) => (markCaughtUp = resolve));
  let started = false;
  const start = (): void => {
    if (started) throw new Error('A subscription can be iterated only once');
    started = true;
  };

  async function* pages(): AsyncGenerator<readonly RecordedEvent[]> {
    let after = options.after ?? 0n;
    while (!abort.signal.aborted) {
      const seen = options.notifier.current;
      // Read before the page: every matching event at or below it is in this page or a later one.
      const head = options.filter && options.head ? await options.head() : undefined;
      let page: readonly RecordedEvent[] | undefined = await options.readPage(after, batchSize, options.filter);
      if (abort.signal.aborted) return;
      const count = page.length;
      if (count > 0) {
        after = page[count - 1]!.position;
        yield page;
      }
      // Not kept while waiting or reading the next page: a delivered page held here would survive garbage collections.
      page = undefined;
      if (count < batchSize) {
        if (head !== undefined && head > after) after = head;
        markCaughtUp();
        await options.notifier.wait(abort.signal, options.pollIntervalMs, seen);
      } else {
        // A store that reads without I/O (SQLite, memory) would otherwise catch up in one event-loop turn: timers
        // (the runner's lease renewal) would starve and whatever waits for the turn would hold every event read.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
  }

  async function* events(): AsyncGenerator<RecordedEvent> {
    for await (const page of pages()) {
      for (const event of page) {
        if (abort.signal.aborted) return;
        yield event;
      }
    }
  }

  return {
    caughtUp,
    [Symbol.asyncIterator]() {
      start();
      return events();
    },
    pages() {
      start();
      return pages();
    },
    async close() {
      abort.abort();
    },
  };
}
