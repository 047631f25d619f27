/**
 * The read-model store port (DESIGN.md §8). Projections describe their writes as operations; a store applies a
 * batch of them together with the projection's checkpoint in one atomic step, and ignores events at or below the
 * checkpoint, so applying the same event twice changes nothing. Adapters: redis, sqlite (embedded default), memory.
 */

/** One write a projection asks for. Keys are relative to the projection's namespace. */
export type ReadModelOp =
  | { op: 'set'; key: string; value: string }
  | { op: 'del'; key: string }
  | { op: 'hset'; key: string; field: string; value: string }
  | { op: 'hdel'; key: string; field: string }
  | { op: 'hincrby'; key: string; field: string; by: number }
  | { op: 'zadd'; key: string; member: string; score: number }
  | { op: 'zrem'; key: string; member: string };

/** Where a projection's data lives: its name and the generation (blue/green rebuilds write a new one). */
export interface Namespace {
  projection: string;
  generation: number;
}

/** The writes one event caused, at its global position. */
export interface PositionedOps {
  position: bigint;
  ops: readonly ReadModelOp[];
}

export interface ApplyBatch {
  ns: Namespace;
  /** Events in increasing position order; those at or below the stored checkpoint are skipped. */
  events: readonly PositionedOps[];
  /** Checkpoint after the batch (≥ the last event's position: events the projection ignores advance it too). */
  checkpoint: bigint;
  /**
   * Fencing: the batch is applied only while this owner holds the projection's lease; otherwise `LeaseLostError`.
   * Omit for writers that own the namespace outright (a rebuild into a fresh generation).
   */
  leaseOwner?: string;
}

export interface ApplyResult {
  /** Events actually applied (not skipped as already applied). */
  applied: number;
  checkpoint: bigint;
}

export interface ZRangeOptions {
  /** Inclusive bounds; default the whole set. */
  min?: number;
  max?: number;
  offset?: number;
  limit?: number;
  reverse?: boolean;
}

export interface ZMember {
  member: string;
  score: number;
}

export interface ReadModelStore {
  readonly kind: 'redis' | 'sqlite' | 'memory';

  apply(batch: ApplyBatch): Promise<ApplyResult>;
  checkpoint(ns: Namespace): Promise<bigint | undefined>;

  get(ns: Namespace, key: string): Promise<string | undefined>;
  hget(ns: Namespace, key: string, field: string): Promise<string | undefined>;
  hgetall(ns: Namespace, key: string): Promise<Record<string, string>>;
  zrange(ns: Namespace, key: string, options?: ZRangeOptions): Promise<ZMember[]>;
  zcard(ns: Namespace, key: string): Promise<number>;

  /** The generation queries read and the runner writes; 1 when never set. */
  activeGeneration(projection: string): Promise<number>;
  /** Switches readers and the runner to `generation` (blue/green). */
  setActiveGeneration(projection: string, generation: number): Promise<void>;
  /** Deletes every key and the checkpoint of a namespace. */
  dropNamespace(ns: Namespace): Promise<void>;
  /** Every key of a namespace with its value, sorted: lets tests compare two builds byte for byte. */
  dump(ns: Namespace): Promise<string>;

  /** Takes the projection's lease for `ttlMs` if it is free or already ours. */
  acquireLease(projection: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Extends our lease; false when it was lost (expired and taken, or released). */
  renewLease(projection: string, owner: string, ttlMs: number): Promise<boolean>;
  releaseLease(projection: string, owner: string): Promise<void>;

  ping(): Promise<void>;
  close(): Promise<void>;
}

export class LeaseLostError extends Error {
  readonly code = 'LEASE_LOST';
  constructor(
    readonly projection: string,
    readonly owner: string,
  ) {
    super(`Projection '${projection}': lease no longer held by ${owner}; write refused`);
  }
}

export const READ_MODEL_STORE = Symbol('READ_MODEL_STORE');
