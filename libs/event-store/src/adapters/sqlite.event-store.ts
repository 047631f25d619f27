import type Database from 'better-sqlite3';
import { openSqliteDatabase } from '../sqlite-database';
import { assertExpected, DEFAULT_MAX_EVENT_BYTES, resolveRetry, validateAppend } from '../append-validation';
import type { SerializedEvent, StoredEventIdentity } from '../append-validation';
import type {
  AllFilter,
  AppendResult,
  EventStore,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StoreHealth,
  StreamCheck,
  StreamWrite,
  SubscribeOptions,
  Subscription,
} from '../event-store.port';
import { categoryOf } from '../stream-name';
import { RecentEvents, SharedPages } from '../recent-events';
import { SqliteDataKeyStore } from '../data-keys/sqlite.data-key-store';
import type { DataKeyStore } from '../data-keys/data-key-store.port';
import { SqliteSnapshotStore } from '../snapshots/sqlite.snapshot-store';
import type { SnapshotStore } from '../snapshots/snapshot-store.port';
import { ChangeNotifier, pollingSubscription } from '../subscription';

export interface SqliteEventStoreOptions {
  /** File path, or `:memory:`. */
  path: string;
  maxEventBytes?: number;
  /** How often a live subscription polls for appends made by other processes. */
  pollIntervalMs?: number;
  clock?: () => Date;
  /** The connection's page cache in MB (better-sqlite3's build default, 16 MB, when absent). */
  cacheMb?: number;
}

interface EventRow {
  position: number;
  event_id: string;
  stream: string;
  revision: number;
  type: string;
  data: string;
  metadata: string;
  recorded_at: string;
}

/** A read row as an array in `SQLITE_EVENT_COLUMNS` order, integers as bigint: no per-row object, no lost precision. */
type EventTuple = [
  position: bigint,
  eventId: string,
  stream: string,
  revision: bigint,
  type: string,
  data: string,
  metadata: string,
  recordedAt: string,
];

/** Stream revisions remembered at once (a few MB); the map starts over when full. */
const MAX_KNOWN_STREAMS = 200_000;

/** The largest page kept for other readers (projections read 500 at a time; a bulk read is not kept). */
const SHARED_PAGE_MAX = 2000;

/** Distinct read statements kept prepared (filters with IN lists make many shapes); the cache restarts when full. */
const MAX_CACHED_READS = 64;

