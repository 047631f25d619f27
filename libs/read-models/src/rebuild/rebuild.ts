import type { EventStore } from '@app/event-store';
import { handles } from '../projection';
import type { Projection } from '../projection';
import type { PositionedOps, ReadModelStore } from '../read-model.port';
import { namespaceOf, otherGenerations } from './generations';

export type RebuildPhase = 'building' | 'switching' | 'grace' | 'dropping-old' | 'done';

export interface RebuildProgress {
  projection: string;
  phase: RebuildPhase;
  /** The generation being built; readers stay on `previousGeneration` until the switch. */
  generation: number;
  previousGeneration: number;
  /** Events read from the log and evolved (handled or not). */
  done: number;
  /**
   * Estimate of the events to read in all: `done` plus the head position minus the last position read. Exact on
   * stores with gap-free positions (SQLite, memory); an over-estimate on PostgreSQL, which leaves gaps.
   */
  total: number;
  position: bigint;
  head: bigint;
  eventsPerSecond: number;
  /** Seconds left at the current rate; undefined before the first page. */
  etaSeconds?: number;
}

export interface RebuildOptions {
  /** Events per `readAll` page and per atomic `apply` (default 1000). */
  pageSize?: number;
  /** Time between the switch and dropping the old generation, for readers still on it (default 2000 ms). */
  graceMs?: number;
  /** Called after every page and at each phase change; awaited, so it may query the store. */
  onProgress?: (progress: RebuildProgress) => void | Promise<void>;
  /** Holder of the rebuild lock (unique per process). */
  owner?: string;
  lockTtlMs?: number;
  now?: () => number;
}

export interface RebuildResult {
  projection: string;
  previousGeneration: number;
  generation: number;
  events: number;
  checkpoint: bigint;
  /** Stale generations (an interrupted rebuild's, an old one never dropped) removed before building. */
  droppedStale: number[];
  durationMs: number;
}

/** Another process is rebuilding the same projection. */
export class RebuildInProgressError extends Error {
  readonly code = 'REBUILD_IN_PROGRESS';
  constructor(readonly projection: string) {
    super(`Projection '${projection}' is already being rebuilt by another process`);
  }
}

/** The active generation changed under the rebuild (someone switched it by hand): nothing was switched. */
export class RebuildConflictError extends Error {
  readonly code = 'REBUILD_CONFLICT';
}

/** The lease name that serialises rebuilds of one projection (separate from the runner's lease). */
export const rebuildLockName = (projection: string): string => `${projection}:rebuild`;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Blue/green rebuild of one projection (issue 3, item 5): replays the whole log into a fresh generation while the
 * active one keeps serving, until it has caught up with the head; then switches the active generation (readers and
 * the runner follow; the runner resumes the new generation from its checkpoint, so events appended meanwhile are
 * applied there too), waits `graceMs` and drops the old generation. The new generation has a single writer, so its
 * batches carry no lease owner; a separate lock keeps two rebuilds of the same projection apart.
 */
export async function rebuildProjection(
  store: EventStore,
  readModels: ReadModelStore,
  projection: Projection,
  options: RebuildOptions = {},
): Promise<RebuildResult> {
  const now = options.now ?? Date.now;
  const owner = options.owner ?? `rebuild-${process.pid}-${now()}`;
  const lockTtlMs = options.lockTtlMs ?? 30_000;
  const lock = rebuildLockName(projection.name);
  if (!(await readModels.acquireLease(lock, owner, lockTtlMs))) throw new RebuildInProgressError(projection.name);
  const renewal = setInterval(
    () => void readModels.renewLease(lock, owner, lockTtlMs).catch(() => undefined),
    Math.max(50, lockTtlMs / 3),
  );
  try {
    return await rebuildLocked(store, readModels, projection, options, now);
  } finally {
    clearInterval(renewal);
    await readModels.releaseLease(lock, owner).catch(() => undefined);
  }
}

async function rebuildLocked(
  store: EventStore,
  readModels: ReadModelStore,
  projection: Projection,
  options: RebuildOptions,
  now: () => number,
): Promise<RebuildResult> {
  const name = projection.name;
  const pageSize = options.pageSize ?? 1000;
  const startedAt = now();
  const previousGeneration = await readModels.activeGeneration(name);
  const stale = await otherGenerations(readModels, name, previousGeneration);
  const generation = Math.max(previousGeneration, ...stale.map((s) => s.generation)) + 1;
  for (const s of stale) await readModels.dropNamespace(namespaceOf(name, s.generation));
  const ns = namespaceOf(name, generation);
  await readModels.dropNamespace(ns); // beyond the probe window something may linger: start from nothing

  let position = 0n;
  let done = 0;
  let head = await store.headPosition();
  const progress = (phase: RebuildPhase): RebuildProgress => {
    const seconds = (now() - startedAt) / 1000;
    const eventsPerSecond = seconds > 0 ? done / seconds : 0;
    const remaining = head > position ? Number(head - position) : 0;
    return {
      projection: name,
      phase,
      generation,
      previousGeneration,
      done,
      total: done + remaining,
      position,
      head,
      eventsPerSecond,
      etaSeconds: eventsPerSecond > 0 ? remaining / eventsPerSecond : undefined,
    };
  };
  const report = async (phase: RebuildPhase): Promise<void> => {
    await options.onProgress?.(progress(phase));
  };

  try {
    await report('building');
    for (;;) {
      const page = await store.readAll({ after: position, maxCount: pageSize });
      if (page.length > 0) {
        const events: PositionedOps[] = [];
        for (const event of page) {
          if (!handles(projection, event.type)) continue;
          const ops = projection.evolve(event);
          if (ops.length > 0) events.push({ position: event.position, ops });
        }
        position = page[page.length - 1]!.position;
        done += page.length;
        await readModels.apply({ ns, events, checkpoint: position });
        if (position > head) head = position;
        await report('building');
      }
      // A short page read everything visible at that moment: caught up with the head. Chasing a head that keeps
      // moving need not converge; what is appended from here on the runner applies after the switch, from the
      // new generation's checkpoint.
      if (page.length < pageSize) break;
    }
    // An empty log still gets its checkpoint, so the new generation exists and reports as run.
    if (done === 0) await readModels.apply({ ns, events: [], checkpoint: 0n });
  } catch (error) {
    await readModels.dropNamespace(ns).catch(() => undefined);
    throw error;
  }

  if ((await readModels.activeGeneration(name)) !== previousGeneration) {
    await readModels.dropNamespace(ns).catch(() => undefined);
    throw new RebuildConflictError(
      `Projection '${name}': the active generation changed from ${previousGeneration} during the rebuild; not switched`,
    );
  }
  await report('switching');
  await readModels.setActiveGeneration(name, generation);
  await report('grace');
  await sleep(options.graceMs ?? 2000);
  await report('dropping-old');
  await readModels.dropNamespace(namespaceOf(name, previousGeneration));
  await report('done');
  return {
    projection: name,
    previousGeneration,
    generation,
    events: done,
    checkpoint: position,
    droppedStale: stale.map((s) => s.generation),
    durationMs: now() - startedAt,
  };
}
