import { createCipheriv, createDecipheriv, createHmac } from 'node:crypto';
import type {
  AppendResult,
  DataKey,
  DataKeyStore,
  EventStore,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StoreHealth,
  StreamCheck,
  StreamWrite,
  SubscribeOptions,
  Subscription,
} from '@app/event-store';

/** Which events carry personal data under which key, and which events destroy a key (the domain's answer). */
export interface SealingPolicy {
  personalDataOf(event: { type: string; data: unknown }): { keyName: string; fields: readonly string[] } | undefined;
  keyErasedBy(event: { type: string; data: unknown }): string | undefined;
  erasedValueOf(field: string): unknown;
}

export interface SealingOptions {
  /** How long a process trusts a key it read before asking the key store again; bounds how long another process
   * that erased the record can still be out-run by this one's cache. Destroyed keys are remembered for good. */
  keyCacheTtlMs?: number;
  /** Most keys held in memory. */
  keyCacheSize?: number;
  clock?: () => number;
  /** Closed with the store (a key store on a connection of its own). */
  alsoClose?: { close(): Promise<void> };
}

/** The field a sealed event's data carries instead of its personal fields. */
export const SEALED_FIELD = '$sealed';
const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const OPENED_CACHE_SIZE = 20_000;

interface Sealed {
  key: string;
  /** base64 of iv ‖ tag ‖ ciphertext. */
  box: string;
}

interface DerivedKeys {
  /** The data key itself. */
  encryption: Buffer;
  /** HMAC(data key, label): only sealing needs it, so it is derived when first sealing (reads never pay for it). */
  nonce?: Buffer;
}

type Data = Record<string, unknown>;

function nonceKey(keys: DerivedKeys): Buffer {
  return (keys.nonce ??= createHmac('sha256', keys.encryption).update('association-labels/seal/nonce').digest());
}

function sealedOf(data: unknown): Sealed | undefined {
  if (data === null || typeof data !== 'object') return undefined;
  const sealed = (data as Data)[SEALED_FIELD];
  return sealed !== null && typeof sealed === 'object' ? (sealed as Sealed) : undefined;
}

/** The decrypted form of sealed data could not be produced: the ciphertext or its key was tampered with. */
export class SealedDataError extends Error {}

/**
 * Crypto-shredding at the event store port (ADR 0007, "Erasure"). On append, the personal fields of an event (the
 * policy names them: a record's properties and unique values) are replaced by `$sealed`, an AES-256-GCM box under the
 * record's data key; on every read (streams, all, subscriptions) they are opened again, so deciders, projections, the
 * audit log and the feed see plain events. Once a `RecordErased` is stored the record's key is destroyed, and from
 * then on its fields read as the policy's erased values with `erased: true` — from this store, from a rebuild, from
 * a backup of the log.
 *
 * The nonce is synthetic (HMAC of event id and plaintext under a key HMAC-derived from the data key), so sealing is
 * deterministic: a retried append (same event id, same data) produces byte-identical data and stays idempotent, while
 * two different plaintexts never share a nonce. The event id and key name are bound in as associated data, so a box
 * cannot be moved to another event. Events stored without `$sealed` (written before this decorator) pass unchanged.
 */
export class SealingEventStore implements EventStore {
  private readonly cache = new Map<string, { keys: DerivedKeys | null; at: number }>();
  /**
   * Opened data of recent events by event id: the in-process projections, the feed and the audit log read the same
   * events, and each would otherwise decrypt them again. An entry is only used while its key is still there.
   */
  private readonly opened = new Map<string, Readonly<Data>>();
  private readonly ttlMs: number;
  private readonly cacheSize: number;
  private readonly clock: () => number;
  private readonly alsoClose?: { close(): Promise<void> };

  constructor(
    private readonly inner: EventStore,
    private readonly keys: DataKeyStore,
    private readonly policy: SealingPolicy,
    options: SealingOptions = {},
  ) {
    this.ttlMs = options.keyCacheTtlMs ?? 60_000;
    this.cacheSize = options.keyCacheSize ?? 100_000;
    this.clock = options.clock ?? Date.now;
    this.alsoClose = options.alsoClose;
  }

  get name(): string {
    return this.inner.name;
  }

