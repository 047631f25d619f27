import { Client, Pool } from 'pg';
import type { PoolClient } from 'pg';
import { assertExpected, DEFAULT_MAX_EVENT_BYTES, resolveRetry, validateAppend } from '../append-validation';
import type { SerializedEvent, StoredEventIdentity } from '../append-validation';
import { InvalidEventError, StoreUnavailableError } from '../event-store.errors';
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
import { PostgresDataKeyStore } from '../data-keys/postgres.data-key-store';
import type { DataKeyStore } from '../data-keys/data-key-store.port';
import { PostgresSnapshotStore } from '../snapshots/postgres.snapshot-store';
import type { SnapshotStore } from '../snapshots/snapshot-store.port';
import { ChangeNotifier, pollingSubscription } from '../subscription';
import { migrate, quoteIdent } from './postgres.migrations';

export interface PostgresEventStoreOptions {
  connectionString: string;
  /** PostgreSQL schema holding the tables (created by the migration). */
  schema?: string;
  poolSize?: number;
  maxEventBytes?: number;
  /** Safety poll for live subscriptions; LISTEN/NOTIFY wakes them at once. */
  pollIntervalMs?: number;
  /** Test seam: runs inside the append transaction after the events are inserted, before COMMIT. */
  hooks?: { beforeCommit?: (streams: readonly string[]) => Promise<void> };
}

interface EventRow {
  position: string;
  event_id: string;
  stream: string;
  revision: string;
  type: string;
  data: string;
  metadata: string;
  recorded_at: string;
}

/**
 * Global positions are `(transaction id << 20) + index in the append`, and readers only see events of
 * transactions older than the oldest one still running (`pg_snapshot_xmin`). Position order is therefore
 * transaction order, and a slow transaction that commits after a faster, later one is never overtaken: the later
 * one stays invisible until the slow one ends. (A bare sequence would hand the slow one a smaller position after a
 * reader had already moved past it.) Positions have gaps; they are ordered, not dense.
 */
const INDEX_BITS = 20n;
const MAX_EVENTS_PER_APPEND = 2 ** Number(INDEX_BITS) - 1;
const DEADLOCK_RETRIES = 5;
const RETRYABLE = new Set(['40P01', '40001']);

class RetryDetected extends Error {}

export class PostgresEventStore implements EventStore {
  readonly name = 'postgres';
  private readonly pool: Pool;
  private readonly schema: string;
  private readonly t: string;
  private readonly channel: string;
  private readonly notifier = new ChangeNotifier();
  private readonly maxEventBytes: number;
  private readonly pollIntervalMs: number;
  private listener?: Promise<Client | undefined>;
  private closed = false;
  private keys?: PostgresDataKeyStore;
  private snapshotStore?: PostgresSnapshotStore;
  private notifying = false;
  private notifyAgain = false;
  private readonly visible: string;
  private readonly columns =
    `position, event_id, stream, revision, type, data::text AS data, metadata::text AS metadata, ` +
    `to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS recorded_at`;

  private constructor(private readonly options: PostgresEventStoreOptions) {
    this.schema = options.schema ?? 'event_store';
    this.t = quoteIdent(this.schema);
    this.channel = `${this.schema}_events`;
    this.pool = new Pool({ connectionString: options.connectionString, max: options.poolSize ?? 10 });
    this.pool.on('error', () => undefined); // idle client errors surface on the next query instead
    this.maxEventBytes = options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
    this.pollIntervalMs = options.pollIntervalMs ?? 500;
    this.visible = `position < (pg_snapshot_xmin(pg_current_snapshot())::text::bigint << ${INDEX_BITS})`;
  }

  /** Connects and applies migrations. */
  static async create(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const store = new PostgresEventStore(options);
    try {
      await migrate(store.pool, store.schema);
    } catch (error) {
      await store.pool.end();
      throw new StoreUnavailableError('postgres', error);
    }
    return store;
  }

