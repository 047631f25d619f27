import type { ReadStreamOptions } from './event-store.port';

/** Applies direction, inclusive start revision and max count to a stream held in revision order. */
export function readStreamSlice<T extends { revision: bigint }>(events: readonly T[], options: ReadStreamOptions): T[] {
  const max = options.maxCount ?? Number.MAX_SAFE_INTEGER;
  if (max <= 0 || events.length === 0) return [];
  if ((options.direction ?? 'forwards') === 'forwards') {
    const from = Number(options.fromRevision ?? 0n);
    return events.slice(from, from + max);
  }
  const from = Math.min(Number(options.fromRevision ?? BigInt(events.length - 1)), events.length - 1);
  if (from < 0) return [];
  return events.slice(Math.max(0, from - max + 1), from + 1).reverse();
}
