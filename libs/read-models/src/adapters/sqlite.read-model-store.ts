import type Database from 'better-sqlite3';
import { openSqliteDatabase } from '@app/event-store';
import { LeaseLostError } from '../read-model.port';
import type { ApplyBatch, ApplyResult, Namespace, ReadModelStore, ZMember, ZRangeOptions } from '../read-model.port';
import { assertGeneration, assertProjection, leaseTtlMs, validateBatch } from '../read-model-batch';
import { formatDump } from '../read-model-dump';
import { PendingWrites } from './sqlite.pending-writes';
import type { DumpEntry } from '../read-model-dump';

export interface SqliteReadModelStoreOptions {
  /** File path, or `:memory:`. */
  path: string;
  /** Milliseconds since the epoch; leases compare against it. Processes sharing a file share the wall clock. */
  now?: () => number;
  /** The connection's page cache in MB (better-sqlite3's build default, 16 MB, when absent). */
  cacheMb?: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS rm_namespaces (
  id         INTEGER PRIMARY KEY,
  projection TEXT    NOT NULL,
  generation INTEGER NOT NULL,
  checkpoint TEXT    NOT NULL,
  UNIQUE (projection, generation)
);
CREATE TABLE IF NOT EXISTS rm_strings (
  ns    INTEGER NOT NULL,
  key   TEXT    NOT NULL,
  value TEXT    NOT NULL,
  PRIMARY KEY (ns, key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS rm_hash_fields (
  ns    INTEGER NOT NULL,
  key   TEXT    NOT NULL,
  field TEXT    NOT NULL,
  value TEXT    NOT NULL,
  PRIMARY KEY (ns, key, field)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS rm_zset_members (
  ns     INTEGER NOT NULL,
  key    TEXT    NOT NULL,
  member TEXT    NOT NULL,
  score  REAL    NOT NULL,
  PRIMARY KEY (ns, key, member)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS rm_zset_members_by_score ON rm_zset_members (ns, key, score, member);
CREATE TABLE IF NOT EXISTS rm_generations (
  projection TEXT    PRIMARY KEY,
  generation INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS rm_leases (
  projection TEXT    PRIMARY KEY,
  owner      TEXT    NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
`;

/** The id of a namespace, or NULL (then every read finds nothing). */
const NS = '(SELECT id FROM rm_namespaces WHERE projection = ? AND generation = ?)';

/**
 * Read models in a SQLite file (embedded mode), WAL. A batch is one `BEGIN IMMEDIATE` transaction: lease check,
 * checkpoint skip, ops, checkpoint. Leases are rows with an expiry time, so processes sharing the file fence each
 * other. Checkpoints are stored as decimal text: positions are 64-bit and may exceed SQLite's signed INTEGER.
 */
export class SqliteReadModelStore implements ReadModelStore {
  readonly kind = 'sqlite';
  private readonly db: Database.Database;
  private readonly now: () => number;
  private readonly sql;
  private readonly applyTransaction;
  /** BEGIN IMMEDIATE, each queued batch in its own savepoint (a nested applyTransaction), COMMIT. */
  private readonly groupTransaction;
  /** Batches waiting for the next group commit (this turn of the event loop). */
  private queued: { batch: ApplyBatch; resolve: (r: ApplyResult) => void; reject: (e: unknown) => void }[] = [];
  private readonly dropTransaction;
  private readonly dumpTransaction;
  private closed = false;

  constructor(options: SqliteReadModelStoreOptions) {
    this.db = openSqliteDatabase(options.path, { cacheMb: options.cacheMb });
    this.db.exec(SCHEMA);
    this.now = options.now ?? Date.now;
    const db = this.db;
    this.sql = {
      namespace: db.prepare<[string, number], { id: number; checkpoint: string }>(
        'SELECT id, checkpoint FROM rm_namespaces WHERE projection = ? AND generation = ?',
      ),
      insertNamespace: db.prepare<[string, number, string]>(
        'INSERT INTO rm_namespaces (projection, generation, checkpoint) VALUES (?, ?, ?)',
      ),
      setCheckpoint: db.prepare<[string, number]>('UPDATE rm_namespaces SET checkpoint = ? WHERE id = ?'),
      deleteNamespace: db.prepare<[number]>('DELETE FROM rm_namespaces WHERE id = ?'),

      setString: db.prepare<[number, string, string]>(
        'INSERT INTO rm_strings (ns, key, value) VALUES (?, ?, ?) ON CONFLICT (ns, key) DO UPDATE SET value = excluded.value',
      ),
      delString: db.prepare<[number, string]>('DELETE FROM rm_strings WHERE ns = ? AND key = ?'),
      setField: db.prepare<[number, string, string, string]>(
        `INSERT INTO rm_hash_fields (ns, key, field, value) VALUES (?, ?, ?, ?)
         ON CONFLICT (ns, key, field) DO UPDATE SET value = excluded.value`,
      ),
      getField: db.prepare<[number, string, string], { value: string }>(
        'SELECT value FROM rm_hash_fields WHERE ns = ? AND key = ? AND field = ?',
      ),
      delField: db.prepare<[number, string, string]>(
        'DELETE FROM rm_hash_fields WHERE ns = ? AND key = ? AND field = ?',
      ),
      delHash: db.prepare<[number, string]>('DELETE FROM rm_hash_fields WHERE ns = ? AND key = ?'),
      setMember: db.prepare<[number, string, string, number]>(
        `INSERT INTO rm_zset_members (ns, key, member, score) VALUES (?, ?, ?, ?)
         ON CONFLICT (ns, key, member) DO UPDATE SET score = excluded.score`,
      ),
      delMember: db.prepare<[number, string, string]>(
        'DELETE FROM rm_zset_members WHERE ns = ? AND key = ? AND member = ?',
      ),
      delZset: db.prepare<[number, string]>('DELETE FROM rm_zset_members WHERE ns = ? AND key = ?'),
      dropStrings: db.prepare<[number]>('DELETE FROM rm_strings WHERE ns = ?'),
      dropHashes: db.prepare<[number]>('DELETE FROM rm_hash_fields WHERE ns = ?'),
      dropZsets: db.prepare<[number]>('DELETE FROM rm_zset_members WHERE ns = ?'),

      get: db.prepare<[string, number, string], { value: string }>(
        `SELECT value FROM rm_strings WHERE ns = ${NS} AND key = ?`,
      ),
      hget: db.prepare<[string, number, string, string], { value: string }>(
        `SELECT value FROM rm_hash_fields WHERE ns = ${NS} AND key = ? AND field = ?`,
      ),
      hgetall: db.prepare<[string, number, string], { field: string; value: string }>(
        `SELECT field, value FROM rm_hash_fields WHERE ns = ${NS} AND key = ?`,
      ),
      zrange: db.prepare<[string, number, string, number, number, number, number], ZMember>(
        `SELECT member, score FROM rm_zset_members WHERE ns = ${NS} AND key = ? AND score >= ? AND score <= ?
         ORDER BY score, member LIMIT ? OFFSET ?`,
      ),
      zrevrange: db.prepare<[string, number, string, number, number, number, number], ZMember>(
        `SELECT member, score FROM rm_zset_members WHERE ns = ${NS} AND key = ? AND score >= ? AND score <= ?
         ORDER BY score DESC, member DESC LIMIT ? OFFSET ?`,
      ),
      zcard: db.prepare<[string, number, string], { n: number }>(
        `SELECT count(*) AS n FROM rm_zset_members WHERE ns = ${NS} AND key = ?`,
      ),
      allStrings: db.prepare<[number], { key: string; value: string }>(
        'SELECT key, value FROM rm_strings WHERE ns = ?',
      ),
      allFields: db.prepare<[number], { key: string; field: string; value: string }>(
        'SELECT key, field, value FROM rm_hash_fields WHERE ns = ?',
      ),
      allMembers: db.prepare<[number], { key: string; member: string; score: number }>(
        'SELECT key, member, score FROM rm_zset_members WHERE ns = ?',
      ),

      generation: db.prepare<[string], { generation: number }>(
        'SELECT generation FROM rm_generations WHERE projection = ?',
      ),
      setGeneration: db.prepare<[string, number]>(
        `INSERT INTO rm_generations (projection, generation) VALUES (?, ?)
         ON CONFLICT (projection) DO UPDATE SET generation = excluded.generation`,
      ),

      leaseHolder: db.prepare<[string, number], { owner: string }>(
        'SELECT owner FROM rm_leases WHERE projection = ? AND expires_at > ?',
      ),
      acquireLease: db.prepare<[string, string, number, number]>(
        `INSERT INTO rm_leases (projection, owner, expires_at) VALUES (?, ?, ?)
         ON CONFLICT (projection) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
         WHERE rm_leases.owner = excluded.owner OR rm_leases.expires_at <= ?`,
      ),
      renewLease: db.prepare<[number, string, string, number]>(
        'UPDATE rm_leases SET expires_at = ? WHERE projection = ? AND owner = ? AND expires_at > ?',
      ),
      releaseLease: db.prepare<[string, string]>('DELETE FROM rm_leases WHERE projection = ? AND owner = ?'),
    };
    this.applyTransaction = db.transaction((batch: ApplyBatch) => this.applyInTransaction(batch));
    this.groupTransaction = db.transaction((batches: readonly ApplyBatch[]) =>
      batches.map((batch): { result: ApplyResult } | { error: unknown } => {
        try {
          return { result: this.applyTransaction(batch) };
        } catch (error) {
          return { error }; // rolled back to its savepoint: the other projections' batches stand
        }
      }),
    );
    this.dropTransaction = db.transaction((ns: Namespace) => {
      const row = this.sql.namespace.get(ns.projection, ns.generation);
      if (!row) return;
      this.sql.dropStrings.run(row.id);
      this.sql.dropHashes.run(row.id);
      this.sql.dropZsets.run(row.id);
      this.sql.deleteNamespace.run(row.id);
    });
    this.dumpTransaction = db.transaction((ns: Namespace) => {
      const row = this.sql.namespace.get(ns.projection, ns.generation);
      if (!row) return '';
      const entries: DumpEntry[] = [];
      for (const r of this.sql.allStrings.iterate(row.id)) entries.push({ type: 'string', ...r });
      for (const r of this.sql.allFields.iterate(row.id)) entries.push({ type: 'hash', ...r });
      for (const r of this.sql.allMembers.iterate(row.id)) entries.push({ type: 'zset', ...r });
      return formatDump(entries, BigInt(row.checkpoint));
    });
  }

  /**
   * Group commit: the batches of every projection that applies in the same turn of the event loop (the runners of one
   * process following the same appends) are written in one transaction, each in its own savepoint — still atomic per
   * batch with its checkpoint, but one commit for all. Projections own disjoint namespaces, so they never conflict.
   */
  apply(batch: ApplyBatch): Promise<ApplyResult> {
    try {
      validateBatch(batch);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<ApplyResult>((resolve, reject) => {
      this.queued.push({ batch, resolve, reject });
      if (this.queued.length === 1) setImmediate(() => this.commitQueued());
    });
  }

  private commitQueued(): void {
    const queued = this.queued;
    this.queued = [];
    if (queued.length === 0) return;
    if (this.closed) {
      for (const { reject } of queued) reject(new Error('The read-model store is closed'));
      return;
    }
    let outcomes: ({ result: ApplyResult } | { error: unknown })[];
    try {
      outcomes = this.groupTransaction.immediate(queued.map((q) => q.batch));
    } catch (error) {
      for (const { reject } of queued) reject(error);
      return;
    }
    outcomes.forEach((outcome, i) =>
      'result' in outcome ? queued[i]!.resolve(outcome.result) : queued[i]!.reject(outcome.error),
    );
  }

  async checkpoint(ns: Namespace): Promise<bigint | undefined> {
    const row = this.sql.namespace.get(ns.projection, ns.generation);
    return row ? BigInt(row.checkpoint) : undefined;
  }

  async get(ns: Namespace, key: string): Promise<string | undefined> {
    return this.sql.get.get(ns.projection, ns.generation, key)?.value;
  }

  async hget(ns: Namespace, key: string, field: string): Promise<string | undefined> {
    return this.sql.hget.get(ns.projection, ns.generation, key, field)?.value;
  }

  async hgetall(ns: Namespace, key: string): Promise<Record<string, string>> {
    const rows = this.sql.hgetall.all(ns.projection, ns.generation, key);
    return Object.fromEntries(rows.map((r) => [r.field, r.value]));
  }

  async zrange(ns: Namespace, key: string, options: ZRangeOptions = {}): Promise<ZMember[]> {
    const statement = options.reverse ? this.sql.zrevrange : this.sql.zrange;
    return statement.all(
      ns.projection,
      ns.generation,
      key,
      options.min ?? -Infinity,
      options.max ?? Infinity,
      options.limit ?? -1,
      options.offset ?? 0,
    );
  }

  async zcard(ns: Namespace, key: string): Promise<number> {
    return this.sql.zcard.get(ns.projection, ns.generation, key)?.n ?? 0;
  }

  async activeGeneration(projection: string): Promise<number> {
    return this.sql.generation.get(projection)?.generation ?? 1;
  }

  async setActiveGeneration(projection: string, generation: number): Promise<void> {
    assertProjection(projection);
    assertGeneration(generation);
    this.sql.setGeneration.run(projection, generation);
  }

  async dropNamespace(ns: Namespace): Promise<void> {
    this.dropTransaction.immediate(ns);
  }

  async dump(ns: Namespace): Promise<string> {
    // One read transaction: a consistent snapshot even while another connection writes.
    return this.dumpTransaction.deferred(ns);
  }

  async acquireLease(projection: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = this.now();
    return this.sql.acquireLease.run(projection, owner, now + leaseTtlMs(ttlMs), now).changes === 1;
  }

  async renewLease(projection: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = this.now();
    return this.sql.renewLease.run(now + leaseTtlMs(ttlMs), projection, owner, now).changes === 1;
  }

  async releaseLease(projection: string, owner: string): Promise<void> {
    this.sql.releaseLease.run(projection, owner);
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.commitQueued(); // batches already handed over are written, not dropped
    this.closed = true;
    this.db.close();
  }

  private applyInTransaction(batch: ApplyBatch): ApplyResult {
    const { projection, generation } = batch.ns;
    if (batch.leaseOwner !== undefined) {
      const holder = this.sql.leaseHolder.get(projection, this.now())?.owner;
      if (holder !== batch.leaseOwner) throw new LeaseLostError(projection, batch.leaseOwner);
    }
    const row = this.sql.namespace.get(projection, generation);
    const stored = row ? BigInt(row.checkpoint) : undefined;
    const id = row
      ? row.id
      : Number(this.sql.insertNamespace.run(projection, generation, batch.checkpoint.toString()).lastInsertRowid);
    const pending = this.pendingWrites(id);
    let applied = 0;
    for (const event of batch.events) {
      if (stored !== undefined && event.position <= stored) continue;
      for (const op of event.ops) pending.add(op);
      applied++;
    }
    pending.flush();
    if (stored !== undefined && batch.checkpoint > stored) {
      this.sql.setCheckpoint.run(batch.checkpoint.toString(), id);
    }
    return { applied, checkpoint: stored !== undefined && stored > batch.checkpoint ? stored : batch.checkpoint };
  }

  /** A batch's ops in namespace `ns`, written as their net effect per key (PendingWrites). */
  private pendingWrites(ns: number): PendingWrites {
    const sql = this.sql;
    const clears = { string: sql.delString, hash: sql.delHash, zset: sql.delZset };
    return new PendingWrites({
      storedField: (key, field) => sql.getField.get(ns, key, field)?.value,
      clear: (key, type) => void clears[type].run(ns, key),
      setString: (key, value) => void sql.setString.run(ns, key, value),
      setField: (key, field, value) => void sql.setField.run(ns, key, field, value),
      delField: (key, field) => void sql.delField.run(ns, key, field),
      setMember: (key, member, score) => void sql.setMember.run(ns, key, member, score),
      delMember: (key, member) => void sql.delMember.run(ns, key, member),
    });
  }
}
