import type { DataKeyStore } from './data-keys/data-key-store.port';
import type { SnapshotStore } from './snapshots/snapshot-store.port';

/**
 * The event store port. Every adapter (memory, sqlite, postgres, kurrentdb) implements it and passes the
 * conformance suite in `libs/event-store/testing`.
 *
 * Revisions are 0-based per stream; positions are global, strictly increasing in the order readers see
 * events, and not necessarily contiguous (PostgreSQL and KurrentDB leave gaps).
 */

/** Who caused an event and through which channel. */
export interface EventMetadata {
  accountId: string;
  /** User id from the token, or a process name such as `import:42` or `projector`. */
  actor: string;
  commandId: string;
  correlationId: string;
  causationId: string;
  schemaVersion: number;
  /** Additional, additive fields (route, import id, …). */
  [key: string]: unknown;
}

/** An event to append. `id` must be a UUID; derive it from the command id so a retry reuses it. */
export interface NewEvent<TData = unknown> {
  id: string;
  type: string;
  data: TData;
  metadata: EventMetadata;
}

export interface RecordedEvent<TData = unknown> extends NewEvent<TData> {
  streamName: string;
  revision: bigint;
  position: bigint;
  /** ISO-8601 time the store recorded the event. */
  recordedAt: string;
}

/**
 * `any`: no check; `no_stream`: the stream must not exist; `exists`: it must exist;
 * a bigint: the stream's current revision (last event's revision) must equal it.
 */
export type ExpectedState = 'any' | 'no_stream' | 'exists' | bigint;

export interface StreamWrite {
  stream: string;
  expected: ExpectedState;
  events: readonly NewEvent[];
}

/** Asserts a stream's state as part of an append without writing to it. */
export interface StreamCheck {
  stream: string;
  expected: ExpectedState;
}

export interface AppendResult {
  /** Global position of the last event written (or of the original write on an idempotent retry). */
  position: bigint;
  /** Revision of each written stream after the append, in the order of the writes. */
  streams: { stream: string; revision: bigint }[];
}

export type Direction = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  direction?: Direction;
  /** Inclusive. Defaults to the start (forwards) or the end (backwards). */
  fromRevision?: bigint;
  maxCount?: number;
}

export interface AllFilter {
  /** Stream categories (the part before the first `-`). */
  categories?: readonly string[];
  eventTypes?: readonly string[];
  /** Only events whose metadata.accountId is this one. */
  accountId?: string;
}

export interface ReadAllOptions {
  /** Exclusive. Omit (or 0n) to read from the start. */
  after?: bigint;
  maxCount?: number;
  filter?: AllFilter;
}

export interface SubscribeOptions {
  /** Exclusive checkpoint: the first event delivered is the first one after it. Omit to start at the beginning. */
  after?: bigint;
  filter?: AllFilter;
  /** Events fetched per catch-up page. */
  batchSize?: number;
}

/**
 * A subscription to all events: catch-up, then live. Iterate it with `for await`; `close()` ends the iteration.
 * `caughtUp` resolves once the subscription has delivered everything that existed when it caught up.
 */
export interface Subscription extends AsyncIterable<RecordedEvent> {
  close(): Promise<void>;
  readonly caughtUp: Promise<void>;
  /**
   * Optional: the same events a page at a time (each page in order, none empty), for consumers that work in batches
   * and would otherwise pay an async step per event. A subscription is iterated once, by events or by pages.
   */
  pages?(): AsyncIterable<readonly RecordedEvent[]>;
}

export interface StoreHealth {
  store: string;
  reachable: boolean;
  detail?: string;
}

export interface EventStore {
  readonly name: string;
  /** Atomic over every write and check: all events become visible together, or none do. */
  append(writes: readonly StreamWrite[], checks?: readonly StreamCheck[]): Promise<AppendResult>;
  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** Current revision of a stream, or `undefined` if it has no events. */
  streamRevision(stream: string): Promise<bigint | undefined>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Position of the last event a reader can see (0n when the store is empty). */
  headPosition(): Promise<bigint>;
  /**
   * Optional: how many events have a position in `(after, upTo]`, counting at most `limit` — without reading them.
   * Lag metrics use it; a store without it is counted by reading pages.
   */
  countEvents?(after: bigint, upTo: bigint, limit: number): Promise<number>;
  subscribeToAll(options?: SubscribeOptions): Subscription;
  /**
   * Optional: the data keys kept beside this store's events (crypto-shredding, ADR 0007). A store without them (the
   * KurrentDB adapter) is given a key store of its own when it is opened.
   */
  dataKeys?(): DataKeyStore;
  /**
   * Optional: folded states of long streams kept beside the events (ADR 0006 §10). Without them (the KurrentDB
   * adapter) a stream whose cached state was dropped is folded from its first event.
   */
  snapshots?(): SnapshotStore;
  health(): Promise<StoreHealth>;
  close(): Promise<void>;
}

export const EVENT_STORE = Symbol('EVENT_STORE');
