import type { EventStore } from './event-store.port';
import { MemoryEventStore } from './adapters/memory.event-store';
import { SqliteEventStore } from './adapters/sqlite.event-store';
import { PostgresEventStore } from './adapters/postgres.event-store';

export type EventStoreKind = 'sqlite' | 'postgres' | 'kurrentdb' | 'memory';

export interface EventStoreConfig {
  kind: EventStoreKind;
  sqlitePath?: string;
  /** SQLite's page cache per connection, in MB. */
  sqliteCacheMb?: number;
  databaseUrl?: string;
  kurrentdbUrl?: string;
}

/** Builds the configured adapter. Durable adapters create their schema (migrations) before returning. */
export async function createEventStore(config: EventStoreConfig): Promise<EventStore> {
  switch (config.kind) {
    case 'memory':
      return new MemoryEventStore();
    case 'sqlite':
      return new SqliteEventStore({ path: config.sqlitePath ?? './data/events.db', cacheMb: config.sqliteCacheMb });
    case 'postgres':
      if (!config.databaseUrl) throw new Error('DATABASE_URL is required when EVENT_STORE=postgres');
      return PostgresEventStore.create({ connectionString: config.databaseUrl });
    case 'kurrentdb': {
      if (!config.kurrentdbUrl) throw new Error('KURRENTDB_URL is required when EVENT_STORE=kurrentdb');
      // Loaded on demand: the client pulls in gRPC and a native bridge that the other adapters do not need.
      const { KurrentDbEventStore } = await import('./adapters/kurrentdb.event-store');
      return new KurrentDbEventStore({ connectionString: config.kurrentdbUrl });
    }
    default: {
      const never: never = config.kind;
      throw new Error(`Unknown event store '${String(never)}'`);
    }
  }
}