  async append(writes: readonly StreamWrite[], checks: readonly StreamCheck[] = []): Promise<AppendResult> {
    const events = validateAppend(writes, checks, this.maxEventBytes);
    if (events.length > MAX_EVENTS_PER_APPEND) {
      throw new InvalidEventError(`An append holds at most ${MAX_EVENTS_PER_APPEND} events`);
    }
    for (let attempt = 1; ; attempt++) {
      const client = await this.pool.connect();
      try {
        return await this.appendInTransaction(client, writes, checks, events);
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        const code = (error as { code?: string }).code;
        if (code && RETRYABLE.has(code) && attempt < DEADLOCK_RETRIES) continue;
        if (
          error instanceof RetryDetected ||
          (code === '23505' && String((error as { constraint?: string }).constraint).includes('event_id'))
        ) {
          const retry = resolveRetry(events, await this.storedIdentities(client, events), writes);
          if (retry) return retry;
        }
        if (error instanceof RetryDetected) throw new Error('Append retry could not be resolved');
        throw error;
      } finally {
        client.release();
      }
    }
  }

  private async appendInTransaction(
    client: PoolClient,
    writes: readonly StreamWrite[],
    checks: readonly StreamCheck[],
    events: readonly SerializedEvent[],
  ): Promise<AppendResult> {
    await client.query('BEGIN');
    // Lock written streams in name order (creating their rows), then share-lock checked ones: a concurrent writer
    // of a checked stream waits for this commit, so a check holds until the events are visible.
    const written = [...writes.map((w) => w.stream)].sort();
    const lockedWrites = await client.query<{ stream: string; revision: string }>(
      `INSERT INTO ${this.t}.streams (stream, revision) SELECT unnest($1::text[]), -1
       ON CONFLICT (stream) DO UPDATE SET revision = streams.revision
       RETURNING stream, revision`,
      [written],
    );
    const actual = new Map<string, bigint | undefined>();
    for (const row of lockedWrites.rows) actual.set(row.stream, toRevision(row.revision));
    if (checks.length > 0) {
      const checked = checks.map((c) => c.stream).sort();
      // A row for a stream that does not exist yet, so that its creation also waits for this commit.
      await client.query(
        `INSERT INTO ${this.t}.streams (stream, revision) SELECT unnest($1::text[]), -1 ON CONFLICT (stream) DO NOTHING`,
        [checked],
      );
      const locked = await client.query<{ stream: string; revision: string }>(
        `SELECT stream, revision FROM ${this.t}.streams WHERE stream = ANY($1::text[]) ORDER BY stream FOR SHARE`,
        [checked],
      );
      for (const row of locked.rows) actual.set(row.stream, toRevision(row.revision));
    }
    for (const c of [...checks, ...writes]) {
      try {
        assertExpected(c.stream, c.expected, actual.get(c.stream));
      } catch (error) {
        if (events.length > 0) {
          const seen = await client.query(`SELECT 1 FROM ${this.t}.events WHERE event_id = $1`, [events[0]!.id]);
          if (seen.rowCount) throw new RetryDetected();
        }
        throw error;
      }
    }

    const revisions = new Map<string, bigint | undefined>(writes.map((w) => [w.stream, actual.get(w.stream)]));
    const cols = { id: [] as string[], stream: [] as string[], revision: [] as string[], type: [] as string[] };
    const payload = {
      data: [] as string[],
      metadata: [] as string[],
      account: [] as string[],
      category: [] as string[],
    };
    for (const write of writes) {
      for (const e of events) {
        if (e.stream !== write.stream) continue;
        const prev = revisions.get(write.stream);
        const revision = prev === undefined ? 0n : prev + 1n;
        revisions.set(write.stream, revision);
        cols.id.push(e.id);
        cols.stream.push(e.stream);
        cols.revision.push(revision.toString());
        cols.type.push(e.type);
        payload.data.push(e.data);
        payload.metadata.push(e.metadata);
        payload.account.push(e.event.metadata.accountId);
        payload.category.push(categoryOf(e.stream));
      }
    }
    let position: bigint;
    if (cols.id.length > 0) {
      const inserted = await client.query<{ position: string }>(
        `INSERT INTO ${this.t}.events
           (position, transaction_id, event_id, stream, revision, type, data, metadata, account_id, category)
         SELECT (pg_current_xact_id()::text::bigint << ${INDEX_BITS}) + t.ord, pg_current_xact_id(), t.id, t.stream,
                t.revision, t.type, t.data::json, t.metadata::json, t.account, t.category
         FROM unnest($1::uuid[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
              WITH ORDINALITY AS t(id, stream, revision, type, data, metadata, account, category, ord)
         RETURNING position`,
        [
          cols.id,
          cols.stream,
          cols.revision,
          cols.type,
          payload.data,
          payload.metadata,
          payload.account,
          payload.category,
        ],
      );
      position = inserted.rows.reduce((max, r) => (BigInt(r.position) > max ? BigInt(r.position) : max), 0n);
      const changed = writes.filter((w) => revisions.get(w.stream) !== actual.get(w.stream));
      await client.query(
        `UPDATE ${this.t}.streams s SET revision = v.revision
         FROM unnest($1::text[], $2::bigint[]) AS v(stream, revision) WHERE s.stream = v.stream`,
        [changed.map((w) => w.stream), changed.map((w) => revisions.get(w.stream)!.toString())],
      );
    } else {
      position = await this.headPosition(client);
    }
    await this.options.hooks?.beforeCommit?.(written);
    await client.query('COMMIT');
    if (cols.id.length > 0) this.announce();
    const streams = writes
      .filter((w) => revisions.get(w.stream) !== undefined)
      .map((w) => ({ stream: w.stream, revision: revisions.get(w.stream)! }));
    return { position, streams };
  }

