import { Counter, Histogram, type Registry } from 'prom-client';
import { EventStoreError } from '@app/event-store';
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
} from '@app/event-store';

/** Seconds; appends are milliseconds on SQLite and tens of milliseconds on a remote store. */
const APPEND_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/**
 * The event store port with append latency and volume recorded in `registry`. A decorator at the application's
 * module level: the adapters know nothing of metrics.
 */
export class InstrumentedEventStore implements EventStore {
  private readonly appendDuration: Histogram<'store' | 'outcome'>;
  private readonly appendedEvents: Counter<'store'>;

  constructor(
    private readonly inner: EventStore,
    registry: Registry,
  ) {
    this.appendDuration = new Histogram({
      name: 'event_store_append_duration_seconds',
      help: 'Latency of event store appends, by outcome (ok or the error code)',
      labelNames: ['store', 'outcome'],
      buckets: APPEND_BUCKETS,
      registers: [registry],
    });
    this.appendedEvents = new Counter({
      name: 'event_store_appended_events_total',
      help: 'Events written by successful appends',
      labelNames: ['store'],
      registers: [registry],
    });
  }

  get name(): string {
    return this.inner.name;
  }

  async append(writes: readonly StreamWrite[], checks?: readonly StreamCheck[]): Promise<AppendResult> {
    const end = this.appendDuration.startTimer({ store: this.inner.name });
    try {
      const result = await this.inner.append(writes, checks);
      end({ outcome: 'ok' });
      this.appendedEvents.inc(
        { store: this.inner.name },
        writes.reduce((n, w) => n + w.events.length, 0),
      );
      return result;
    } catch (error) {
      end({ outcome: error instanceof EventStoreError ? error.code : 'error' });
      throw error;
    }
  }

  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.inner.readStream(stream, options);
  }

  streamRevision(stream: string): Promise<bigint | undefined> {
    return this.inner.streamRevision(stream);
  }

  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.inner.readAll(options);
  }

  headPosition(): Promise<bigint> {
    return this.inner.headPosition();
  }

  get countEvents(): EventStore['countEvents'] {
    return this.inner.countEvents?.bind(this.inner);
  }

  get dataKeys(): EventStore['dataKeys'] {
    return this.inner.dataKeys?.bind(this.inner);
  }

  get snapshots(): EventStore['snapshots'] {
    return this.inner.snapshots?.bind(this.inner);
  }

  subscribeToAll(options?: SubscribeOptions): Subscription {
    return this.inner.subscribeToAll(options);
  }

  health(): Promise<StoreHealth> {
    return this.inner.health();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
