import type { Pool } from 'pg';
import type { SnapshotStore, StoredSnapshot } from './snapshot-store.port';

/** The `snapshots` table (migration 3) in the event store's PostgreSQL schema. */
export class PostgresSnapshotStore implements SnapshotStore {
  /** `table` is the schema-qualified, quoted name. */
  constructor(
    private readonly pool: Pool,
    private readonly table: string,
  ) {}

  async read(stream: string, name: string): Promise<StoredSnapshot | undefined> {
    const { rows } = await this.pool.query<{ revision: string; state: string }>(
      `SELECT revision, state FROM ${this.table} WHERE stream = $1 AND name = $2`,
      [stream, name],
    );
    const row = rows[0];
    return row && { revision: BigInt(row.revision), state: row.state };
  }

  async write(stream: string, name: string, snapshot: StoredSnapshot): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${this.table} AS s (stream, name, revision, state) VALUES ($1, $2, $3, $4)
       ON CONFLICT (stream, name) DO UPDATE SET revision = excluded.revision, state = excluded.state
       WHERE excluded.revision > s.revision`,
      [stream, name, snapshot.revision.toString(), snapshot.state],
    );
  }
}
