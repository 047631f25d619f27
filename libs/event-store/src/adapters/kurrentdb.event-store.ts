import { randomUUID } from 'node:crypto';
import { BACKWARDS, END, FORWARDS, KurrentDBClient, START, StreamNotFoundError } from '@kurrent/kurrentdb-client';
import type { AllStreamResolvedEvent, AllStreamSubscription, MultiAppendResult } from '@kurrent/kurrentdb-client';
import {
  assertExpected,
  DEFAULT_MAX_EVENT_BYTES,
  matchesFilter,
  resolveRetry,
  validateAppend,
} from '../append-validation';
import type { SerializedEvent, StoredEventIdentity } from '../append-validation';
import { IdempotencyConflictError } from '../event-store.errors';
import type {
  AllFilter,
  AppendResult,
  EventStore,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StoreHealth,
  StreamCheck,
  StreamWrite,
  SubscribeOptions,
  Subscription,
} from '../event-store.port';
import {
  APPEND_WITH_CHECKS,
  decodeClaim,
  expectationViolations,
  expectedByStream,
  fromPosition,
  MULTI_STREAM_APPEND,
  planAppend,
  readPositionAfter,
  serverFilter,
  STORE_NAME,
  StreamNamespace,
  toAppendResult,
  toRecordedEvent,
  toStoreError,
  toWrongExpectedVersion,
} from './kurrentdb.mapping';
import type { ClientResolvedEvent } from './kurrentdb.mapping';

export interface KurrentDbEventStoreOptions {
  /** `kurrentdb://…` connection string. Required unless `client` is given. */
  connectionString?: string;
  /** An already-built client (the store takes ownership and disposes it on `close()`). */
  client?: KurrentDBClient;
  /**
   * Prefix put in front of every stored stream name and stripped on read; reads and subscriptions only see their own
   * namespace. Lets several stores (e.g. one per integration test) share a server. Letters, digits and `_`.
   */
  namespace?: string;
  maxEventBytes?: number;
  /** Events per $all page in reads and catch-up. */
  readPageSize?: number;
  /** How long `health()` waits for the server. */
  healthTimeoutMs?: number;
}

/**
 * Event store on KurrentDB (formerly EventStoreDB) through `@kurrent/kurrentdb-client`.
 *
 * Needs KurrentDB ≥ 25.1 (atomic multi-stream appends, which every append uses because of the idempotency claims, see
 * `planAppend`); appends with read-only checks need ≥ 26.1 (`appendRecords`) and fail with KurrentDbUnsupportedError on
 * older servers instead of ignoring the checks. The server's maximum append size (default 1 MiB) must exceed the
 * largest append, e.g. `KURRENTDB_MAX_APPEND_SIZE=8388608` for the port's 1 MiB events.
 *
 * Global positions are commit positions (see `kurrentdb.mapping.ts`); revisions are KurrentDB stream revisions.
 */
export class KurrentDbEventStore implements EventStore {
  readonly name = STORE_NAME;
  private readonly client: KurrentDBClient;
  private readonly ns: StreamNamespace;
  private readonly maxEventBytes: number;
  private readonly pageSize: number;
  private readonly healthTimeoutMs: number;
  private readonly subscriptions = new Set<Subscription>();

  constructor(options: KurrentDbEventStoreOptions) {
    if (!options.client && !options.connectionString) {
      throw new Error('KurrentDbEventStore needs a connection string (kurrentdbUrl) or a client');
    }
    this.client = options.client ?? KurrentDBClient.connectionString(options.connectionString!);
    this.ns = new StreamNamespace(options.namespace ?? '');
    this.maxEventBytes = options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
    this.pageSize = options.readPageSize ?? 500;
    this.healthTimeoutMs = options.healthTimeoutMs ?? 5000;
  }

