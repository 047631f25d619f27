import type { Namespace, ReadModelStore } from '../read-model.port';

/**
 * How far around the active generation to look for others. The port cannot list namespaces, but every generation
 * that holds data also holds a checkpoint (effect and checkpoint are written together), so probing checkpoints finds
 * them. Rebuilds allocate `max + 1` and drop stale ones first, so generations stay within a few of the active one.
 */
export const GENERATION_PROBE_WINDOW = 16;

export interface GenerationInfo {
  generation: number;
  checkpoint: bigint;
}

/**
 * Generations of `projection` other than the active one that hold a checkpoint: the one a rebuild is writing, one
 * an interrupted rebuild left behind, or an old one whose drop was interrupted.
 */
export async function otherGenerations(
  readModels: ReadModelStore,
  projection: string,
  active: number,
): Promise<GenerationInfo[]> {
  const candidates: number[] = [];
  for (let g = Math.max(1, active - GENERATION_PROBE_WINDOW); g <= active + GENERATION_PROBE_WINDOW; g++) {
    if (g !== active) candidates.push(g);
  }
  const checkpoints = await Promise.all(
    candidates.map((generation) => readModels.checkpoint({ projection, generation })),
  );
  const found: GenerationInfo[] = [];
  candidates.forEach((generation, i) => {
    const checkpoint = checkpoints[i];
    if (checkpoint !== undefined) found.push({ generation, checkpoint });
  });
  return found;
}

export function namespaceOf(projection: string, generation: number): Namespace {
  return { projection, generation };
}
