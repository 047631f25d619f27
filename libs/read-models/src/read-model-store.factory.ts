import { MemoryReadModelStore } from './adapters/memory.read-model-store';
import { RedisReadModelStore } from './adapters/redis.read-model-store';
import { SqliteReadModelStore } from './adapters/sqlite.read-model-store';
import type { ReadModelStore } from './read-model.port';

export type ReadModelStoreKind = ReadModelStore['kind'];

export interface ReadModelStoreFactoryConfig {
  kind: ReadModelStoreKind;
  /** SQLite file (default `./data/read-models.db`), or `:memory:`. */
  sqlitePath?: string;
  /** SQLite's page cache per connection, in MB (better-sqlite3's build default, 16 MB, when absent). */
  sqliteCacheMb?: number;
  /** Required for `redis`. */
  redisUrl?: string;
  /** Redis key prefix, to share one server between environments. */
  redisPrefix?: string;
}

/** Builds the configured read-model store. Synchronous; `await` on it is harmless. */
export function createReadModelStore(config: ReadModelStoreFactoryConfig): ReadModelStore {
  switch (config.kind) {
    case 'memory':
      return new MemoryReadModelStore();
    case 'sqlite':
      return new SqliteReadModelStore({
        path: config.sqlitePath ?? './data/read-models.db',
        cacheMb: config.sqliteCacheMb,
      });
    case 'redis':
      if (!config.redisUrl) throw new Error('REDIS_URL is required when READ_MODELS=redis');
      return new RedisReadModelStore(config.redisUrl, { prefix: config.redisPrefix });
    default: {
      const never: never = config.kind;
      throw new Error(`Unknown read-model store '${String(never)}'`);
    }
  }
}
