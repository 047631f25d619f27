import type { ApplyBatch, Namespace, ReadModelOp } from './read-model.port';

/** A batch or namespace that no adapter may write; thrown before anything is written. */
export class InvalidReadModelBatchError extends Error {
  readonly code = 'READ_MODEL_INVALID_BATCH';
}

/**
 * Checks a batch before any adapter touches storage, so a bad op can never leave half a batch behind (a Redis
 * script that fails midway keeps the writes it already made). Projection names may not contain `{` or `}`: the
 * Redis adapter uses them as the Cluster hash tag.
 */
export function validateBatch(batch: ApplyBatch): void {
  assertNamespace(batch.ns);
  let previous: bigint | undefined;
  for (const event of batch.events) {
    assertPosition(event.position, 'event position');
    if (previous !== undefined && event.position <= previous) {
      throw new InvalidReadModelBatchError(`Event positions must increase: ${event.position} after ${previous}`);
    }
    previous = event.position;
    for (const op of event.ops) assertOp(op);
  }
  assertPosition(batch.checkpoint, 'checkpoint');
  if (previous !== undefined && batch.checkpoint < previous) {
    throw new InvalidReadModelBatchError(`Checkpoint ${batch.checkpoint} is below the last event position ${previous}`);
  }
}

export function assertNamespace(ns: Namespace): void {
  assertProjection(ns.projection);
  assertGeneration(ns.generation);
}

export function assertProjection(projection: string): void {
  if (typeof projection !== 'string' || projection === '' || /[{}]/.test(projection)) {
    throw new InvalidReadModelBatchError(`Invalid projection name ${JSON.stringify(projection)}`);
  }
}

export function assertGeneration(generation: number): void {
  if (!Number.isSafeInteger(generation) || generation < 1) {
    throw new InvalidReadModelBatchError(`Generation must be a positive integer, got ${generation}`);
  }
}

/** `hincrby` over a field that does not hold a decimal integer counts from 0, on every adapter. */
export function incremented(current: string | undefined, by: number): string {
  const from = current !== undefined && /^-?\d+$/.test(current) ? Number(current) : 0;
  return String(from + by);
}

/** Lease ttls are whole milliseconds, at least 1. */
export function leaseTtlMs(ttlMs: number): number {
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw new RangeError(`Lease ttl must be a positive number, got ${ttlMs}`);
  return Math.ceil(ttlMs);
}

function assertPosition(position: bigint, what: string): void {
  if (typeof position !== 'bigint' || position < 0n) {
    throw new InvalidReadModelBatchError(`The ${what} must be a non-negative bigint, got ${String(position)}`);
  }
}

function assertOp(op: ReadModelOp): void {
  const bad = (why: string) =>
    new InvalidReadModelBatchError(`Invalid ${op.op} op on ${JSON.stringify(op.key)}: ${why}`);
  if (typeof op.key !== 'string') throw bad('key must be a string');
  switch (op.op) {
    case 'set':
      if (typeof op.value !== 'string') throw bad('value must be a string');
      return;
    case 'del':
      return;
    case 'hset':
      if (typeof op.field !== 'string' || typeof op.value !== 'string') throw bad('field and value must be strings');
      return;
    case 'hdel':
      if (typeof op.field !== 'string') throw bad('field must be a string');
      return;
    case 'hincrby':
      if (typeof op.field !== 'string') throw bad('field must be a string');
      if (!Number.isSafeInteger(op.by)) throw bad(`by must be a safe integer, got ${op.by}`);
      return;
    case 'zadd':
      if (typeof op.member !== 'string') throw bad('member must be a string');
      if (typeof op.score !== 'number' || !Number.isFinite(op.score))
        throw bad(`score must be finite, got ${op.score}`);
      return;
    case 'zrem':
      if (typeof op.member !== 'string') throw bad('member must be a string');
      return;
    default: {
      const never: never = op;
      throw new InvalidReadModelBatchError(`Unknown read-model op ${JSON.stringify(never)}`);
    }
  }
}
