import { randomBytes } from 'node:crypto';
import { DATA_KEY_BYTES, type DataKey, type DataKeyStore } from './data-key-store.port';

/** Keys in a map, for the memory event store and tests. */
export class MemoryDataKeyStore implements DataKeyStore {
  private readonly keys = new Map<string, DataKey>();

  async obtain(accountId: string, names: readonly string[]): Promise<Map<string, DataKey>> {
    for (const name of names) {
      const id = `${accountId}\u0000${name}`;
      if (!this.keys.has(id)) this.keys.set(id, randomBytes(DATA_KEY_BYTES));
    }
    return this.find(accountId, names);
  }

  async find(accountId: string, names: readonly string[]): Promise<Map<string, DataKey>> {
    const found = new Map<string, DataKey>();
    for (const name of names) {
      const key = this.keys.get(`${accountId}\u0000${name}`);
      if (key !== undefined) found.set(name, key);
    }
    return found;
  }

  async destroy(accountId: string, name: string): Promise<void> {
    this.keys.set(`${accountId}\u0000${name}`, null);
  }
}
