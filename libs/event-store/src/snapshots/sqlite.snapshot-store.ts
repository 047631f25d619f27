import type Database from 'better-sqlite3';
import type { SnapshotStore, StoredSnapshot } from './snapshot-store.port';

export const SQLITE_SNAPSHOTS_SCHEMA = `
CREATE TABLE IF NOT EXISTS snapshots (
  stream   TEXT    NOT NULL,
  name     TEXT    NOT NULL,
  revision INTEGER NOT NULL,
  state    TEXT    NOT NULL,
  PRIMARY KEY (stream, name)
) WITHOUT ROWID;
`;

/** The `snapshots` table in the event store's SQLite file (revisions fit SQLite's INTEGER: streams stay far below 2^63). */
export class SqliteSnapshotStore implements SnapshotStore {
  private readonly statements;

  constructor(db: Database.Database) {
    db.exec(SQLITE_SNAPSHOTS_SCHEMA);
    this.statements = {
      read: db
        .prepare<[string, string], { revision: bigint; state: string }>(
          'SELECT revision, state FROM snapshots WHERE stream = ? AND name = ?',
        )
        .safeIntegers(true),
      write: db.prepare<[string, string, bigint, string]>(
        `INSERT INTO snapshots (stream, name, revision, state) VALUES (?, ?, ?, ?)
         ON CONFLICT (stream, name) DO UPDATE SET revision = excluded.revision, state = excluded.state
         WHERE excluded.revision > snapshots.revision`,
      ),
    };
  }

  async read(stream: string, name: string): Promise<StoredSnapshot | undefined> {
    const row = this.statements.read.get(stream, name);
    return row && { revision: row.revision, state: row.state };
  }

  async write(stream: string, name: string, snapshot: StoredSnapshot): Promise<void> {
    this.statements.write.run(stream, name, snapshot.revision, snapshot.state);
  }
}
