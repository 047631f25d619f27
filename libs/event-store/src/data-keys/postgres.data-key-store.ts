import { randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import { DATA_KEY_BYTES, type DataKey, type DataKeyStore } from './data-key-store.port';

/** The `data_keys` table (migration 2) in the event store's PostgreSQL schema. */
export class PostgresDataKeyStore implements DataKeyStore {
  /** `table` is the schema-qualified, quoted name. */
  constructor(
    private readonly pool: Pool,
    private readonly table: string,
  ) {}

  async obtain(accountId: string, names: readonly string[]): Promise<Map<string, DataKey>> {
    if (names.length > 0) {
      await this.pool.query(
        `INSERT INTO ${this.table} (account_id, name, key)
         SELECT $1, n, k FROM unnest($2::text[], $3::bytea[]) AS t(n, k)
         ON CONFLICT DO NOTHING`,
        [accountId, names, names.map(() => randomBytes(DATA_KEY_BYTES))],
      );
    }
    return this.find(accountId, names);
  }

  async find(accountId: string, names: readonly string[]): Promise<Map<string, DataKey>> {
    const found = new Map<string, DataKey>();
    if (names.length === 0) return found;
    const { rows } = await this.pool.query<{ name: string; key: Buffer | null }>(
      `SELECT name, key FROM ${this.table} WHERE account_id = $1 AND name = ANY($2::text[])`,
      [accountId, names],
    );
    for (const row of rows) found.set(row.name, row.key);
    return found;
  }

  async destroy(accountId: string, name: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${this.table} (account_id, name, key, destroyed_at) VALUES ($1, $2, NULL, now())
       ON CONFLICT (account_id, name) DO UPDATE SET key = NULL, destroyed_at = coalesce(${this.table}.destroyed_at, now())`,
      [accountId, name],
    );
  }
}