  dataKeys(): DataKeyStore {
    return this.keys;
  }

  /** The inner store's snapshots: only folds without personal data are snapshotted, so there is nothing to seal. */
  get snapshots(): EventStore['snapshots'] {
    return this.inner.snapshots?.bind(this.inner);
  }

  async append(writes: readonly StreamWrite[], checks?: readonly StreamCheck[]): Promise<AppendResult> {
    const needed = new Map<string, Set<string>>();
    for (const write of writes) {
      for (const event of write.events) {
        const personal = this.policy.personalDataOf(event);
        if (personal === undefined) continue;
        const names = needed.get(event.metadata.accountId) ?? new Set<string>();
        needed.set(event.metadata.accountId, names.add(personal.keyName));
      }
    }
    const keys = new Map<string, DerivedKeys | null>();
    for (const [accountId, names] of needed) {
      // Keys this process holds are used as they are; only new (or expired) ones cost a trip to the key table.
      const missing: string[] = [];
      for (const name of names) {
        const cached = this.cached(accountId, name);
        if (cached === undefined) missing.push(name);
        else keys.set(this.cacheId(accountId, name), cached);
      }
      if (missing.length === 0) continue;
      for (const [name, key] of await this.keys.obtain(accountId, missing)) {
        keys.set(this.cacheId(accountId, name), this.remember(accountId, name, key));
      }
    }
    const sealed =
      needed.size === 0
        ? writes
        : writes.map((write) => ({
            ...write,
            events: write.events.map((event) => {
              const personal = this.policy.personalDataOf(event);
              if (personal === undefined) return event;
              const key = keys.get(this.cacheId(event.metadata.accountId, personal.keyName));
              return this.seal(event, personal, key ?? null);
            }),
          }));
    const result = await this.inner.append(sealed, checks);
    for (const write of writes) {
      for (const event of write.events) {
        const erased = this.policy.keyErasedBy(event);
        if (erased === undefined) continue;
        await this.keys.destroy(event.metadata.accountId, erased);
        this.remember(event.metadata.accountId, erased, null);
      }
    }
    return result;
  }

