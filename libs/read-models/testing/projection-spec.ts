import type { RecordedEvent } from '@app/event-store';
import { MemoryReadModelStore } from '../src/adapters/memory.read-model-store';
import type { Projection } from '../src/projection';
import { handles } from '../src/projection';
import type { Namespace } from '../src/read-model.port';

/**
 * Given/then for projections (STYLE.md §8): applies events through the same atomic, checkpointed write the runner
 * uses, into a fresh in-memory store, and exposes the result. `appliedTwice()` replays every event a second time.
 */
export class ProjectionSpec {
  readonly store = new MemoryReadModelStore();
  readonly ns: Namespace;

  private constructor(private readonly projection: Projection) {
    this.ns = { projection: projection.name, generation: 1 };
  }

  static for(projection: Projection): ProjectionSpec {
    return new ProjectionSpec(projection);
  }

  async given(events: readonly RecordedEvent[]): Promise<this> {
    for (const event of events) {
      const ops = handles(this.projection, event.type) ? this.projection.evolve(event) : [];
      await this.store.apply({ ns: this.ns, events: [{ position: event.position, ops }], checkpoint: event.position });
    }
    return this;
  }

  dump(): Promise<string> {
    return this.store.dump(this.ns);
  }

  hgetall(key: string): Promise<Record<string, string>> {
    return this.store.hgetall(this.ns, key);
  }
}

let position = 0n;
/** A recorded event for projection specs; positions increase across calls. */
export function recorded(partial: Partial<RecordedEvent> & { type: string; accountId?: string }): RecordedEvent {
  position += 1n;
  const accountId = partial.accountId ?? partial.metadata?.accountId ?? '1';
  return {
    id: partial.id ?? `00000000-0000-4000-8000-${position.toString().padStart(12, '0')}`,
    type: partial.type,
    data: partial.data ?? {},
    metadata: partial.metadata ?? {
      accountId,
      actor: 'user-1',
      commandId: 'c',
      correlationId: 'c',
      causationId: 'c',
      schemaVersion: 1,
    },
    streamName: partial.streamName ?? `thing-${accountId}.1`,
    revision: partial.revision ?? 0n,
    position: partial.position ?? position,
    recordedAt: partial.recordedAt ?? new Date(Date.UTC(2026, 0, 1) + Number(position) * 1000).toISOString(),
  };
}