  private async storedIdentities(
    client: PoolClient,
    events: readonly SerializedEvent[],
  ): Promise<Map<string, StoredEventIdentity>> {
    const { rows } = await client.query<EventRow>(
      `SELECT ${this.columns} FROM ${this.t}.events WHERE event_id = ANY($1::uuid[])`,
      [events.map((e) => e.id)],
    );
    return new Map(
      rows.map((r) => [
        r.event_id,
        {
          id: r.event_id,
          stream: r.stream,
          type: r.type,
          data: r.data,
          revision: BigInt(r.revision),
          position: BigInt(r.position),
        },
      ]),
    );
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    if (options.maxCount === 0) return [];
    const forwards = (options.direction ?? 'forwards') === 'forwards';
    const { rows } = await this.query<EventRow>(
      forwards
        ? `SELECT ${this.columns} FROM ${this.t}.events WHERE stream = $1 AND revision >= $2 ORDER BY revision LIMIT $3`
        : `SELECT ${this.columns} FROM ${this.t}.events WHERE stream = $1 AND revision <= $2 ORDER BY revision DESC LIMIT $3`,
      [
        stream,
        (options.fromRevision ?? (forwards ? 0n : BigInt('9223372036854775807'))).toString(),
        options.maxCount ?? null,
      ],
    );
    return rows.map(toRecorded);
  }

  async streamRevision(stream: string): Promise<bigint | undefined> {
    const { rows } = await this.query<{ revision: string }>(
      `SELECT revision FROM ${this.t}.streams WHERE stream = $1`,
      [stream],
    );
    return rows[0] ? toRevision(rows[0].revision) : undefined;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const params: unknown[] = [(options.after ?? 0n).toString(), options.maxCount ?? null];
    const where = [`position > $1`, this.visible, ...filterSql(options.filter, params)];
    const { rows } = await this.query<EventRow>(
      `SELECT ${this.columns} FROM ${this.t}.events WHERE ${where.join(' AND ')} ORDER BY position LIMIT $2`,
      params,
    );
    return rows.map(toRecorded);
  }

