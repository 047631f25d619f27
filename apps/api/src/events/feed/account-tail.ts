import type { Logger } from 'pino';
import { ChangeNotifier, type EventStore, type RecordedEvent, type Subscription } from '@app/event-store';
import { toPublicEnvelope } from '@app/runtime/events/event-contract';
import { matchesFeed, type FeedFilter } from './feed-filter';
import { sseFrame } from './sse-frame';

/** One event of the tail, with its SSE frame built once for every connection that sends it. */
export interface TailEntry {
  event: RecordedEvent;
  /** Undefined for internal events (they only move cursors). */
  frame?: string;
}

/**
 * The live end of one account's log, read once for all the SSE connections of that account in this process: one
 * store subscription from the head at the time it started, a bounded window of the latest events (each turned into a
 * frame once), and a wake-up for the connections waiting on it. It holds every event of the account with a position
 * above `floor`; when the window is full the oldest events leave it and `floor` moves up. A connection that is behind
 * `floor` reads from the store until it is not (ADR 0009), so the window bounds memory without losing anything.
 */
export class AccountTail {
  private entries: TailEntry[] = [];
  private readonly notifier = new ChangeNotifier();
  private subscription?: Subscription;
  private failed?: unknown;
  private flush?: NodeJS.Timeout;
  users = 0;
  closed = false;

  private constructor(
    private readonly store: EventStore,
    private readonly accountId: string,
    /** Every event of the account above this position is in `entries` or still to come. */
    public floor: bigint,
    private readonly capacity: number,
    private readonly logger?: Logger,
    /** Connections are woken at most this often (0: at every page). */
    private readonly flushMs = 0,
  ) {}

  static async open(
    store: EventStore,
    accountId: string,
    capacity: number,
    logger?: Logger,
    flushMs = 0,
  ): Promise<AccountTail> {
    const tail = new AccountTail(store, accountId, await store.headPosition(), capacity, logger, flushMs);
    void tail.follow();
    return tail;
  }

  /** The position of the last event in the tail (or `floor` when empty). */
  get last(): bigint {
    return this.entries.at(-1)?.event.position ?? this.floor;
  }

  /** The entries after `position` (which must be at or above `floor`), in order. */
  after(position: bigint): TailEntry[] {
    let low = 0;
    let high = this.entries.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.entries[mid]!.event.position <= position) low = mid + 1;
      else high = mid;
    }
    return this.entries.slice(low);
  }

  /** Resolves when events arrive after `position`, on `signal`, or after `timeoutMs`. */
  wait(position: bigint, timeoutMs: number, signal: AbortSignal): Promise<void> {
    const seen = this.notifier.current;
    if (this.last > position || this.failed !== undefined) return Promise.resolve();
    return this.notifier.wait(signal, timeoutMs, seen);
  }

  get broken(): boolean {
    return this.failed !== undefined;
  }

  /** Throws what stopped the tail, if it stopped. */
  check(): void {
    if (this.failed !== undefined) throw this.failed;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.flush);
    await this.subscription?.close();
  }

  /** Wakes the connections now, or once per `flushMs` window with everything that arrived in it. */
  private wake(): void {
    if (this.flushMs <= 0) {
      this.notifier.notify();
      return;
    }
    this.flush ??= setTimeout(() => {
      this.flush = undefined;
      this.notifier.notify();
    }, this.flushMs);
  }

  private async follow(): Promise<void> {
    try {
      this.subscription = this.store.subscribeToAll({ after: this.floor, filter: { accountId: this.accountId } });
      const pages = this.subscription.pages?.() ?? eventsAsPages(this.subscription);
      for await (const page of pages) {
        for (const event of page) {
          const frame = matchesFeed(event, {}) ? frameOf(event) : undefined;
          this.entries.push({ event, frame });
        }
        if (this.entries.length > this.capacity) {
          const dropped = this.entries.splice(0, this.entries.length - this.capacity);
          this.floor = dropped.at(-1)!.event.position;
        }
        this.wake();
      }
    } catch (error) {
      this.logger?.error({ err: error, accountId: this.accountId }, 'event feed: account tail failed');
      this.failed = error;
      this.notifier.notify();
    }
  }
}

/** Whether a tail entry goes to a connection with `filter`. */
export function tailEntryMatches(entry: TailEntry, filter: FeedFilter): boolean {
  return entry.frame !== undefined && matchesFeed(entry.event, filter);
}

function frameOf(event: RecordedEvent): string {
  const envelope = toPublicEnvelope(event);
  return sseFrame(envelope.type, envelope.cursor, envelope);
}

async function* eventsAsPages(subscription: Subscription): AsyncGenerator<readonly RecordedEvent[]> {
  for await (const event of subscription) yield [event];
}

/** The account tails of this process, shared by the connections of each account and closed when the last leaves. */
export class AccountTails {
  private readonly tails = new Map<string, Promise<AccountTail>>();
  private readonly opened = new Map<string, AccountTail>();

  constructor(
    private readonly store: EventStore,
    private readonly capacity: number,
    private readonly logger?: Logger,
    private readonly flushMs = 0,
  ) {}

  async acquire(accountId: string): Promise<AccountTail> {
    let pending = this.tails.get(accountId);
    if (pending === undefined) {
      pending = AccountTail.open(this.store, accountId, this.capacity, this.logger, this.flushMs);
      this.tails.set(accountId, pending);
      pending.catch(() => this.tails.delete(accountId));
    }
    const tail = await pending;
    if (tail.broken || tail.closed) {
      if (this.tails.get(accountId) === pending) this.tails.delete(accountId);
      return this.acquire(accountId);
    }
    tail.users++;
    this.opened.set(accountId, tail);
    return tail;
  }

  async release(accountId: string, tail: AccountTail): Promise<void> {
    tail.users--;
    if (tail.users > 0) return;
    // Synchronously, so an acquire that resolves later sees it closed and opens a new one.
    tail.closed = true;
    await tail.close();
  }

  /** The floor of the account's open tail, if one is open (metrics, tests). */
  floorOf(accountId: string): bigint | undefined {
    const tail = this.opened.get(accountId);
    return tail === undefined || tail.closed ? undefined : tail.floor;
  }

  async closeAll(): Promise<void> {
    const tails = [...this.tails.values()];
    this.tails.clear();
    await Promise.all(tails.map(async (pending) => (await pending).close()));
  }
}
