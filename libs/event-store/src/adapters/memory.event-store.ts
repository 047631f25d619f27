import {
  assertExpected,
  DEFAULT_MAX_EVENT_BYTES,
  matchesFilter,
  resolveRetry,
  validateAppend,
} from '../append-validation';
import type { StoredEventIdentity } from '../append-validation';
import { MemoryDataKeyStore } from '../data-keys/memory.data-key-store';
import type { DataKeyStore } from '../data-keys/data-key-store.port';
import { MemorySnapshotStore } from '../snapshots/memory.snapshot-store';
import type { SnapshotStore } from '../snapshots/snapshot-store.port';
import type {
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
import { ChangeNotifier, pollingSubscription } from '../subscription';
import { readStreamSlice } from '../read-stream';

interface StoredEvent extends RecordedEvent {
  serializedData: string;
}

/** In-process store for unit tests. Same semantics as the durable adapters; nothing survives the process. */
export class MemoryEventStore implements EventStore {
  readonly name = 'memory';
  private readonly log: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly byId = new Map<string, StoredEvent>();
  private readonly notifier = new ChangeNotifier();
  private readonly keys = new MemoryDataKeyStore();
  private readonly snapshotStore = new MemorySnapshotStore();

  constructor(
    private readonly clock: () => Date = () => new Date(),
    private readonly maxEventBytes = DEFAULT_MAX_EVENT_BYTES,
  ) {}

  async append(writes: readonly StreamWrite[], checks: readonly StreamCheck[] = []): Promise<AppendResult> {
    const events = validateAppend(writes, checks, this.maxEventBytes);
    const stored = new Map<string, StoredEventIdentity>();
    for (const e of events) {
      const s = this.byId.get(e.id);
      if (s) stored.set(e.id, { ...s, stream: s.streamName, data: s.serializedData });
    }
    const retry = resolveRetry(events, stored, writes);
    if (retry) return retry;
    for (const c of [...checks, ...writes]) assertExpected(c.stream, c.expected, this.revisionOf(c.stream));

    const recordedAt = this.clock().toISOString();
    const result: AppendResult = { position: BigInt(this.log.length), streams: [] };
    for (const write of writes) {
      const stream = this.streams.get(write.stream) ?? [];
      for (const e of events.filter((x) => x.stream === write.stream)) {
        const recorded: StoredEvent = {
          id: e.id,
          type: e.type,
          data: JSON.parse(e.data),
          metadata: JSON.parse(e.metadata),
          streamName: write.stream,
          revision: BigInt(stream.length),
          position: BigInt(this.log.length + 1),
          recordedAt,
          serializedData: e.data,
        };
        stream.push(recorded);
        this.log.push(recorded);
        this.byId.set(e.id, recorded);
        result.position = recorded.position;
      }
      if (stream.length > 0) this.streams.set(write.stream, stream);
      const revision = this.revisionOf(write.stream);
      if (revision !== undefined) result.streams.push({ stream: write.stream, revision });
    }
    this.notifier.notify();
    return result;
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    return readStreamSlice(this.streams.get(stream) ?? [], options).map(strip);
  }

  async streamRevision(stream: string): Promise<bigint | undefined> {
    return this.revisionOf(stream);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = Number(options.after ?? 0n);
    const max = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    const out: RecordedEvent[] = [];
    for (let i = after; i < this.log.length && out.length < max; i++) {
      const e = this.log[i]!;
      if (matchesFilter(e, options.filter)) out.push(strip(e));
    }
    return out;
  }

  async headPosition(): Promise<bigint> {
    return BigInt(this.log.length);
  }

  async countEvents(after: bigint, upTo: bigint, limit: number): Promise<number> {
    // Positions are 1..n without gaps here.
    const last = upTo < BigInt(this.log.length) ? upTo : BigInt(this.log.length);
    return last > after ? Math.min(limit, Number(last - after)) : 0;
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    return pollingSubscription({
      ...options,
      readPage: (after, maxCount, filter) => this.readAll({ after, maxCount, filter }),
      head: () => this.headPosition(),
      notifier: this.notifier,
      pollIntervalMs: 1000,
    });
  }

  async health(): Promise<StoreHealth> {
    return { store: this.name, reachable: true };
  }

  dataKeys(): DataKeyStore {
    return this.keys;
  }

  snapshots(): SnapshotStore {
    return this.snapshotStore;
  }

  async close(): Promise<void> {
    this.notifier.notify();
  }

  private revisionOf(stream: string): bigint | undefined {
    const events = this.streams.get(stream);
    return events && events.length > 0 ? BigInt(events.length - 1) : undefined;
  }
}

function strip(e: StoredEvent): RecordedEvent {
  const { serializedData: _ignored, ...event } = e;
  return structuredClone(event);
}
