import { MemoryReadModelStore } from './adapters/memory.read-model-store';
import { SqliteReadModelStore } from './adapters/sqlite.read-model-store';
import { createReadModelStore } from './read-model-store.factory';

describe('createReadModelStore', () => {
  it('builds the memory store', () => {
    expect(createReadModelStore({ kind: 'memory' })).toBeInstanceOf(MemoryReadModelStore);
  });

  it('builds the SQLite store on the given path', async () => {
    const store = createReadModelStore({ kind: 'sqlite', sqlitePath: ':memory:' });
    expect(store).toBeInstanceOf(SqliteReadModelStore);
    await store.close();
  });

  it('refuses redis without a URL, naming the variable', () => {
    expect(() => createReadModelStore({ kind: 'redis' })).toThrow('REDIS_URL is required when READ_MODELS=redis');
  });
});