/** The adapter's tables; exported so the benchmark's bare loop runs exactly the same SQL. */
export const SQLITE_EVENTS_SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position    INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id    TEXT    NOT NULL UNIQUE,
  stream      TEXT    NOT NULL,
  revision    INTEGER NOT NULL,
  type        TEXT    NOT NULL,
  data        TEXT    NOT NULL,
  metadata    TEXT    NOT NULL,
  account_id  TEXT    NOT NULL,
  category    TEXT    NOT NULL,
  recorded_at TEXT    NOT NULL,
  UNIQUE (stream, revision)
);
CREATE INDEX IF NOT EXISTS events_account_position ON events (account_id, position);
`;

export const SQLITE_EVENT_INSERT = `INSERT INTO events (event_id, stream, revision, type, data, metadata, account_id, category, recorded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;
export const SQLITE_EVENT_COLUMNS = 'position, event_id, stream, revision, type, data, metadata, recorded_at';

/** Thrown inside the write transaction to roll it back and decide the append as a retry. */
class RetryDetected extends Error {}

/**
 * The embedded default: one SQLite file in WAL mode. better-sqlite3 is synchronous, so an append is one
 * `BEGIN IMMEDIATE` transaction that checks expectations and assigns positions (AUTOINCREMENT) while it holds the
 * write lock: positions are assigned in commit order and a reader never sees a gap fill in later.
 */
export class SqliteEventStore implements EventStore {
  readonly name = 'sqlite';
  private readonly db: Database.Database;
  private readonly notifier = new ChangeNotifier();
  private readonly maxEventBytes: number;
  private readonly clock: () => Date;
  private readonly pollIntervalMs: number;
  private readonly statements;
  private readonly reads = new Map<string, Database.Statement<unknown[], EventTuple>>();
  /** Built once: better-sqlite3 wraps the function in BEGIN IMMEDIATE … COMMIT/ROLLBACK. */
  private readonly appendTransaction;
  /** What this process appended last, for live readers (RecentEvents). */
  private readonly recent = new RecentEvents();
  /** Pages read far behind the head, for the next reader of the same page (SharedPages). */
  private readonly pages = new SharedPages();
  /**
   * Streams whose current revision this connection knows (-1 for no stream): from reading them to the end or from
   * appending to them, valid until another connection commits (`PRAGMA data_version` moves), when it is forgotten.
   * A read from past the known revision then answers without a query — most of a command's loads in embedded mode.
   */
  private readonly known = new Map<string, bigint>();
  private seenDataVersion = -1;
  /**
   * `PRAGMA data_version` as read in this turn of the event loop. Reading it takes the WAL's shared lock (~10 µs), and a
   * batch's hundred loads would read it a hundred times; once per turn is as good — a load decided on a revision that
   * another process moved in the meantime fails its append's check, which reads the pragma again inside the write lock.
   */
  private turnDataVersion: number | undefined;
  /** The data version at this connection's last append: while it holds, nothing lies past the recent run. */
  private tailDataVersion: number | undefined;
  /** Rows the transaction in progress inserted, in position order; taken once it commits. */
  private inserted: EventTuple[] = [];
  private closed = false;
  private keys?: SqliteDataKeyStore;
  private snapshotStore?: SqliteSnapshotStore;

  constructor(options: SqliteEventStoreOptions) {
    this.db = openSqliteDatabase(options.path, { cacheMb: options.cacheMb });
    this.db.exec(SQLITE_EVENTS_SCHEMA);
    this.maxEventBytes = options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
    this.clock = options.clock ?? (() => new Date());
    this.pollIntervalMs = options.pollIntervalMs ?? 200;
    this.statements = {
      revision: this.db.prepare<[string], { revision: number | null }>(
        'SELECT max(revision) AS revision FROM events WHERE stream = ?',
      ),
      insert: this.db.prepare(SQLITE_EVENT_INSERT),
      byId: this.db.prepare<[string], EventRow>(`SELECT ${SQLITE_EVENT_COLUMNS} FROM events WHERE event_id = ?`),
      head: this.db.prepare<[], { position: number | null }>('SELECT max(position) AS position FROM events'),
      dataVersion: this.db.prepare<[], number>('PRAGMA data_version').pluck(),
    };
    this.appendTransaction = this.db.transaction(
      (writes: readonly StreamWrite[], checks: readonly StreamCheck[], events: readonly SerializedEvent[]) =>
        this.appendInTransaction(writes, checks, events),
    );
  }

  async append(writes: readonly StreamWrite[], checks: readonly StreamCheck[] = []): Promise<AppendResult> {
    const events = validateAppend(writes, checks, this.maxEventBytes);
    let result: AppendResult;
    this.inserted = [];
    try {
      result = this.appendTransaction.immediate(writes, checks, events);
    } catch (error) {
      this.inserted = [];
      if (!(error instanceof RetryDetected) && !isUniqueEventIdViolation(error)) throw error;
      const retry = resolveRetry(events, this.storedIdentities(events), writes);
      if (!retry) throw error;
      return retry;
    }
    this.recent.push(this.inserted.map(toRecorded));
    this.inserted = [];
    // Known revisions were brought up to date inside the write lock; this commit doesn't move our data version.
    this.tailDataVersion = this.seenDataVersion;
    for (const { stream, revision } of result.streams) this.remember(stream, revision);
    this.notifier.notify();
    return result;
  }

  private appendInTransaction(
    writes: readonly StreamWrite[],
    checks: readonly StreamCheck[],
    events: readonly SerializedEvent[],
  ): AppendResult {
    // Inside the write lock no other connection commits: the data version read now is exact until we commit.
    this.refreshKnown(true);
    const revisions = new Map<string, bigint | undefined>();
    for (const c of [...checks, ...writes]) {
      const actual = this.knownRevision(c.stream);
      revisions.set(c.stream, actual);
      try {
        assertExpected(c.stream, c.expected, actual);
      } catch (error) {
        // A retry of an append that already succeeded finds its own events in the way.
        if (events.length > 0 && this.statements.byId.get(events[0]!.id)) throw new RetryDetected();
        throw error;
      }
    }
    const recordedAt = this.clock().toISOString();
    let position = 0n;
    const streams: AppendResult['streams'] = [];
    const byStream = new Map<string, SerializedEvent[]>();
    for (const e of events) {
      const list = byStream.get(e.stream);
      if (list) list.push(e);
      else byStream.set(e.stream, [e]);
    }
    for (const write of writes) {
      let revision = revisions.get(write.stream);
      for (const e of byStream.get(write.stream) ?? []) {
        revision = revision === undefined ? 0n : revision + 1n;
        const info = this.statements.insert.run(
          e.id,
          e.stream,
          revision,
          e.type,
          e.data,
          e.metadata,
          e.event.metadata.accountId,
          categoryOf(e.stream),
          recordedAt,
        );
        position = BigInt(info.lastInsertRowid);
        this.inserted.push([position, e.id, e.stream, revision, e.type, e.data, e.metadata, recordedAt]);
      }
      if (revision !== undefined) streams.push({ stream: write.stream, revision });
    }
    if (position === 0n) position = BigInt(this.statements.head.get()?.position ?? 0);
    return { position, streams };
  }

  /** A stream's revision inside the write transaction: known (exact there, see refreshKnown(true)) or queried. */
  private knownRevision(stream: string): bigint | undefined {
    const known = this.known.get(stream);
    if (known !== undefined) return known < 0n ? undefined : known;
    const revision = this.currentRevision(stream);
    this.remember(stream, revision ?? -1n);
    return revision;
  }

  private currentRevision(stream: string): bigint | undefined {
    const row = this.statements.revision.get(stream);
    return row?.revision === null || row?.revision === undefined ? undefined : BigInt(row.revision);
  }

  private storedIdentities(events: readonly SerializedEvent[]): Map<string, StoredEventIdentity> {
    const stored = new Map<string, StoredEventIdentity>();
    for (const e of events) {
      const row = this.statements.byId.get(e.id);
      if (row) {
        stored.set(e.id, {
          id: row.event_id,
          stream: row.stream,
          type: row.type,
          data: row.data,
          revision: BigInt(row.revision),
          position: BigInt(row.position),
        });
      }
    }
    return stored;
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const max = options.maxCount ?? -1;
    if (max === 0) return [];
    if ((options.direction ?? 'forwards') === 'backwards') {
      return this.read('WHERE stream = ? AND revision <= ? ORDER BY revision DESC LIMIT ?')
        .all(stream, options.fromRevision ?? BigInt(Number.MAX_SAFE_INTEGER), max)
        .map(toRecorded);
    }
    const fromRevision = options.fromRevision ?? 0n;
    this.refreshKnown();
    const known = this.known.get(stream);
    if (known !== undefined && fromRevision > known) return [];
    const rows = this.read('WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ?').all(
      stream,
      fromRevision,
      max,
    );
    // Read to the end: the stream's revision is known now (a stream with no events from 0 has none).
    if (max < 0 || rows.length < max) {
      if (rows.length > 0) this.remember(stream, rows[rows.length - 1]![3]);
      else if (fromRevision === 0n) this.remember(stream, -1n);
    }
    return rows.map(toRecorded);
  }

  /**
   * Forgets the known revisions when another connection committed since they were gathered. `exact` reads the data
   * version now (inside the write lock); otherwise the one read in this turn of the event loop will do.
   */
  private refreshKnown(exact = false): void {
    const version = this.dataVersion(exact);
    if (version === this.seenDataVersion) return;
    this.known.clear();
    this.seenDataVersion = version;
  }

  private dataVersion(exact: boolean): number {
    if (exact || this.turnDataVersion === undefined) {
      if (this.turnDataVersion === undefined) setImmediate(() => (this.turnDataVersion = undefined));
      this.turnDataVersion = this.statements.dataVersion.get()!;
    }
    return this.turnDataVersion;
  }

  private remember(stream: string, revision: bigint): void {
    if (this.known.size >= MAX_KNOWN_STREAMS) this.known.clear();
    this.known.set(stream, revision);
  }

  async streamRevision(stream: string): Promise<bigint | undefined> {
    return this.currentRevision(stream);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.after ?? 0n;
    const max = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    if (max <= 0) return [];
    // What this process just appended is in memory; only what lies beyond it (another process's) is read.
    const recent = this.recent.after(after, max, options.filter);
    if (recent === undefined) return this.readRows(after, max, options.filter);
    if (recent.events.length >= max) return recent.events;
    // The run ends with this connection's last append: if no other connection committed since, nothing lies beyond.
    if (this.tailDataVersion !== undefined && this.dataVersion(false) === this.tailDataVersion) return recent.events;
    const beyond = this.readRows(recent.through, max - recent.events.length, options.filter);
    return beyond.length === 0 ? recent.events : [...recent.events, ...beyond];
  }

  private readRows(after: bigint, maxCount: number, filter?: AllFilter): RecordedEvent[] {
    const shared = filter === undefined && maxCount <= SHARED_PAGE_MAX;
    const cached = shared ? this.pages.get(after, maxCount) : undefined;
    if (cached !== undefined) return cached;
    const { sql, params } = filterSql(filter);
    const events = this.read(`WHERE position > ? ${sql} ORDER BY position LIMIT ?`)
      .all(after, ...params, maxCount)
      .map(toRecorded);
    if (shared) this.pages.put(after, maxCount, events);
    return events;
  }

  /** A prepared `SELECT` of the event columns with this tail, cached: preparing costs more than reading a page. */
  private read(tail: string): Database.Statement<unknown[], EventTuple> {
    let statement = this.reads.get(tail);
    if (!statement) {
      if (this.reads.size >= MAX_CACHED_READS) this.reads.clear();
      statement = this.db
        .prepare<unknown[], EventTuple>(`SELECT ${SQLITE_EVENT_COLUMNS} FROM events ${tail}`)
        .raw(true)
        .safeIntegers(true);
      this.reads.set(tail, statement);
    }
    return statement;
  }

  /**
   * A subtraction: positions here have no gaps — an append is one transaction that inserts every row or none (a
   * failed insert rolls back the AUTOINCREMENT counter with it), and rows are never deleted. The projection tracker
   * counts each projection's lag every few seconds; walking the rows cost ~10% of a catch-up far behind.
   */
  async countEvents(after: bigint, upTo: bigint, limit: number): Promise<number> {
    const head = this.head();
    const end = upTo < head ? upTo : head;
    if (end <= after) return 0;
    const count = end - after;
    return count > BigInt(limit) ? limit : Number(count);
  }

  async headPosition(): Promise<bigint> {
    return this.head();
  }

  /**
   * The last position: this connection's last append while no other connection has committed since (as `readAll`
   * knows nothing lies past it), else a query. Filtered subscriptions ask before every page (~2% of a labeled PUT).
   */
  private head(): bigint {
    const last = this.recent.lastPosition;
    if (last !== undefined && this.tailDataVersion !== undefined && this.dataVersion(false) === this.tailDataVersion) {
      return last;
    }
    return BigInt(this.statements.head.get()?.position ?? 0);
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    return pollingSubscription({
      ...options,
      readPage: (after, maxCount, filter) => this.readAll({ after, maxCount, filter }),
      head: () => this.headPosition(),
      notifier: this.notifier,
      pollIntervalMs: this.pollIntervalMs,
    });
  }

  /** The `data_keys` table of this file, on this store's connection. */
  dataKeys(): DataKeyStore {
    return (this.keys ??= new SqliteDataKeyStore(this.db));
  }

  /** The `snapshots` table of this file, on this store's connection. */
  snapshots(): SnapshotStore {
    return (this.snapshotStore ??= new SqliteSnapshotStore(this.db));
  }

  async health(): Promise<StoreHealth> {
    try {
      this.db.prepare('SELECT 1').get();
      return { store: this.name, reachable: true };
    } catch (error) {
      return { store: this.name, reachable: false, detail: (error as Error).message };
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.notifier.notify();
    this.db.close();
  }
}

function filterSql(filter?: AllFilter): { sql: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (filter?.accountId !== undefined) {
    clauses.push('AND account_id = ?');
    params.push(filter.accountId);
  }
  if (filter?.categories) {
    clauses.push(`AND category IN (${filter.categories.map(() => '?').join(',') || 'NULL'})`);
    params.push(...filter.categories);
  }
  if (filter?.eventTypes) {
    clauses.push(`AND type IN (${filter.eventTypes.map(() => '?').join(',') || 'NULL'})`);
    params.push(...filter.eventTypes);
  }
  return { sql: clauses.join(' '), params };
}

function toRecorded(row: EventTuple): RecordedEvent {
  return {
    id: row[1],
    type: row[4],
    data: JSON.parse(row[5]),
    metadata: JSON.parse(row[6]),
    streamName: row[2],
    revision: row[3],
    position: row[0],
    recordedAt: row[7],
  };
}

function isUniqueEventIdViolation(error: unknown): boolean {
  // No `instanceof Error`: better-sqlite3's errors come from another realm under test runners' sandboxes.
  const e = error as { code?: unknown; message?: unknown } | null;
  return e?.code === 'SQLITE_CONSTRAINT_UNIQUE' && String(e.message).includes('events.event_id');
}
