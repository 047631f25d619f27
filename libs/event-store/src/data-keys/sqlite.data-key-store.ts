import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { DATA_KEY_BYTES, type DataKey, type DataKeyStore } from './data-key-store.port';

export const SQLITE_DATA_KEYS_SCHEMA = `
CREATE TABLE IF NOT EXISTS data_keys (
  account_id   TEXT NOT NULL,
  name         TEXT NOT NULL,
  key          BLOB,
  destroyed_at TEXT,
  PRIMARY KEY (account_id, name)
) WITHOUT ROWID;
`;

interface KeyRow {
  name: string;
  key: Buffer | null;
}

/**
 * The `data_keys` table in the event store's SQLite file. Destroying a key overwrites it with NULL (the connection
 * runs with `secure_delete`, so the freed bytes are zeroed) and then checkpoints the WAL into the file and truncates
 * it, so no older copy of the page holding the key is left in the WAL either.
 */
export class SqliteDataKeyStore implements DataKeyStore {
  private readonly statements;

  constructor(private readonly db: Database.Database) {
    db.exec(SQLITE_DATA_KEYS_SCHEMA);
    this.statements = {
      insert: db.prepare<[string, string, Buffer]>(
        'INSERT INTO data_keys (account_id, name, key) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
      ),
      get: db.prepare<[string, string], KeyRow>('SELECT name, key FROM data_keys WHERE account_id = ? AND name = ?'),
      destroy: db.prepare<[string, string, string]>(
        `INSERT INTO data_keys (account_id, name, key, destroyed_at) VALUES (?, ?, NULL, ?)
         ON CONFLICT (account_id, name) DO UPDATE SET key = NULL, destroyed_at = coalesce(destroyed_at, excluded.destroyed_at)`,
      ),
    };
  }

  async obtain(accountId: string, names: readonly string[]): Promise<Map<string, DataKey>> {
    this.db.transaction(() => {
      for (const name of names) this.statements.insert.run(accountId, name, randomBytes(DATA_KEY_BYTES));
    })();
    return this.find(accountId, names);
  }

  async find(accountId: string, names: readonly string[]): Promise<Map<string, DataKey>> {
    const found = new Map<string, DataKey>();
    for (const name of names) {
      const row = this.statements.get.get(accountId, name);
      if (row !== undefined) found.set(row.name, row.key);
    }
    return found;
  }

  async destroy(accountId: string, name: string): Promise<void> {
    this.statements.destroy.run(accountId, name, new Date().toISOString());
    // Best effort: a reader holding an old snapshot keeps the WAL until it finishes; the next erasure truncates it.
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }
}
