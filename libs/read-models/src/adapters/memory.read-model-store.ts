import { LeaseLostError } from '../read-model.port';
import type {
  ApplyBatch,
  ApplyResult,
  Namespace,
  ReadModelOp,
  ReadModelStore,
  ZMember,
  ZRangeOptions,
} from '../read-model.port';
import { incremented, leaseTtlMs, validateBatch } from '../read-model-batch';
import { formatDump } from '../read-model-dump';
import type { DumpEntry } from '../read-model-dump';
import { sortZMembers } from '../zset';

interface Space {
  strings: Map<string, string>;
  hashes: Map<string, Map<string, string>>;
  zsets: Map<string, Map<string, number>>;
  checkpoint?: bigint;
}

/** In-process read models (tests, and embedded mode when nothing must persist). */
export class MemoryReadModelStore implements ReadModelStore {
  readonly kind = 'memory';
  private readonly spaces = new Map<string, Space>();
  private readonly generations = new Map<string, number>();
  private readonly leases = new Map<string, { owner: string; expiresAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async apply(batch: ApplyBatch): Promise<ApplyResult> {
    validateBatch(batch);
    if (batch.leaseOwner !== undefined && !this.holds(batch.ns.projection, batch.leaseOwner)) {
      throw new LeaseLostError(batch.ns.projection, batch.leaseOwner);
    }
    const space = this.space(batch.ns);
    const from = space.checkpoint;
    let applied = 0;
    for (const event of batch.events) {
      if (from !== undefined && event.position <= from) continue;
      for (const op of event.ops) applyOp(space, op);
      applied++;
    }
    if (from === undefined || batch.checkpoint > from) space.checkpoint = batch.checkpoint;
    return { applied, checkpoint: space.checkpoint ?? batch.checkpoint };
  }

  async checkpoint(ns: Namespace): Promise<bigint | undefined> {
    return this.spaces.get(key(ns))?.checkpoint;
  }

  async get(ns: Namespace, k: string): Promise<string | undefined> {
    return this.spaces.get(key(ns))?.strings.get(k);
  }

  async hget(ns: Namespace, k: string, field: string): Promise<string | undefined> {
    return this.spaces.get(key(ns))?.hashes.get(k)?.get(field);
  }

  async hgetall(ns: Namespace, k: string): Promise<Record<string, string>> {
    return Object.fromEntries(this.spaces.get(key(ns))?.hashes.get(k) ?? []);
  }

  async zrange(ns: Namespace, k: string, options: ZRangeOptions = {}): Promise<ZMember[]> {
    const members = [...(this.spaces.get(key(ns))?.zsets.get(k) ?? [])].map(([member, score]) => ({ member, score }));
    return sortZMembers(members, options);
  }

  async zcard(ns: Namespace, k: string): Promise<number> {
    return this.spaces.get(key(ns))?.zsets.get(k)?.size ?? 0;
  }

  async activeGeneration(projection: string): Promise<number> {
    return this.generations.get(projection) ?? 1;
  }

  async setActiveGeneration(projection: string, generation: number): Promise<void> {
    this.generations.set(projection, generation);
  }

  async dropNamespace(ns: Namespace): Promise<void> {
    this.spaces.delete(key(ns));
  }

  async dump(ns: Namespace): Promise<string> {
    const space = this.spaces.get(key(ns));
    if (!space) return '';
    const entries: DumpEntry[] = [];
    for (const [k, value] of space.strings) entries.push({ type: 'string', key: k, value });
    for (const [k, h] of space.hashes)
      for (const [field, value] of h) entries.push({ type: 'hash', key: k, field, value });
    for (const [k, z] of space.zsets)
      for (const [member, score] of z) entries.push({ type: 'zset', key: k, member, score });
    return formatDump(entries, space.checkpoint);
  }

  async acquireLease(projection: string, owner: string, ttlMs: number): Promise<boolean> {
    const lease = this.leases.get(projection);
    if (lease && lease.owner !== owner && lease.expiresAt > this.now()) return false;
    this.leases.set(projection, { owner, expiresAt: this.now() + leaseTtlMs(ttlMs) });
    return true;
  }

  async renewLease(projection: string, owner: string, ttlMs: number): Promise<boolean> {
    if (!this.holds(projection, owner)) return false;
    this.leases.set(projection, { owner, expiresAt: this.now() + leaseTtlMs(ttlMs) });
    return true;
  }

  async releaseLease(projection: string, owner: string): Promise<void> {
    if (this.leases.get(projection)?.owner === owner) this.leases.delete(projection);
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {}

  private holds(projection: string, owner: string): boolean {
    const lease = this.leases.get(projection);
    return lease !== undefined && lease.owner === owner && lease.expiresAt > this.now();
  }

  private space(ns: Namespace): Space {
    let space = this.spaces.get(key(ns));
    if (!space) {
      space = { strings: new Map(), hashes: new Map(), zsets: new Map() };
      this.spaces.set(key(ns), space);
    }
    return space;
  }
}

function key(ns: Namespace): string {
  return `${ns.projection}:${ns.generation}`;
}

function applyOp(space: Space, op: ReadModelOp): void {
  switch (op.op) {
    case 'set':
      claim(space, op.key, 'string');
      space.strings.set(op.key, op.value);
      return;
    case 'del':
      space.strings.delete(op.key);
      space.hashes.delete(op.key);
      space.zsets.delete(op.key);
      return;
    case 'hset':
      hash(space, op.key).set(op.field, op.value);
      return;
    case 'hdel': {
      const h = space.hashes.get(op.key);
      h?.delete(op.field);
      if (h?.size === 0) space.hashes.delete(op.key);
      return;
    }
    case 'hincrby': {
      const h = hash(space, op.key);
      h.set(op.field, incremented(h.get(op.field), op.by));
      return;
    }
    case 'zadd': {
      claim(space, op.key, 'zset');
      let z = space.zsets.get(op.key);
      if (!z) space.zsets.set(op.key, (z = new Map()));
      z.set(op.member, op.score);
      return;
    }
    case 'zrem': {
      const z = space.zsets.get(op.key);
      z?.delete(op.member);
      if (z?.size === 0) space.zsets.delete(op.key);
      return;
    }
    default: {
      const never: never = op;
      throw new Error(`Unknown read-model op ${JSON.stringify(never)}`);
    }
  }
}

/** A key holds one type: writing another type replaces it, as Redis SET does (and as every adapter does). */
function claim(space: Space, k: string, type: 'string' | 'hash' | 'zset'): void {
  if (type !== 'string') space.strings.delete(k);
  if (type !== 'hash') space.hashes.delete(k);
  if (type !== 'zset') space.zsets.delete(k);
}

function hash(space: Space, k: string): Map<string, string> {
  claim(space, k, 'hash');
  let h = space.hashes.get(k);
  if (!h) space.hashes.set(k, (h = new Map()));
  return h;
}
