import { matchesFilter } from './append-validation';
import type { AllFilter, RecordedEvent } from './event-store.port';

/**
 * The tail of the log as this process appended it: a bounded run of recorded events with contiguous positions and
 * nothing of another writer's among them (an append that does not continue the run starts a new one). Live
 * subscriptions (every projection, the process managers) read what was just appended from here instead of reading and
 * decoding the same rows once each; anything past the run's end still comes from the store. Events are shared by
 * every reader, so they are frozen.
 */
export class RecentEvents {
  private events: RecordedEvent[] = [];
  private start = 0;

  constructor(private readonly capacity = 10_000) {}

  /** The position of the last event pushed, if any. */
  get lastPosition(): bigint | undefined {
    return this.events[this.events.length - 1]?.position;
  }

  /** Events just committed, in position order. */
  push(appended: readonly RecordedEvent[]): void {
    if (appended.length === 0) return;
    const last = this.events[this.events.length - 1];
    if (last === undefined || appended[0]!.position !== last.position + 1n) {
      this.events = [];
      this.start = 0;
    }
    for (const event of appended) this.events.push(deepFreeze(event));
    if (this.events.length - this.start > this.capacity) this.start = this.events.length - this.capacity;
    // Compact now and then rather than shifting on every push.
    if (this.start > this.capacity) {
      this.events = this.events.slice(this.start);
      this.start = 0;
    }
  }

  /**
   * The events after `after` that match `filter` (at most `maxCount`), and the position up to which the run was
   * read — or undefined when the run does not reach back to `after`, so the store must be read.
   */
  after(after: bigint, maxCount: number, filter?: AllFilter): { events: RecordedEvent[]; through: bigint } | undefined {
    const first = this.events[this.start];
    if (first === undefined || after < first.position - 1n) return undefined;
    const last = this.events[this.events.length - 1]!;
    const out: RecordedEvent[] = [];
    let index = this.start + Number(after - first.position + 1n);
    for (; index < this.events.length && out.length < maxCount; index++) {
      const event = this.events[index]!;
      if (matchesFilter(event, filter)) out.push(event);
    }
    const through = index < this.events.length ? this.events[index - 1]!.position : last.position;
    return { events: out, through: after > through ? after : through };
  }
}

/** Freezes an event and everything in it: events read once are shared by every reader. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const nested of Object.values(value)) deepFreeze(nested);
  }
  return value;
}

/**
 * Full pages of the log as read from the store, shared by readers that ask for the same page: projections far
 * behind (past what `RecentEvents` holds) read the same pages one after another, and each used to decode them anew.
 * Only full pages are kept (a short one may grow); a full page never changes, since the log only grows.
 */
export class SharedPages {
  private readonly pages = new Map<string, readonly RecordedEvent[]>();

  constructor(private readonly capacity = 32) {}

  get(after: bigint, maxCount: number): RecordedEvent[] | undefined {
    const page = this.pages.get(`${after}:${maxCount}`);
    return page === undefined ? undefined : [...page];
  }

  put(after: bigint, maxCount: number, events: readonly RecordedEvent[]): void {
    if (events.length < maxCount) return;
    for (const event of events) deepFreeze(event);
    this.pages.set(`${after}:${maxCount}`, events);
    if (this.pages.size > this.capacity) this.pages.delete(this.pages.keys().next().value as string);
  }
}
