import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Opens (creating its folder) a SQLite database the way every embedded store here uses it: WAL so readers never
 * block the writer, `synchronous = NORMAL` (durable at checkpoints, safe against corruption), and a busy timeout so
 * two processes on one file (api and CLI) wait for each other's write lock instead of failing. `secure_delete`
 * zeroes what a deletion frees, so an erased record's read-model rows and a destroyed data key do not linger in the
 * file's free space (ADR 0007).
 */
export interface SqliteDatabaseOptions {
  /**
   * The page cache of this connection in MB (16 MB when absent, better-sqlite3's build default). A bulk import into a large store spends much
   * of its time re-reading B-tree pages a bigger cache would keep (`SQLITE_CACHE_MB`).
   */
  cacheMb?: number;
}

export function openSqliteDatabase(path: string, options: SqliteDatabaseOptions = {}): Database.Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('secure_delete = ON');
  if (options.cacheMb !== undefined) db.pragma(`cache_size = -${Math.round(options.cacheMb * 1024)}`);
  return db;
}