  async countEvents(after: bigint, upTo: bigint, limit: number): Promise<number> {
    const { rows } = await this.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM (SELECT 1 FROM ${this.t}.events
         WHERE position > $1 AND position <= $2 AND ${this.visible} LIMIT $3) AS counted`,
      [after.toString(), upTo.toString(), limit],
    );
    return Number(rows[0]!.n);
  }

  async headPosition(client?: PoolClient): Promise<bigint> {
    const sql = `SELECT coalesce(max(position), 0)::text AS position FROM ${this.t}.events WHERE ${this.visible}`;
    const { rows } = client
      ? await client.query<{ position: string }>(sql)
      : await this.query<{ position: string }>(sql);
    return BigInt(rows[0]!.position);
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    void this.listen();
    return pollingSubscription({
      ...options,
      readPage: (after, maxCount, filter) => this.readAll({ after, maxCount, filter }),
      head: () => this.headPosition(),
      notifier: this.notifier,
      pollIntervalMs: this.pollIntervalMs,
    });
  }

  async health(): Promise<StoreHealth> {
    try {
      await this.pool.query('SELECT 1');
      return { store: this.name, reachable: true };
    } catch (error) {
      return { store: this.name, reachable: false, detail: (error as Error).message };
    }
  }

  /** The `data_keys` table of this store's schema, on its pool. */
  dataKeys(): DataKeyStore {
    return (this.keys ??= new PostgresDataKeyStore(this.pool, `${this.t}.data_keys`));
  }

  /** The `snapshots` table of this store's schema, on its pool. */
  snapshots(): SnapshotStore {
    return (this.snapshotStore ??= new PostgresSnapshotStore(this.pool, `${this.t}.snapshots`));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.notifier.notify();
    const listener = await this.listener?.catch(() => undefined);
    await listener?.end().catch(() => undefined);
    await this.pool.end();
  }

  /**
   * Wakes live subscribers everywhere after a commit. NOTIFY inside the append transaction would serialize commits
   * on PostgreSQL's notification queue lock (it halved throughput with 16 writers), so it is sent after COMMIT, in
   * its own statement, at most one in flight: appends that commit meanwhile are covered by the next one.
   */
  private announce(): void {
    this.notifier.notify();
    if (this.notifying) {
      this.notifyAgain = true;
      return;
    }
    this.notifying = true;
    void this.pool
      .query('SELECT pg_notify($1, $2)', [this.channel, ''])
      .catch(() => undefined)
      .finally(() => {
        this.notifying = false;
        if (this.notifyAgain && !this.closed) {
          this.notifyAgain = false;
          this.announce();
        }
      });
  }

  /** One LISTEN connection per store wakes every live subscription; polling covers a lost connection. */
  private listen(): Promise<Client | undefined> {
    this.listener ??= (async () => {
      const client = new Client({ connectionString: this.options.connectionString });
      try {
        await client.connect();
        client.on('notification', () => this.notifier.notify());
        client.on('error', () => {
          this.listener = undefined;
        });
        await client.query(`LISTEN ${quoteIdent(this.channel)}`);
        if (this.closed) await client.end();
        return client;
      } catch {
        this.listener = undefined;
        await client.end().catch(() => undefined);
        return undefined;
      }
    })();
    return this.listener;
  }

  private async query<R extends object>(sql: string, params?: unknown[]): Promise<{ rows: R[] }> {
    try {
      return await this.pool.query<R & import('pg').QueryResultRow>(sql, params);
    } catch (error) {
      if ((error as { code?: string }).code === undefined) throw new StoreUnavailableError('postgres', error);
      throw error;
    }
  }
}

function filterSql(filter: AllFilter | undefined, params: unknown[]): string[] {
  const clauses: string[] = [];
  if (filter?.accountId !== undefined) {
    params.push(filter.accountId);
    clauses.push(`account_id = $${params.length}`);
  }
  if (filter?.categories) {
    params.push(filter.categories);
    clauses.push(`category = ANY($${params.length}::text[])`);
  }
  if (filter?.eventTypes) {
    params.push(filter.eventTypes);
    clauses.push(`type = ANY($${params.length}::text[])`);
  }
  return clauses;
}

function toRevision(value: string): bigint | undefined {
  const revision = BigInt(value);
  return revision < 0n ? undefined : revision;
}

function toRecorded(row: EventRow): RecordedEvent {
  return {
    id: row.event_id,
    type: row.type,
    data: JSON.parse(row.data),
    metadata: JSON.parse(row.metadata),
    streamName: row.stream,
    revision: BigInt(row.revision),
    position: BigInt(row.position),
    recordedAt: row.recorded_at,
  };
}
