import type { RecordedEvent } from '@app/event-store';
import type { ReadModelOp } from './read-model.port';

/**
 * A projection is pure: from one recorded event to the writes it causes. It never reads the read model, so the
 * same function runs in the runner, in a rebuild and in a unit test, and two replays give identical results.
 */
export interface Projection {
  /** Stable, kebab-case; names the namespace and the lease. */
  readonly name: string;
  /** Event types it handles; others only advance its checkpoint. */
  readonly eventTypes: readonly string[] | 'all';
  evolve(event: RecordedEvent): ReadModelOp[];
}

export function handles(projection: Projection, type: string): boolean {
  return projection.eventTypes === 'all' || projection.eventTypes.includes(type);
}
