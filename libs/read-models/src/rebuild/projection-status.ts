import type { EventStore } from '@app/event-store';
import type { Projection } from '../projection';
import type { ReadModelStore } from '../read-model.port';
import { otherGenerations } from './generations';
import type { GenerationInfo } from './generations';

export type ProjectionState = 'up-to-date' | 'behind' | 'never-run';

/**
 * What the stores say about one projection. The runner's own phase (live, retrying, failed) lives in the process
 * that runs it (`/health`); from outside, state is derived from the active generation's checkpoint and the log.
 */
export interface ProjectionStoreStatus {
  name: string;
  state: ProjectionState;
  generation: number;
  /** Undefined when the active generation was never written. */
  checkpoint?: bigint;
  head: bigint;
  /** Events after the checkpoint, counted up to `lagCap`. */
  lagEvents: number;
  /** True when there are more than `lagCap` events after the checkpoint (shown as "1000000+"). */
  lagCapped: boolean;
  /** Now minus when the first unapplied event was recorded; 0 when up to date. */
  lagSeconds: number;
  /**
   * Other generations holding data: a rebuild in progress, or what an interrupted one left behind. Absent when the
   * caller did not ask for them (the probe reads a checkpoint per nearby generation).
   */
  otherGenerations?: GenerationInfo[];
}

export interface StatusOptions {
  lagCap?: number;
  /** Events per `readAll` page while counting the lag (default 5000). */
  pageSize?: number;
  now?: () => number;
  /** Probe for other generations (default true); periodic health and metrics samples leave it off. */
  otherGenerations?: boolean;
}

export const DEFAULT_LAG_CAP = 1_000_000;

/** Status of every projection, from the read-model store and the event store alone. */
export async function projectionStatus(
  store: EventStore,
  readModels: ReadModelStore,
  projections: readonly Projection[],
  options: StatusOptions = {},
): Promise<ProjectionStoreStatus[]> {
  const head = await store.headPosition();
  const out: ProjectionStoreStatus[] = [];
  // Projections usually share checkpoints (they follow the same appends): count each lag once per sample.
  const lags = new Map<bigint, Promise<Lag>>();
  const lagAfter = (after: bigint) => {
    let lag = lags.get(after);
    if (!lag) lags.set(after, (lag = countLag(store, after, head, options)));
    return lag;
  };
  for (const projection of projections) out.push(await statusOf(readModels, projection.name, head, lagAfter, options));
  return out;
}

interface Lag {
  lagEvents: number;
  firstUnappliedAt?: string;
}

/**
 * Events after `after` up to `head`, counted up to the cap + 1, and when the first of them was recorded. A store
 * that counts (`countEvents`) does it without reading the events; otherwise they are read page by page — which
 * costs as much as applying them, so a sampler calling this every few seconds must not be left to it when far behind.
 */
async function countLag(store: EventStore, after: bigint, head: bigint, options: StatusOptions): Promise<Lag> {
  const cap = options.lagCap ?? DEFAULT_LAG_CAP;
  if (after >= head) return { lagEvents: 0 };
  if (store.countEvents) {
    const [first] = await store.readAll({ after, maxCount: 1 });
    if (first === undefined || first.position > head) return { lagEvents: 0 };
    return { lagEvents: await store.countEvents(after, head, cap + 1), firstUnappliedAt: first.recordedAt };
  }
  const pageSize = options.pageSize ?? 5000;
  let lagEvents = 0;
  let firstUnappliedAt: string | undefined;
  // Counted, not subtracted: positions may have gaps (PostgreSQL). Bounded by the cap and by the head read above.
  while (lagEvents <= cap && after < head) {
    const page = await store.readAll({ after, maxCount: Math.min(pageSize, cap + 1 - lagEvents) });
    const visible = page.filter((e) => e.position <= head);
    if (visible.length === 0) break;
    firstUnappliedAt ??= visible[0]!.recordedAt;
    lagEvents += visible.length;
    after = visible[visible.length - 1]!.position;
    if (visible.length < page.length) break;
  }
  return { lagEvents, ...(firstUnappliedAt !== undefined && { firstUnappliedAt }) };
}

async function statusOf(
  readModels: ReadModelStore,
  name: string,
  head: bigint,
  lagAfter: (after: bigint) => Promise<Lag>,
  options: StatusOptions,
): Promise<ProjectionStoreStatus> {
  const cap = options.lagCap ?? DEFAULT_LAG_CAP;
  const now = options.now ?? Date.now;
  const generation = await readModels.activeGeneration(name);
  const checkpoint = await readModels.checkpoint({ projection: name, generation });
  const { lagEvents, firstUnappliedAt } = await lagAfter(checkpoint ?? 0n);
  const lagCapped = lagEvents > cap;
  const firstAt = firstUnappliedAt === undefined ? undefined : Date.parse(firstUnappliedAt);
  return {
    name,
    state: checkpoint === undefined ? 'never-run' : lagEvents === 0 ? 'up-to-date' : 'behind',
    generation,
    checkpoint,
    head,
    lagEvents: Math.min(lagEvents, cap),
    lagCapped,
    lagSeconds: firstAt === undefined ? 0 : Math.max(0, (now() - firstAt) / 1000),
    ...(options.otherGenerations !== false && {
      otherGenerations: await otherGenerations(readModels, name, generation),
    }),
  };
}

/** `1,234` or `1,000,000+`. */
export function formatLagEvents(status: Pick<ProjectionStoreStatus, 'lagEvents' | 'lagCapped'>): string {
  return `${status.lagEvents.toLocaleString('en-US')}${status.lagCapped ? '+' : ''}`;
}