  async readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.openAll(await this.inner.readStream(stream, options));
  }

  streamRevision(stream: string): Promise<bigint | undefined> {
    return this.inner.streamRevision(stream);
  }

  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.openAll(await this.inner.readAll(options));
  }

  headPosition(): Promise<bigint> {
    return this.inner.headPosition();
  }

  get countEvents(): EventStore['countEvents'] {
    return this.inner.countEvents?.bind(this.inner);
  }

  subscribeToAll(options?: SubscribeOptions): Subscription {
    const inner = this.inner.subscribeToAll(options);
    const open = (events: readonly RecordedEvent[]) => this.openAll(events);
    const subscription: Subscription = {
      close: () => inner.close(),
      get caughtUp() {
        return inner.caughtUp;
      },
      async *[Symbol.asyncIterator]() {
        for await (const event of inner) {
          yield sealedOf(event.data) === undefined ? event : (await open([event]))[0]!;
        }
      },
    };
    const pages = inner.pages?.bind(inner);
    if (pages !== undefined) {
      subscription.pages = async function* () {
        for await (const page of pages()) yield await open(page);
      };
    }
    return subscription;
  }

  health(): Promise<StoreHealth> {
    return this.inner.health();
  }

  async close(): Promise<void> {
    await this.inner.close();
    await this.alsoClose?.close();
  }

  private seal(event: NewEvent, personal: { keyName: string; fields: readonly string[] }, key: DerivedKeys | null) {
    const data: Data = { ...(event.data as Data) };
    const secret: Data = {};
    for (const field of personal.fields) {
      if (!Object.hasOwn(data, field)) continue;
      secret[field] = data[field];
      delete data[field];
    }
    // The record is already erased (its key destroyed): there is nothing to keep the values for.
    if (key === null) return { ...event, data: this.erased(data, personal.fields) };
    const aad = Buffer.from(`${event.id}|${personal.keyName}`);
    const plaintext = Buffer.from(JSON.stringify(secret));
    const iv = createHmac('sha256', nonceKey(key)).update(aad).update('\u0000').update(plaintext).digest();
    const cipher = createCipheriv(ALGORITHM, key.encryption, iv.subarray(0, IV_BYTES));
    cipher.setAAD(aad);
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    const box = Buffer.concat([iv.subarray(0, IV_BYTES), cipher.getAuthTag(), ciphertext]).toString('base64');
    data[SEALED_FIELD] = { key: personal.keyName, box } satisfies Sealed;
    return { ...event, data };
  }

  private erased(data: Data, fields: readonly string[]): Data {
    const out: Data = { ...data };
    for (const field of fields) out[field] = this.policy.erasedValueOf(field);
    out.erased = true;
    return out;
  }

  private async openAll(events: readonly RecordedEvent[]): Promise<RecordedEvent[]> {
    let missing: Map<string, Set<string>> | undefined;
    for (const event of events) {
      // An erasure seen in the log ends this process's use of the key at once, even if another process destroyed it.
      const erased = this.policy.keyErasedBy(event);
      if (erased !== undefined) this.remember(event.metadata.accountId, erased, null);
    }
    for (const event of events) {
      const sealed = sealedOf(event.data);
      if (sealed === undefined || this.cached(event.metadata.accountId, sealed.key) !== undefined) continue;
      missing ??= new Map();
      const names = missing.get(event.metadata.accountId) ?? new Set<string>();
      missing.set(event.metadata.accountId, names.add(sealed.key));
    }
    for (const [accountId, names] of missing ?? []) {
      const found = await this.keys.find(accountId, [...names]);
      // A key the store does not have (lost, or never written) cannot open anything: read as erased.
      for (const name of names) this.remember(accountId, name, found.get(name) ?? null);
    }
    return events.map((event) => this.open(event));
  }

  private open(event: RecordedEvent): RecordedEvent {
    const sealed = sealedOf(event.data);
    if (sealed === undefined) return event;
    const { [SEALED_FIELD]: _box, ...rest } = event.data as Data;
    const key = this.cached(event.metadata.accountId, sealed.key) ?? null;
    if (key === null) {
      const personal = this.policy.personalDataOf(event);
      return { ...event, data: this.erased(rest, personal?.fields ?? []) };
    }
    const known = this.opened.get(event.id);
    if (known !== undefined) return { ...event, data: known };
    try {
      const box = Buffer.from(sealed.box, 'base64');
      const decipher = createDecipheriv(ALGORITHM, key.encryption, box.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(`${event.id}|${sealed.key}`));
      decipher.setAuthTag(box.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      const plaintext = Buffer.concat([decipher.update(box.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
      const data = Object.freeze({ ...rest, ...(JSON.parse(plaintext.toString('utf8')) as Data) });
      this.opened.set(event.id, data);
      if (this.opened.size > OPENED_CACHE_SIZE) this.opened.delete(this.opened.keys().next().value as string);
      return { ...event, data };
    } catch (error) {
      throw new SealedDataError(
        `The sealed data of event ${event.id} (${event.streamName}@${event.revision}) cannot be opened: ${(error as Error).message}`,
      );
    }
  }

  private cacheId(accountId: string, name: string): string {
    return `${accountId}\u0000${name}`;
  }

  /** The derived keys of a name, or null once destroyed; undefined when not cached (or expired). */
  private cached(accountId: string, name: string): DerivedKeys | null | undefined {
    const entry = this.cache.get(this.cacheId(accountId, name));
    if (entry === undefined) return undefined;
    if (entry.keys !== null && this.clock() - entry.at > this.ttlMs) return undefined;
    return entry.keys;
  }

  private remember(accountId: string, name: string, key: DataKey): DerivedKeys | null {
    const id = this.cacheId(accountId, name);
    const current = this.cache.get(id);
    // Destruction is final: a stale read of a key cannot bring it back.
    const keys = current?.keys === null || key === null ? null : { encryption: key };
    this.cache.delete(id);
    this.cache.set(id, { keys, at: this.clock() });
    if (this.cache.size > this.cacheSize) {
      for (const oldest of this.cache.keys()) {
        this.cache.delete(oldest);
        if (this.cache.size <= this.cacheSize * 0.9) break;
      }
    }
    return keys;
  }
}
