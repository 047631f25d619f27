import type { SnapshotStore, StoredSnapshot } from './snapshot-store.port';

/** Snapshots in a map, for the memory event store (tests). */
export class MemorySnapshotStore implements SnapshotStore {
  private readonly snapshots = new Map<string, StoredSnapshot>();

  async read(stream: string, name: string): Promise<StoredSnapshot | undefined> {
    const kept = this.snapshots.get(`${name}\u0000${stream}`);
    return kept && { ...kept };
  }

  async write(stream: string, name: string, snapshot: StoredSnapshot): Promise<void> {
    const key = `${name}\u0000${stream}`;
    const kept = this.snapshots.get(key);
    if (kept === undefined || kept.revision < snapshot.revision) this.snapshots.set(key, { ...snapshot });
  }
}
