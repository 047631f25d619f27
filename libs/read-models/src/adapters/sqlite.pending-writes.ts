import { incremented } from '../read-model-batch';
import type { ReadModelOp } from '../read-model.port';

type KeyType = 'string' | 'hash' | 'zset';

/** One key's net effect so far in a batch. */
interface PendingKey {
  /** The key's type as the batch leaves it: a known type, 'none' (deleted), or undefined (as stored). */
  type: KeyType | 'none' | undefined;
  /** Stored rows of these types go before anything is written (the key was deleted or changed type). */
  cleared: Set<KeyType>;
  value?: string;
  /** Field → value, or null for a deleted field. */
  fields: Map<string, string | null>;
  /** Member → score, or null for a removed member. */
  members: Map<string, number | null>;
}

/** What the net effect needs from the store: a stored field (for `hincrby`), and the writes themselves. */
export interface PendingWritesTarget {
  storedField(key: string, field: string): string | undefined;
  clear(key: string, type: KeyType): void;
  setString(key: string, value: string): void;
  setField(key: string, field: string, value: string): void;
  delField(key: string, field: string): void;
  setMember(key: string, member: string, score: number): void;
  delMember(key: string, member: string): void;
}

/**
 * A batch's ops folded into their net effect per key before any is written: a projection that bumps a counter or
 * rewrites a field once per event writes it once per batch — in a catch-up or a 100-input write group, hundreds of
 * statements become one. Same semantics as applying the ops one by one (and as the memory and Redis adapters): a key
 * holds one type, and writing another type replaces it; `hincrby` counts from what the batch or the store holds.
 */
export class PendingWrites {
  private readonly keys = new Map<string, PendingKey>();

  constructor(private readonly target: PendingWritesTarget) {}

  add(op: ReadModelOp): void {
    const key = this.key(op.key);
    switch (op.op) {
      case 'set':
        this.claim(key, 'string');
        key.value = op.value;
        return;
      case 'del':
        for (const type of ['string', 'hash', 'zset'] as const) key.cleared.add(type);
        key.type = 'none';
        key.value = undefined;
        key.fields.clear();
        key.members.clear();
        return;
      case 'hset':
        this.claim(key, 'hash');
        key.fields.set(op.field, op.value);
        return;
      case 'hdel':
        key.fields.set(op.field, null);
        return;
      case 'hincrby': {
        this.claim(key, 'hash');
        const pending = key.fields.get(op.field);
        const current =
          pending !== undefined
            ? (pending ?? undefined)
            : key.cleared.has('hash')
              ? undefined
              : this.target.storedField(op.key, op.field);
        key.fields.set(op.field, incremented(current, op.by));
        return;
      }
      case 'zadd':
        this.claim(key, 'zset');
        key.members.set(op.member, op.score);
        return;
      case 'zrem':
        key.members.set(op.member, null);
        return;
      default: {
        const never: never = op;
        throw new Error(`Unknown read-model op ${JSON.stringify(never)}`);
      }
    }
  }

  /** Writes the net effect: each key's cleared types first, then its values. */
  flush(): void {
    const t = this.target;
    for (const [name, key] of this.keys) {
      for (const type of key.cleared) t.clear(name, type);
      if (key.value !== undefined) t.setString(name, key.value);
      for (const [field, value] of key.fields) {
        if (value === null) t.delField(name, field);
        else t.setField(name, field, value);
      }
      for (const [member, score] of key.members) {
        if (score === null) t.delMember(name, member);
        else t.setMember(name, member, score);
      }
    }
    this.keys.clear();
  }

  private key(name: string): PendingKey {
    let key = this.keys.get(name);
    if (key === undefined) {
      key = { type: undefined, cleared: new Set(), fields: new Map(), members: new Map() };
      this.keys.set(name, key);
    }
    return key;
  }

  /** The key takes `want` as its type: whatever it held of another type goes (as Redis SET over a hash does). */
  private claim(key: PendingKey, want: KeyType): void {
    if (key.type === want) return;
    const was = key.type;
    key.type = want;
    // A key deleted in this batch has every type cleared already; one of a known type holds nothing else.
    if (was === 'none') return;
    for (const type of ['string', 'hash', 'zset'] as const) {
      if (type === want || (was !== undefined && was !== type)) continue;
      key.cleared.add(type);
    }
    if (want !== 'string') key.value = undefined;
    if (want !== 'hash') key.fields.clear();
    if (want !== 'zset') key.members.clear();
  }
}