  async append(writes: readonly StreamWrite[], checks: readonly StreamCheck[] = []): Promise<AppendResult> {
    const events = validateAppend(writes, checks, this.maxEventBytes);
    if (events.length === 0) return this.appendNothing(writes, checks);

    const plan = planAppend(events, writes, checks, this.ns, randomUUID);
    let response: MultiAppendResult;
    try {
      response =
        plan.kind === 'appendRecords'
          ? await this.client.appendRecords(plan.records, plan.checks)
          : await this.client.multiStreamAppend(plan.requests);
    } catch (error) {
      const violations = expectationViolations(error);
      if (!violations) {
        throw toStoreError(error, plan.kind === 'appendRecords' ? APPEND_WITH_CHECKS : MULTI_STREAM_APPEND);
      }
      // A reused event id fails on its claim; so may a retry whose own expectation no longer holds. Either way the
      // claims decide whether this is a retry (original result), a conflict, or a plain expectation failure.
      const retry = resolveRetry(events, await this.storedIdentities(events), writes);
      if (retry) return retry;
      throw toWrongExpectedVersion(violations, this.ns, expectedByStream(writes, checks));
    }

    // Writes without events were checks; report their revision like the memory adapter (read after the append).
    const emptyWrites = writes.filter((w) => w.events.length === 0);
    const emptyWriteRevisions = new Map<string, bigint | undefined>();
    for (const { stream, expected } of emptyWrites) {
      if (typeof expected === 'bigint') emptyWriteRevisions.set(stream, expected);
      else if (expected !== 'no_stream') emptyWriteRevisions.set(stream, await this.streamRevision(stream));
    }
    return toAppendResult(response, writes, this.ns, emptyWriteRevisions);
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const maxCount = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    if (maxCount <= 0) return [];
    const direction = options.direction ?? 'forwards';
    const fromRevision = options.fromRevision ?? (direction === 'forwards' ? START : END);
    if (typeof fromRevision === 'bigint' && fromRevision < 0n) return [];
    const out: RecordedEvent[] = [];
    try {
      const read = this.client.readStream(this.ns.qualify(stream), {
        direction: direction === 'forwards' ? FORWARDS : BACKWARDS,
        fromRevision,
        maxCount,
      });
      for await (const resolved of read) {
        const event = toRecordedEvent(resolved as ClientResolvedEvent, this.ns);
        if (event) out.push(event);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw toStoreError(error);
    }
    return out;
  }

  async streamRevision(stream: string): Promise<bigint | undefined> {
    const [last] = await this.readStream(stream, { direction: 'backwards', maxCount: 1 });
    return last?.revision;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const maxCount = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    const out: RecordedEvent[] = [];
    let after = options.after ?? 0n;
    const filter = serverFilter(options.filter, this.ns);
    while (out.length < maxCount) {
      const pageSize = Math.min(this.pageSize, maxCount - out.length + 1);
      let read = 0;
      let last = after;
      try {
        // A read from a position includes the event at that position; the port's `after` excludes it.
        for await (const resolved of this.client.readAll({
          fromPosition: readPositionAfter(after),
          direction: FORWARDS,
          maxCount: pageSize,
          filter,
        })) {
          read++;
          const position = resolved.event?.position ? fromPosition(resolved.event.position) : undefined;
          if (position === undefined || position <= after) continue;
          last = position;
          const event = this.convert(resolved, options.filter);
          if (event) out.push(event);
        }
      } catch (error) {
        throw toStoreError(error);
      }
      if (read < pageSize || last === after) break;
      after = last;
    }
    return out.slice(0, maxCount);
  }

  async headPosition(): Promise<bigint> {
    let before: bigint | undefined;
    for (;;) {
      let read = 0;
      try {
        for await (const resolved of this.client.readAll({
          fromPosition: before === undefined ? END : { commit: before, prepare: before },
          direction: BACKWARDS,
          maxCount: 20,
          filter: serverFilter(undefined, this.ns),
        })) {
          read++;
          const position = resolved.event?.position ? fromPosition(resolved.event.position) : undefined;
          if (position === undefined || (before !== undefined && position >= before)) continue;
          if (this.convert(resolved)) return position;
          before = position;
        }
      } catch (error) {
        throw toStoreError(error);
      }
      if (read < 20) return 0n;
    }
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    const subscription = adaptClientSubscription({
      open: () =>
        this.client.subscribeToAll({
          fromPosition: readPositionAfter(options.after),
          filter: serverFilter(options.filter, this.ns),
        }),
      after: options.after,
      convert: (resolved) => this.convert(resolved, options.filter),
      onClose: () => this.subscriptions.delete(subscription),
    });
    this.subscriptions.add(subscription);
    return subscription;
  }

  async health(): Promise<StoreHealth> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const probe = (async () => {
        for await (const _event of this.client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1 })) {
          // Reading one event proves the server answers.
        }
      })();
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${this.healthTimeoutMs} ms`)),
          this.healthTimeoutMs,
        );
      });
      await Promise.race([probe, timeout]);
      return { store: this.name, reachable: true };
    } catch (error) {
      return { store: this.name, reachable: false, detail: describeError(error) };
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    await this.client.dispose();
  }

  /** Converts and filters (client-side part of the filter) an event read from $all. */
  private convert(resolved: AllStreamResolvedEvent, filter?: AllFilter): RecordedEvent | undefined {
    const event = toRecordedEvent(resolved as ClientResolvedEvent, this.ns);
    return event && matchesFilter(event, filter) ? event : undefined;
  }

  /** An append without events writes nothing: check the expectations (checks first) and report the revisions. */
  private async appendNothing(writes: readonly StreamWrite[], checks: readonly StreamCheck[]): Promise<AppendResult> {
    const streams: AppendResult['streams'] = [];
    for (const c of checks) assertExpected(c.stream, c.expected, await this.streamRevision(c.stream));
    for (const w of writes) {
      const revision = await this.streamRevision(w.stream);
      assertExpected(w.stream, w.expected, revision);
      if (revision !== undefined) streams.push({ stream: w.stream, revision });
    }
    return { position: await this.headPosition(), streams };
  }

  /**
   * What is stored under the ids of an append that failed an expectation: the claim of each id names the stream it
   * went to; the original event is then found there (scanning back from the end, as retries are usually recent).
   */
  private async storedIdentities(events: readonly SerializedEvent[]): Promise<Map<string, StoredEventIdentity>> {
    const claims = await Promise.all(events.map(async (e) => [e.id, await this.readClaim(e.id)] as const));
    const wanted = new Map<string, Set<string>>();
    for (const [id, stream] of claims) {
      if (stream !== undefined) wanted.set(stream, (wanted.get(stream) ?? new Set()).add(id));
    }
    const stored = new Map<string, StoredEventIdentity>();
    for (const [stream, ids] of wanted) {
      const found = await this.findEvents(stream, ids);
      for (const id of ids) {
        const event = found.get(id);
        if (!event)
          throw new IdempotencyConflictError(id, `it was claimed by stream '${stream}', which does not hold it`);
        stored.set(id, {
          id,
          stream,
          type: event.type,
          data: JSON.stringify(event.data ?? null),
          revision: event.revision,
          position: event.position,
        });
      }
    }
    return stored;
  }

  private async readClaim(eventId: string): Promise<string | undefined> {
    try {
      for await (const resolved of this.client.readStream(this.ns.claimStream(eventId), { maxCount: 1 })) {
        const claim = decodeClaim(resolved.event?.data);
        if (claim) return claim.stream;
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return undefined;
      throw toStoreError(error);
    }
    return undefined;
  }

  private async findEvents(stream: string, ids: ReadonlySet<string>): Promise<Map<string, RecordedEvent>> {
    const found = new Map<string, RecordedEvent>();
    let from: bigint | undefined;
    const page = 100;
    while (found.size < ids.size) {
      const events = await this.readStream(stream, { direction: 'backwards', fromRevision: from, maxCount: page });
      for (const e of events) if (ids.has(e.id)) found.set(e.id, e);
      const oldest = events[events.length - 1];
      if (events.length < page || !oldest || oldest.revision === 0n) break;
      from = oldest.revision - 1n;
    }
    return found;
  }
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.message || error.name;
}

export interface ClientSubscriptionAdapterOptions {
  /** Opens the client's subscription (called on the first iteration). */
  open: () => AllStreamSubscription;
  /** Exclusive checkpoint: nothing at or before it is delivered, whatever the server sends. */
  after?: bigint;
  /** Converts and filters; undefined drops the event. */
  convert: (resolved: AllStreamResolvedEvent) => RecordedEvent | undefined;
  onClose?: () => void;
}

const CLOSED = Symbol('closed');

/**
 * The port's Subscription over the client's catch-up subscription to $all.
 *
 * `caughtUp` follows the server's caught-up signal (KurrentDB ≥ 23.10 sends it; the adapter needs ≥ 25.1 anyway),
 * but only resolves once the consumer has been handed every event the client had received before that signal: at the
 * signal, those are the events already taken from the client stream plus the ones still buffered in it
 * (`readableLength`).
 */
export function adaptClientSubscription(options: ClientSubscriptionAdapterOptions): Subscription {
  let markCaughtUp!: () => void;
  const caughtUp = new Promise<void>((resolve) => (markCaughtUp = resolve));
  let signalClosed!: () => void;
  const closedSignal = new Promise<typeof CLOSED>((resolve) => (signalClosed = () => resolve(CLOSED)));
  let closed = false;
  let started = false;
  let source: AllStreamSubscription | undefined;

  async function shutdown(sub: AllStreamSubscription): Promise<void> {
    try {
      await sub.unsubscribe();
    } catch {
      // Already gone.
    }
    sub.destroy();
  }

  async function* events(): AsyncGenerator<RecordedEvent> {
    if (closed) return;
    const sub = options.open();
    source = sub;
    let received = 0;
    let handled = 0;
    let target: number | undefined;
    const check = (): void => {
      if (target !== undefined && handled >= target) markCaughtUp();
    };
    const onCaughtUp = (): void => {
      target = received + sub.readableLength;
      check();
    };
    sub.on('caughtUp', onCaughtUp);
    const iterator = sub[Symbol.asyncIterator]();
    let last = options.after ?? -1n;
    try {
      while (!closed) {
        let next: IteratorResult<AllStreamResolvedEvent> | typeof CLOSED;
        try {
          next = await Promise.race([iterator.next(), closedSignal]);
        } catch (error) {
          if (closed) return;
          throw toStoreError(error);
        }
        if (next === CLOSED || next.done) return;
        received++;
        const event = options.convert(next.value);
        if (event && event.position > last) {
          last = event.position;
          yield event;
        }
        handled++;
        check();
      }
    } finally {
      sub.off('caughtUp', onCaughtUp);
      await shutdown(sub);
      options.onClose?.();
    }
  }

  return {
    caughtUp,
    [Symbol.asyncIterator]() {
      if (started) throw new Error('A subscription can be iterated only once');
      started = true;
      return events();
    },
    async close() {
      if (closed) return;
      closed = true;
      signalClosed();
      if (source) await shutdown(source);
      else options.onClose?.();
    },
  };
}
